// The exercises page: search, and the exclude toggles (written to tips.exclude).
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const items = [...document.querySelectorAll("article.ex")];
  $("search").addEventListener("input", () => {
    const words = $("search").value.toLowerCase().split(/\s+/).filter(Boolean);
    let n = 0;
    for (const a of items) {
      const hit = words.every((w) => a.dataset.search.includes(w));
      a.hidden = !hit;
      if (hit) n++;
    }
    for (const s of document.querySelectorAll("section.cat")) s.hidden = !s.querySelector("article.ex:not([hidden])");
    $("search-count").textContent = words.length ? n + " of " + items.length + " exercises match" : "";
  });
  for (const cb of document.querySelectorAll("input.exclude")) {
    cb.addEventListener("change", async () => {
      const j = await deskbreak.post("/exercises/exclude", { id: cb.value, exclude: cb.checked ? "on" : "off" });
      $("ex-msg").textContent = j.error || j.message;
      $("ex-msg").classList.toggle("error", !!j.error);
      if (j.error) cb.checked = !cb.checked;
      cb.closest("article").classList.toggle("excluded", cb.checked);
    });
  }
  for (const b of document.querySelectorAll("button.do-now")) {
    b.addEventListener("click", async () => {
      const j = await deskbreak.post("/action", { action: "start", exercise: b.value });
      $("ex-msg").textContent = j.error || j.message;
      $("ex-msg").classList.toggle("error", !!j.error);
      if (!j.error) location.href = "/break";
    });
  }
})();
