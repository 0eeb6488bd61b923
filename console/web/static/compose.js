// The composer's live verdict: the draft goes to /posts/check a moment after typing
// stops, and the answer is shown beside it — decision, matched spans, articles, lengths.
(function () {
  "use strict";
  const form = document.getElementById("composer");
  if (!form) return;
  const text = document.getElementById("text");
  const category = document.getElementById("category");
  const shareFields = document.getElementById("share-fields");
  const verdictBox = document.getElementById("verdict");
  const decision = document.getElementById("decision");
  const explain = document.getElementById("explain");
  const marked = document.getElementById("marked");
  const evidenceList = document.getElementById("evidence");
  const warningList = document.getElementById("warnings");
  const counts = document.getElementById("counts");
  let timer = null;
  let sequence = 0;

  function checkedAccounts() {
    return Array.from(form.querySelectorAll("input[name=accounts]:checked"));
  }

  function limitCategories() {
    const chosen = checkedAccounts();
    let allowed = null;
    for (const box of chosen) {
      const own = new Set(box.dataset.categories.split(","));
      allowed = allowed === null ? own : new Set([...allowed].filter((c) => own.has(c)));
    }
    for (const option of category.options) {
      option.disabled = allowed !== null && !allowed.has(option.value);
    }
    if (category.selectedOptions[0] && category.selectedOptions[0].disabled) {
      const first = Array.from(category.options).find((o) => !o.disabled);
      if (first) category.value = first.value;
    }
    shareFields.hidden = category.value !== "share";
  }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function highlight(source, evidence) {
    marked.replaceChildren();
    const spans = evidence.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
    let cursor = 0;
    for (const span of spans) {
      if (span.start < cursor) continue;
      marked.append(document.createTextNode(source.slice(cursor, span.start)));
      const mark = element("mark", span.confidence >= 0.75 ? "" : "hold",
                           source.slice(span.start, span.end));
      mark.title = span.citation + " " + span.label;
      marked.append(mark);
      cursor = span.end;
    }
    marked.append(document.createTextNode(source.slice(cursor)));
  }

  function show(result, source) {
    verdictBox.className = "card verdict " + result.decision;
    decision.textContent = result.decision_label;
    decision.dataset.decision = result.decision;
    highlight(source, result.evidence);
    evidenceList.replaceChildren();
    for (const e of result.evidence) {
      const item = element("li");
      item.append(element("span", "cite", e.citation));
      item.append(document.createTextNode(e.label + (e.span ? "「" + e.span + "」" : "")
        + (e.note ? "：" + e.note : "")));
      evidenceList.append(item);
    }
    warningList.replaceChildren();
    for (const w of result.warnings) {
      const item = element("li");
      item.append(element("span", "cite", w.citation));
      item.append(document.createTextNode(w.message));
      warningList.append(item);
    }
    explain.hidden = result.decision !== "needs_approval";
    if (result.decision === "needs_approval") {
      explain.textContent = "この投稿は提出後、所属長（または地方創生推進室長）の決裁を受けてから公開されます（第4.6）。"
        + "自分の投稿を自分で決裁することはできません。";
    }
    counts.querySelectorAll("tr.count").forEach((row) => row.remove());
    for (const c of result.counts) {
      const row = element("tr", "count");
      row.append(element("td", "", c.account + (c.weighted ? "（X換算: 全角2・URL23）" : "")));
      const cell = element("td", c.over ? "over" : "", c.count + (c.limit ? " / " + c.limit : ""));
      row.append(cell);
      counts.append(row);
    }
    for (const p of result.problems) {
      const row = element("tr", "count");
      row.append(element("td", "over", p.account));
      row.append(element("td", "over", p.message));
      counts.append(row);
    }
  }

  async function check() {
    const mine = ++sequence;
    const source = text.value;
    if (checkedAccounts().length === 0) {
      verdictBox.className = "card verdict";
      decision.textContent = "投稿先のアカウントを選んでください";
      decision.dataset.decision = "";
      return;
    }
    const body = {
      accounts: checkedAccounts().map((box) => box.value),
      text: source,
      category: category.value,
      share_source: form.elements.share_source.value,
      share_url: form.elements.share_url.value,
      needs_approval: form.elements.needs_approval.checked,
      has_image: form.elements.image.files.length > 0 || form.elements.image_url.value.trim() !== "",
    };
    try {
      const response = await fetch("/posts/check", {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf},
        body: JSON.stringify(body),
      });
      const result = await response.json();
      if (mine !== sequence) return;  // a newer draft was sent meanwhile
      if (!response.ok) {
        decision.textContent = result.error || "判定できませんでした";
        return;
      }
      show(result, source);
    } catch (error) {
      decision.textContent = "判定サーバーに接続できません";
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", () => { limitCategories(); later(); });
  limitCategories();
  if (text.value) check();
})();
