// Drag a post that has not gone out to another day: it keeps its time of day, and the
// calendar reloads to show where it landed (or says why it could not move).
(function () {
  "use strict";
  const grid = document.getElementById("calendar");
  if (!grid) return;
  const error = document.getElementById("move-error");
  let dragged = null;

  grid.addEventListener("dragstart", (event) => {
    const entry = event.target.closest(".entry[draggable=true]");
    if (!entry) return;
    dragged = entry;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", entry.dataset.post);
  });
  grid.addEventListener("dragover", (event) => {
    if (dragged && event.target.closest(".day")) event.preventDefault();
  });
  grid.addEventListener("drop", async (event) => {
    const day = event.target.closest(".day");
    if (!dragged || !day) return;
    event.preventDefault();
    const time = dragged.dataset.due.slice(11, 16);
    const at = day.dataset.day + "T" + time;
    const response = await fetch("/posts/" + dragged.dataset.post + "/move", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": grid.dataset.csrf},
      body: JSON.stringify({at: at}),
    });
    dragged = null;
    if (response.ok) {
      window.location.reload();
      return;
    }
    const answer = await response.json().catch(() => ({}));
    error.textContent = answer.error || "公開日時を変更できませんでした";
    error.hidden = false;
  });
})();
