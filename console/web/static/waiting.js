// Keep the header's counts of what waits for this person fresh on a page left open.
(function () {
  "use strict";
  const kinds = ["approvals", "reviews", "submissions"];
  const links = {approvals: "/approvals", reviews: "/reviews", submissions: "/submissions"};

  function show(kind, count) {
    let badge = document.getElementById("wait-" + kind);
    if (!badge && count > 0) {
      const link = document.querySelector("nav.main a[href='" + links[kind] + "']");
      if (!link) return;
      badge = document.createElement("span");
      badge.className = "badge";
      badge.id = "wait-" + kind;
      link.append(" ", badge);
    }
    if (!badge) return;
    badge.textContent = String(count);
    badge.hidden = count === 0;
  }

  async function refresh() {
    try {
      const response = await fetch("/waiting.json", {credentials: "same-origin"});
      if (!response.ok) return;
      const counts = await response.json();
      for (const kind of kinds) show(kind, counts[kind] || 0);
    } catch (error) {
      // offline for a moment: the next round tries again
    }
  }

  setInterval(refresh, 30000);
})();
