"""Links (第4.5(10), (13), and (9) for domains that pose as the city).

Each URL's registrable domain is read with tldextract on its bundled public-suffix list,
offline (no list is fetched: the gate has no network). Public bodies (go.jp, lg.jp, the
allow-list) are never flagged. An executable or app package is harmful (10); a
blocklisted domain is (13); a link shortener hides where it goes, so it is a reason to
look, not to hide. A domain poses as the city (9) when the city's name or brand is a
label of a domain that is not the city's (``city.mine.lg.jp.evil.xyz``,
``mine-city-koho.com``) or a label is one of dnstwist's typo look-alikes of the city's
own domains (``clty``, ``rnine`` …), generated offline once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policy_gate.detectors.base import Context, Finding, Target
from policy_gate.normalize import LEET, Normalized

if TYPE_CHECKING:
    from policy_gate.policy import Policy

URL = re.compile(
    r"(?:h(?:tt|xx)ps?\s*:\s*/\s*/\s*|www\.)[^\s<>\"'「」（）()、。]{1,400}"
    r"|(?<![a-z0-9@._-])(?:[a-z0-9_-]{1,63}\.){1,8}[a-z]{2,24}(?:/[^\s<>\"'「」（）()、。]"
    r"{0,400})?(?![a-z0-9-])"
)
SCHEME = re.compile(r"^h(?:tt|xx)ps?\s*:\s*/\s*/\s*")
#: words that, next to the city's name in one label, make it read as the city's site
OFFICIAL_LABEL_WORDS = frozenset({"city", "shi", "si", "lg", "jp", "go", "gov", "koho",
                                  "kouhou", "official", "office", "cityhall", "shiyakusho",
                                  "login", "secure", "support", "pay", "tax", "kyufu"})


def host_and_path(url: str) -> tuple[str, str]:
    bare = SCHEME.sub("", url)
    host, _, path = bare.partition("/")
    host = host.split("@")[-1].split(":")[0].strip(".").lower()
    return host, "/" + path


@lru_cache(maxsize=1)
def _extractor() -> Any:
    """tldextract, offline: the suffix list that ships inside the package, no cache dir."""
    import tldextract  # imported on first link only: it is the slowest import we have

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def split_host(host: str) -> tuple[str, str, str]:
    """(subdomain, registrable domain, suffix); registrable is '' for IPs and bare names."""
    parts = _extractor()(host)
    registrable = f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else ""
    return parts.subdomain, registrable, parts.suffix


def is_public(host: str, policy: Policy) -> bool:
    """A public body's host: the city's own domains, the allow-list, go.jp/lg.jp/…"""
    if any(host == d or host.endswith("." + d) for d in (*policy.city_domains,
                                                         *policy.allow_domains)):
        return True
    _, registrable, suffix = split_host(host)
    return bool(registrable) and suffix in policy.allow_domain_suffixes


#: dnstwist fuzzers safe on short labels: visual deception only. Typo fuzzers on a
#: four-letter label make English words (mine → line, nine, mind), so they are kept for
#: labels of LONG_LABEL letters or more (minecity → minecty, mniecity …)
VISUAL_FUZZERS = frozenset({"homoglyph", "repetition", "hyphenation"})
LONG_LABEL = 7


@lru_cache(maxsize=8)
def lookalike_labels(domains: tuple[str, ...], brands: tuple[str, ...]) -> frozenset[str]:
    """dnstwist's permutations of each label of the city's domains and brands (homoglyphs
    for short labels; typos, omissions, bit flips too for long ones), minus the
    originals; generated offline, no DNS is asked."""
    import dnstwist

    originals = {label for d in domains for label in d.split(".")} | set(brands)
    originals = {label for label in originals if len(label) >= 4}
    found: set[str] = set()
    for label in originals:
        fuzzer = dnstwist.Fuzzer(f"{label}.com")
        fuzzer.generate()
        for item in fuzzer.domains:
            name = str(item["domain"]).removesuffix(".com")
            if len(label) < LONG_LABEL and item.get("fuzzer") not in VISUAL_FUZZERS:
                continue
            if "." not in name and name not in originals:
                found.add(name)
    return frozenset(found)


def _file_name(host: str, policy: Policy) -> bool:
    """``mine_kyufu.apk`` written bare: the "host" is really a file name."""
    return host.endswith(policy.executable_extensions)


@lru_cache(maxsize=8)
def _lookalikes(domains: tuple[str, ...], brands: tuple[str, ...],
                exceptions: frozenset[str]) -> frozenset[str]:
    return lookalike_labels(domains, brands) - exceptions


def poses_as_city(host: str, policy: Policy) -> str | None:
    """Why ``host`` (not a public one) reads as the city's, or None."""
    subdomain, registrable, _ = split_host(host)
    labels = [label for label in host.split(".") if label]
    brands = set(policy.city_brands)
    folded_city = {d.translate(LEET) for d in policy.city_domains}
    if any(d in host for d in policy.city_domains) or host.translate(LEET) in folded_city:
        return "市のドメイン名を含む別のドメイン"
    look = _lookalikes(policy.city_domains, policy.city_brands, policy.lookalike_exceptions)
    for label in labels:
        words = set(re.split(r"[-_]", label))
        if label in brands or words & brands:
            where = "サブドメイン" if subdomain and label in subdomain.split(".") else "ドメイン"
            return f"市の名前（{label}）を{where}に使った市以外のサイト（{registrable or host}）"
        if label in look or any(word in look for word in words if len(word) >= 4):
            return f"市のドメインに似せた綴り（{label}）"
    return None


