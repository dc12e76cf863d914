// The settings page: a live preview of the edited config, field-level problems, and Save.
"use strict";
(() => {
  const form = document.getElementById("settings");
  const $ = (id) => document.getElementById(id);
  let timer = 0, seq = 0;

  function showErrors(errs) {
    for (const el of form.querySelectorAll(".err")) el.remove();
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    const general = [];
    for (const e of errs || []) {
      const el = e.field && form.querySelector('[data-field="' + CSS.escape(e.field) + '"]');
      if (!el) { general.push(e.msg); continue; }
      const p = document.createElement("p");
      p.className = "err"; p.id = "err-" + e.field.replace(/[^a-z0-9]/gi, "-"); p.textContent = e.msg;
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", p.id);
      (el.closest(".field") || el.parentNode).append(p);
    }
    $("form-errors").textContent = general.join("\n");
  }

  async function preview() {
    const n = ++seq;
    const r = await fetch("/settings/preview", { method: "POST", body: new URLSearchParams(new FormData(form)), headers: { "X-CSRF-Token": deskbreak.csrf } });
    const j = await r.json();
    if (n !== seq) return; // a newer edit is on its way
    showErrors(j.errors);
    if (j.preview) $("preview").innerHTML = j.preview;
  }
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(preview, 150); });
  form.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(preview, 50); });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    $("save-msg").textContent = "Saving...";
    const r = await fetch("/settings/save", { method: "POST", body: new URLSearchParams(new FormData(form)), headers: { "X-CSRF-Token": deskbreak.csrf } });
    let j = {};
    try { j = await r.json(); } catch (err) { j = { error: r.status + " " + r.statusText }; }
    showErrors(j.errors);
    $("save-msg").textContent = j.error || j.message || "";
    $("save-msg").classList.toggle("error", !!j.error);
    $("reload").hidden = !j.conflict;
    if (j.base) $("base").value = j.base;
    if (j.preview) $("preview").innerHTML = j.preview;
  });
  $("reload").addEventListener("click", () => location.reload());

  $("copy-monday").addEventListener("click", () => {
    for (const d of ["tue", "wed", "thu", "fri"]) $("wh-" + d).value = $("wh-mon").value;
    preview();
  });

  let next = document.querySelectorAll("#rules .rule").length;
  function addRule(kind) {
    const t = $("rule-template").innerHTML.replaceAll("rule.N.", "rule." + next + ".").replaceAll("rN-", "r" + next + "-")
      .replaceAll('data-index="N"', 'data-index="' + next + '"').replace("KINDS", kind + "s").replace("New KIND", "New " + kind);
    const div = document.createElement("div");
    div.innerHTML = t;
    const fs = div.firstElementChild;
    if (kind === "prompt") for (const el of fs.querySelectorAll(".break-only")) el.remove();
    $("rules").append(fs);
    fs.querySelector("input[type=text]").focus();
    next++;
  }
  $("add-break").addEventListener("click", () => addRule("break"));
  $("add-prompt").addEventListener("click", () => addRule("prompt"));
})();
