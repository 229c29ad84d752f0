"use strict";
// Code pasted text with POST /api/code and show the result; the text is only ever put into
// the page as text nodes.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("code-form");
  const status = document.getElementById("code-status");

  function highlight(text, events) {
    const marks = [];
    events.forEach((ev, i) => {
      const add = (role, sp) => { if (sp && sp.end > sp.start) marks.push({ s: sp.start, e: sp.end, role, i }); };
      add("trigger", ev.trigger);
      (ev.actor || []).forEach((r) => add("actor", r));
      (ev.recipient || []).forEach((r) => add("recipient", r));
      add("place", ev.location);
      if (ev.date_text && ev.date_source === "text") {
        // the date phrase nearest the trigger (the record keeps its words, not its offsets)
        let best = -1;
        for (let i = text.indexOf(ev.date_text); i !== -1; i = text.indexOf(ev.date_text, i + 1)) {
          if (best < 0 || Math.abs(i - ev.trigger.start) < Math.abs(best - ev.trigger.start)) best = i;
        }
        if (best >= 0) add("date", { start: best, end: best + ev.date_text.length });
      }
    });
    const order = ["trigger", "actor", "recipient", "date", "place"];
    const cuts = [...new Set([0, text.length, ...marks.flatMap((m) => [m.s, m.e])])].sort((a, b) => a - b);
    const out = document.getElementById("code-highlighted");
    clear(out);
    for (let k = 0; k + 1 < cuts.length; k++) {
      const s = cuts[k], e = cuts[k + 1];
      const cover = marks.filter((m) => m.s <= s && e <= m.e).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
      const piece = text.slice(s, e);
      if (cover.length) {
        out.appendChild(el("mark", { class: `hl hl-${cover[0].role}`, title: cover.map((m) => `event ${m.i + 1}: ${m.role}`).join("\n"), text: piece }));
      } else out.appendChild(document.createTextNode(piece));
    }
  }

  function table(events) {
    const body = document.querySelector("#code-events tbody");
    clear(body);
    events.forEach((ev, i) => {
      body.appendChild(el("tr", {},
        el("td", { text: i + 1 }),
        el("td", { text: `${refsText(ev.actor)} → ${refsText(ev.recipient)}` }),
        el("td", {}, el("span", { class: `type quad-${ev.quad_class}`, text: ev.plover || "CAMEO " + ev.cameo }), " ", el("span", { class: "muted", text: `“${ev.trigger.text}”` })),
        el("td", { class: "nowrap", text: ev.date || "—" }),
        el("td", { text: ev.location ? ev.location.name || ev.location.text : "—" }),
        el("td", {}, statusBadge(ev.status)),
        el("td", {}, el("blockquote", { text: ev.quote }))));
    });
    if (!events.length) body.appendChild(el("tr", {}, el("td", { colspan: 7, class: "empty", text: "No events found in this text." })));
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = document.getElementById("code-text").value;
    const body = { text };
    const date = document.getElementById("code-date").value;
    const title = document.getElementById("code-title").value;
    if (date) body.date = date;
    if (title) body.title = title;
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const storeBox = document.getElementById("code-store");
    if (storeBox && storeBox.checked) {
      body.store = true;
      headers.Authorization = "Bearer " + document.getElementById("code-token").value;
    }
    status.classList.remove("error");
    status.textContent = "Coding…";
    document.getElementById("code-submit").disabled = true;
    try {
      const r = await fetch("/api/code", { method: "POST", headers, body: JSON.stringify(body) });
      const data = await r.json().catch(() => ({}));
      if (!r.ok) throw new Error(data.error || `${r.status} ${r.statusText}`);
      highlight(text, data.events);
      table(data.events);
      document.getElementById("code-result").hidden = false;
      status.textContent = `${data.events.length} event(s)` + (data.stored ? " — stored as " + data.doc_id : "");
      if (data.stored) status.appendChild(el("a", { href: "/articles/" + encodeURIComponent(data.doc_id), text: " open the article" }));
    } catch (err) {
      status.textContent = err.message; status.classList.add("error");
    } finally {
      document.getElementById("code-submit").disabled = false;
    }
  });
});