class Links:
    name = "links"
    grounds = frozenset({"malware", "other", "impersonation"})
    targets: frozenset[Target] = frozenset({"comment"})
    stage = 1

    def prepare(self, policy: Policy) -> None:
        """The suffix list (0.3 s) and the look-alike labels (2 s of punycode in dnstwist)
        are built on the first link otherwise: a worker's first phishing comment would pay
        them while its lease runs."""
        _extractor()
        _lookalikes(policy.city_domains, policy.city_brands, policy.lookalike_exceptions)

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        policy = context.policy
        found: list[Finding] = []
        view = views.base
        if "." not in view.text:
            return found
        for match in URL.finditer(view.text):
            host, path = host_and_path(match.group())
            schemed = match.group().startswith(("h", "www."))
            if not host:
                continue
            if not schemed and not _file_name(host, policy) and not split_host(host)[1]:
                continue  # "a.b" that is no domain (no public suffix) and no file name
            if is_public(host, policy):
                continue
            start, end = match.start(), match.end()
            clean_path = path.split("?")[0].split("#")[0].lower()
            reason: str | None
            if clean_path.endswith(policy.executable_extensions) or _file_name(host, policy) \
                    or ".apk" in host:
                found.append(Finding.in_view(view, start, end, "malware", "links.executable",
                                             0.97, "実行ファイル・アプリのダウンロード",
                                             severe=True))
            elif host in policy.blocked_domains or any(host.endswith("." + d)
                                                       for d in policy.blocked_domains):
                found.append(Finding.in_view(view, start, end, "other", "links.blocklist",
                                             0.95, "ブロックリストのドメイン", severe=True))
            elif (reason := poses_as_city(host, policy)) is not None:
                # a site posing as the city is phishing: impersonation (9) and harm (10)
                for ground in ("impersonation", "malware"):
                    found.append(Finding.in_view(view, start, end, ground,
                                                 "links.poses_as_city", 0.93, reason,
                                                 severe=True))
            elif host in policy.shorteners:
                found.append(Finding.in_view(view, start, end, "other", "links.shortener",
                                             0.55, "短縮URL（リンク先不明）", action="review"))
        return found
