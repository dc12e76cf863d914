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

  // showPreview shows the plan of an answer; while the form has problems the plan shown
  // is an older one, greyed and said to be so.
  function showPreview(j) {
    const stale = !!(j.errors && j.errors.length);
    $("preview-note").hidden = stale;
    $("preview-stale").hidden = !stale;
    $("preview").classList.toggle("stale", stale);
    if (j.preview) $("preview").innerHTML = j.preview;
  }

  async function preview() {
    const n = ++seq;
    const r = await fetch("/settings/preview", { method: "POST", body: new URLSearchParams(new FormData(form)), headers: { "X-CSRF-Token": deskbreak.csrf } });
    const j = await r.json();
    if (n !== seq) return; // a newer edit is on its way
    showErrors(j.errors);
    showPreview(j);
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
    showPreview(j);
  });
  $("reload").addEventListener("click", () => location.reload());

  // The work-hours grid: rows of from/to per day, Add range, Remove, Copy Monday to weekdays.
  const day = (key) => form.querySelector('.day[data-day="' + key + '"]');
  function renumber(d) {
    const key = d.dataset.day, name = d.dataset.name;
    d.querySelectorAll("li.range").forEach((li, i) => {
      const n = i + 1;
      for (const end of ["start", "end"]) {
        const id = "wh-" + key + "-" + n + "-" + end;
        li.querySelector('input[name$=".' + end + '"]').id = id;
        li.querySelector('label[for$="-' + end + '"]').htmlFor = id;
      }
      for (const vh of li.querySelectorAll("label .vh")) vh.textContent = name + " range " + n + " ";
      li.querySelector(".remove-range .vh").textContent = " " + name + " range " + n;
    });
  }
  function addRow(d, start, end) {
    const rows = d.querySelector("ul.rows");
    const li = d.querySelector("li.range").cloneNode(true);
    li.classList.remove("spare");
    li.querySelector('input[name$=".start"]').value = start || "";
    li.querySelector('input[name$=".end"]').value = end || "";
    rows.append(li);
    renumber(d);
    return li;
  }
  function setRows(d, pairs) {
    const first = d.querySelector("li.range");
    d.querySelector("ul.rows").replaceChildren(first);
    first.querySelector('input[name$=".start"]').value = pairs.length ? pairs[0][0] : "";
    first.querySelector('input[name$=".end"]').value = pairs.length ? pairs[0][1] : "";
    for (const p of pairs.slice(1)) addRow(d, p[0], p[1]);
    renumber(d);
  }
  for (const d of form.querySelectorAll(".day")) {
    // The spare empty row is for pages without scripts; here Add range makes one.
    const spare = d.querySelector("li.spare");
    if (spare && d.querySelectorAll("li.range").length > 1) spare.remove();
    for (const b of d.querySelectorAll("button[hidden]")) b.hidden = false;
    renumber(d);
  }
  $("copy-monday").hidden = false;
  form.addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    const d = b.closest(".day");
    if (b.classList.contains("add-range")) {
      addRow(d).querySelector("input").focus();
      preview();
    } else if (b.classList.contains("remove-range")) {
      const li = b.closest("li.range"), rows = d.querySelectorAll("li.range");
      if (rows.length === 1) { // the last row: empty it, the day becomes a day off
        for (const inp of li.querySelectorAll("input")) inp.value = "";
        li.querySelector("input").focus();
      } else {
        const i = [...rows].indexOf(li);
        li.remove();
        renumber(d);
        const left = d.querySelectorAll("li.range");
        left[Math.min(i, left.length - 1)].querySelector("input").focus();
      }
      preview();
    }
  });
  $("copy-monday").addEventListener("click", () => {
    const pairs = [...day("mon").querySelectorAll("li.range")].map((li) =>
      [li.querySelector('input[name$=".start"]').value, li.querySelector('input[name$=".end"]').value]);
    for (const k of ["tue", "wed", "thu", "fri"]) setRows(day(k), pairs);
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
