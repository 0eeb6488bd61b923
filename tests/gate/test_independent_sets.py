"""Every labelled set the project holds, as a guard on the one promise that must not bend: a
city never auto-hides a comment its writer meant to be fine, nor blocks such a post. (Recall
on these sets is a measure, reported in tests/data/README.md, not a test: most of them are
training rows of the router now.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_gate import default_policy
from policy_gate.evaluation import verdict_for

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = sorted(p.name for p in DATA.glob("*.jsonl"))
POLICY = default_policy()
#: never trained on: I and K since their first look; V, X, AB, AD, AJ, AN, AP, AU, AW, AZ,
#: BB, BC, BD, BG, BH, BN, BO, BR, BS, BT, BU, CB, CC, CG, CH, CO, CS, CT, CW, CX, CY, DG, DH,
#: DQ, DR, DS, DT, DU, DX, DY, DZ, EA, EH, EI, EJ, EM, EN, EO, ET, EU, EV, EZ, FA, FB, FC, FD,
#: FE, FM, FN, FO, FS, FT, FU, FV, FW, FX, GH, GI, GJ, GK, GL, GM, GQ, GR, GS, GX, HA, HB,
#: HC, HF, HH, HL, HM, HN, IA, IB, IC, IN, IO, IP, IQ, IU, IV, IW, JB, JH, JI, JK, JR, JS,
#: JT, JU, JV, KF, KG, KH, KP, KQ, KR, KX, KY, KZ, LA, LL, LM, LN, LO, LX, LY, LZ, MA, MF, MG,
#: MH, MI, MR, MS, MT, MU, ND, NE, NF and NG each
#: written for a blind look; BP and BQ benign only, a blind look at precision
HELD_OUT = {f"{kind}_{name}.jsonl" for kind in ("comments", "posts")
            for name in ("i", "k", "v", "x", "ab", "ad", "aj", "an", "ap", "au", "aw",
                         "az")} | {"comments_bb.jsonl", "comments_bc.jsonl", "posts_bd.jsonl",
                                   "comments_bg.jsonl", "posts_bh.jsonl", "comments_bn.jsonl",
                                   "posts_bo.jsonl", "comments_bp.jsonl", "posts_bq.jsonl",
                                   "comments_br.jsonl", "posts_bs.jsonl",
                                   "comments_bt.jsonl", "posts_bu.jsonl",
                                   "comments_cb.jsonl", "posts_cc.jsonl",
                                   "comments_cg.jsonl", "posts_ch.jsonl", "posts_co.jsonl",
                                   "comments_cs.jsonl", "posts_ct.jsonl", "posts_cw.jsonl",
                                   "comments_cx.jsonl", "posts_cy.jsonl",
                                   "comments_dg.jsonl", "posts_dh.jsonl",
                                   "comments_dq.jsonl", "posts_dr.jsonl", "posts_ds.jsonl",
                                   "posts_dt.jsonl", "posts_du.jsonl", "posts_dx.jsonl",
                                   "comments_dy.jsonl", "posts_dz.jsonl", "posts_ea.jsonl",
                                   "comments_eh.jsonl", "posts_ei.jsonl", "posts_ej.jsonl",
                                   "comments_em.jsonl", "posts_en.jsonl", "posts_eo.jsonl",
                                   "comments_et.jsonl", "posts_eu.jsonl", "posts_ev.jsonl",
                                   "comments_ez.jsonl", "posts_fa.jsonl", "posts_fb.jsonl",
                                   "comments_fc.jsonl", "posts_fd.jsonl", "posts_fe.jsonl",
                                   "comments_fm.jsonl", "posts_fn.jsonl", "posts_fo.jsonl",
                                   "comments_fs.jsonl", "posts_ft.jsonl", "posts_fu.jsonl",
                                   "comments_fv.jsonl", "posts_fw.jsonl", "posts_fx.jsonl",
                                   "comments_gh.jsonl", "posts_gi.jsonl", "posts_gj.jsonl",
                                   "comments_gk.jsonl", "posts_gl.jsonl", "posts_gm.jsonl",
                                   "comments_gq.jsonl", "posts_gr.jsonl", "posts_gs.jsonl",
                                   "comments_gx.jsonl", "comments_ha.jsonl", "posts_hb.jsonl",
                                   "posts_hc.jsonl", "comments_hf.jsonl", "posts_hh.jsonl",
                                   "comments_hl.jsonl", "posts_hm.jsonl", "posts_hn.jsonl",
                                   "comments_ia.jsonl", "posts_ib.jsonl", "posts_ic.jsonl",
                                   "posts_io.jsonl", "posts_ip.jsonl", "comments_in.jsonl",
                                   "comments_iq.jsonl", "comments_iu.jsonl", "posts_iv.jsonl",
                                   "posts_iw.jsonl", "comments_jh.jsonl", "posts_jb.jsonl",
                                   "posts_ji.jsonl", "posts_jk.jsonl", "comments_jr.jsonl",
                                   "posts_js.jsonl", "comments_jt.jsonl",
                                   "comments_ju.jsonl", "posts_jv.jsonl",
                                   "comments_kf.jsonl", "posts_kg.jsonl",
                                   "comments_kh.jsonl", "comments_kp.jsonl",
                                   "posts_kq.jsonl", "posts_kr.jsonl",
                                   "posts_kx.jsonl", "comments_ky.jsonl",
                                   "posts_kz.jsonl", "comments_la.jsonl",
                                   "comments_ll.jsonl", "posts_lm.jsonl", "posts_ln.jsonl",
                                   "comments_lo.jsonl", "comments_lx.jsonl",
                                   "comments_ly.jsonl", "posts_lz.jsonl", "comments_ma.jsonl",
                                   "comments_mf.jsonl", "posts_mg.jsonl", "posts_mh.jsonl",
                                   "comments_mi.jsonl", "comments_mr.jsonl",
                                   "comments_ms.jsonl", "posts_mt.jsonl", "comments_mu.jsonl",
                                   "posts_nd.jsonl", "posts_ne.jsonl", "comments_nf.jsonl",
                                   "comments_ng.jsonl"}
#: rows whose writer meant them as fine but which the policy stops, each with the reason; the
#: test holds the gate to stopping them, so the list cannot hide a change either way
WRITER_AND_POLICY_PART = {
    # a page presented as the city's on a domain that is not the city's (city.mine.lg.jp) but
    # carries its brand: a reader would be sent where the city has no control (第4.5(9))
    ("comments_dg.jsonl", "dg-c-0058"): "hide",
}


@pytest.mark.parametrize("name", SETS)
def test_no_benign_comment_is_hidden_and_no_benign_post_blocked(name: str) -> None:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    wrong = [f"{row['id']}: {verdict_for(row, POLICY).decision}  {row['text'][:60]}"
             for row in rows if not row.get("labels")
             and (name, row["id"]) not in WRITER_AND_POLICY_PART
             and verdict_for(row, POLICY).decision in ("hide", "block")]
    assert wrong == []


@pytest.mark.parametrize(("name", "row_id"), sorted(WRITER_AND_POLICY_PART))
def test_a_link_dressed_as_the_citys_site_is_hidden_whatever_its_writer_meant(
        name: str, row_id: str) -> None:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    row = next(r for r in rows if r["id"] == row_id)
    assert verdict_for(row, POLICY).decision == WRITER_AND_POLICY_PART[(name, row_id)]


def test_every_set_is_read() -> None:
    assert len(SETS) >= 250 and set(SETS) >= HELD_OUT


def test_the_shipped_router_never_saw_the_held_out_sets() -> None:
    # sets I, K, V, X, AB, AD, AJ, AN, AP, AU, AW, AZ, BB, BC, BD, BG, BH, BN, BO, BP, BQ,
    # BR, BS, BT, BU, CB, CC, CG, CH, CO, CS, CT, CW, CX, CY, DG, DH, DQ, DR, DS, DT, DU, DX, DY,
    # DZ, EA, EH, EI, EJ, EM, EN, EO, ET, EU, EV, EZ, FA, FB, FC, FD, FE, FM, FN, FO, FS, FT
    # and FU:
    # the blind measure of the gate as shipped
    # (tests/data/README.md)
    for target in ("comment", "post"):
        router = POLICY.router(target)
        assert router is not None
        trained_on = set(router.about["trained_on"])
        assert trained_on and not trained_on & HELD_OUT
