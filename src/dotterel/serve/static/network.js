"use strict";
// The actor graph: a small force layout of our own (deterministic start, fixed number of
// steps), drawn in SVG.  Node area ~ events, edge width ~ events, colour = score.
(function () {
  const W = 900, H = 600;
  let state = null;

  function layout(nodes, edges) {
    const n = nodes.length;
    nodes.forEach((d, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, n);
      d.x = W / 2 + (W / 3) * Math.cos(a);
      d.y = H / 2 + (H / 3) * Math.sin(a);
      d.vx = 0; d.vy = 0;
    });
    const byId = new Map(nodes.map((d) => [d.id, d]));
    const links = edges.map((e) => ({ s: byId.get(e.source), t: byId.get(e.target) })).filter((l) => l.s && l.t);
    const ideal = Math.max(90, Math.min(220, 520 / Math.sqrt(Math.max(1, n))));
    for (let step = 0; step < 400; step++) {
      const cool = 1 - step / 400;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = nodes[i], b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 1) { dx = 1; dy = 0; d2 = 1; }
          const f = (ideal * ideal) / d2 * 0.6;
          const d = Math.sqrt(d2);
          a.vx += (dx / d) * f; a.vy += (dy / d) * f;
          b.vx -= (dx / d) * f; b.vy -= (dy / d) * f;
        }
      }
      for (const l of links) {
        const dx = l.t.x - l.s.x, dy = l.t.y - l.s.y;
        const d = Math.sqrt(dx * dx + dy * dy) || 1;
        const f = (d - ideal) * 0.05;
        l.s.vx += (dx / d) * f; l.s.vy += (dy / d) * f;
        l.t.vx -= (dx / d) * f; l.t.vy -= (dy / d) * f;
      }
      for (const d of nodes) {
        d.vx += (W / 2 - d.x) * 0.01; d.vy += (H / 2 - d.y) * 0.01;
        const sp = Math.sqrt(d.vx * d.vx + d.vy * d.vy);
        const cap = 30 * cool + 1;
        if (sp > cap) { d.vx *= cap / sp; d.vy *= cap / sp; }
        d.x = Math.max(40, Math.min(W - 40, d.x + d.vx));
        d.y = Math.max(30, Math.min(H - 30, d.y + d.vy));
        d.vx *= 0.5; d.vy *= 0.5;
      }
    }
  }

  // Stretch the finished layout to use the drawing area (each axis scaled at most 1.8x the other).
  function fitToBox(nodes) {
    if (nodes.length < 2) { nodes.forEach((d) => { d.x = W / 2; d.y = H / 2; }); return; }
    const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const mx = 70, my = 50;
    let sx = (W - 2 * mx) / Math.max(1, x1 - x0), sy = (H - 2 * my) / Math.max(1, y1 - y0);
    sx = Math.min(sx, sy * 1.8, 2.5); sy = Math.min(sy, sx * 1.8, 2.5);
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    for (const d of nodes) { d.x = W / 2 + (d.x - cx) * sx; d.y = H / 2 + (d.y - cy) * sy; }
  }

  const radius = (d) => 7 + 4.5 * Math.sqrt(d.count);
  const width = (e) => 1.2 + 1.4 * Math.sqrt(e.count);

  function edgeGeometry(e, s, t, hasReverse) {
    const dx = t.x - s.x, dy = t.y - s.y;
    const d = Math.sqrt(dx * dx + dy * dy) || 1;
    const ux = dx / d, uy = dy / d;
    const bend = hasReverse ? 0.18 : 0.06;  // curve to the right of travel
    const mx = (s.x + t.x) / 2 + -uy * d * bend, my = (s.y + t.y) / 2 + ux * d * bend;
    // end on the target's rim, leaving room for the arrowhead
    const rt = radius(t) + 2, rs = radius(s);
    const ex0 = t.x - mx, ey0 = t.y - my, el0 = Math.sqrt(ex0 * ex0 + ey0 * ey0) || 1;
    const ex = t.x - (ex0 / el0) * rt, ey = t.y - (ey0 / el0) * rt;
    const sx0 = mx - s.x, sy0 = my - s.y, sl0 = Math.sqrt(sx0 * sx0 + sy0 * sy0) || 1;
    const sx = s.x + (sx0 / sl0) * rs, sy = s.y + (sy0 / sl0) * rs;
    const ah = 6 + width(e), ax = ex0 / el0, ay = ey0 / el0;
    const bx = ex - ax * ah, by = ey - ay * ah;
    const arrow = `${ex},${ey} ${bx - ay * ah * 0.55},${by + ax * ah * 0.55} ${bx + ay * ah * 0.55},${by - ax * ah * 0.55}`;
    return { path: `M${sx},${sy} Q${mx},${my} ${bx},${by}`, arrow };
  }

  function render() {
    const box = document.getElementById("network");
    clear(box);
    const { nodes, edges } = state;
    if (!nodes.length) { box.appendChild(el("p", { class: "empty", text: "No dyadic events in this period." })); return; }
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, id: "network-svg" });
    const byId = new Map(nodes.map((d) => [d.id, d]));
    const keys = new Set(edges.map((e) => e.source + ">" + e.target));
    const edgeLayer = svg("g", { class: "edges" });
    const nodeLayer = svg("g", { class: "nodes" });
    for (const e of edges) {
      const s = byId.get(e.source), t = byId.get(e.target);
      const g = edgeGeometry(e, s, t, keys.has(e.target + ">" + e.source));
      const color = scoreColor(e.score);
      const grp = svg("g", { class: "edge-group", "data-source": e.source, "data-target": e.target, "data-count": e.count });
      const path = svg("path", { class: "edge", d: g.path, stroke: color, "stroke-width": width(e) });
      const head = svg("polygon", { points: g.arrow, fill: color, class: "arrow" });
      grp.append(path, head);
      grp.addEventListener("mousemove", (ev) => showTooltip(ev, `${e.source} → ${e.target}\n${e.count} event(s), score ${fmtScore(e.score)}\n${Object.entries(e.types).map(([k, v]) => k + " " + v).join(", ")}`));
      grp.addEventListener("mouseleave", hideTooltip);
      grp.addEventListener("click", () => showEdge(e));
      e._path = path; e._head = head;
      edgeLayer.appendChild(grp);
    }
    for (const d of nodes) {
      const g = svg("g", { class: "node", "data-id": d.id, transform: `translate(${d.x},${d.y})` });
      g.append(
        svg("circle", { r: radius(d), fill: scoreColor(d.score) }),
        svg("text", { dy: -radius(d) - 4, "text-anchor": "middle", text: d.id }),
      );
      g.addEventListener("mousemove", (ev) => showTooltip(ev, `${d.name} (${d.id})\n${d.count} event(s): ${d.out} as actor, ${d.in} as recipient\nscore ${fmtScore(d.score)}`));
      g.addEventListener("mouseleave", hideTooltip);
      drag(g, d, root);
      d._g = g;
      nodeLayer.appendChild(g);
    }
    root.append(edgeLayer, nodeLayer);
    box.appendChild(root);
  }

  function redraw() {
    const { nodes, edges } = state;
    const byId = new Map(nodes.map((d) => [d.id, d]));
    const keys = new Set(edges.map((e) => e.source + ">" + e.target));
    for (const d of nodes) d._g.setAttribute("transform", `translate(${d.x},${d.y})`);
    for (const e of edges) {
      const g = edgeGeometry(e, byId.get(e.source), byId.get(e.target), keys.has(e.target + ">" + e.source));
      e._path.setAttribute("d", g.path); e._head.setAttribute("points", g.arrow);
    }
  }

  function drag(g, d, root) {
    let moved = false;
    g.addEventListener("pointerdown", (ev) => {
      moved = false;
      g.setPointerCapture(ev.pointerId);
      const pt = root.createSVGPoint();
      const move = (mv) => {
        pt.x = mv.clientX; pt.y = mv.clientY;
        const p = pt.matrixTransform(root.getScreenCTM().inverse());
        d.x = p.x; d.y = p.y; moved = true; redraw();
      };
      const up = () => {
        g.removeEventListener("pointermove", move); g.removeEventListener("pointerup", up);
        if (!moved) showNode(d);
      };
      g.addEventListener("pointermove", move); g.addEventListener("pointerup", up);
    });
  }

  function panel() { const p = document.getElementById("edge-details"); clear(p); return p; }

  function showNode(d) {
    const p = panel();
    p.append(el("h2", { text: `${d.name} (${d.id})` }),
      el("p", {}, `${d.count} event(s): ${d.out} as actor, ${d.in} as recipient. Score `, scoreBadge(d.score)));
    const ul = el("ul");
    for (const e of state.edges.filter((e) => e.source === d.id || e.target === d.id).sort((a, b) => b.count - a.count)) {
      ul.appendChild(el("li", {},
        el("a", { href: `/dyads/${encodeURIComponent(e.source)}/${encodeURIComponent(e.target)}`, text: `${e.source} → ${e.target}` }),
        ` ${e.count} event(s) `, scoreBadge(e.score)));
    }
    p.appendChild(ul);
  }

  async function showEdge(e) {
    const p = panel();
    p.append(el("h2", { text: `${e.source} → ${e.target}` }),
      el("p", {}, `${e.count} event(s), score `, scoreBadge(e.score), " ",
        el("a", { href: `/dyads/${encodeURIComponent(e.source)}/${encodeURIComponent(e.target)}`, text: "open the dyad" })));
    const q = new URLSearchParams({ actor: e.source, recipient: e.target, limit: "50" });
    if (state.since) q.set("since", state.since);
    if (state.until) q.set("until", state.until);
    try {
      const data = await getJSON("/api/mentions?" + q);
      const ul = el("ul");
      for (const ev of data.mentions) {
        ul.appendChild(el("li", {},
          el("div", {}, el("span", { class: `type quad-${ev.quad_class}`, text: ev.plover || "CAMEO " + ev.cameo }), " ", statusBadge(ev.status), " ", el("span", { class: "muted", text: ev.date || "" })),
          el("blockquote", { text: ev.quote || "" }),
          ev.doc_id ? el("a", { class: "sub", href: "/articles/" + encodeURIComponent(ev.doc_id), text: ev.doc_id }) : null));
      }
      p.appendChild(ul);
    } catch (err) {
      p.appendChild(el("p", { class: "empty", text: "Could not load events: " + err.message }));
    }
  }

  // One button per month with events (the latest 18): a click shows that month alone.
  function monthChips(months, since, until) {
    const box = document.getElementById("presets");
    clear(box);
    const all = el("button", { type: "button", class: "link" + (!since && !until ? " active" : ""), text: "All time" });
    all.addEventListener("click", () => { setRange("", ""); });
    box.appendChild(all);
    for (const m of months.slice(-18)) {
      const [y, mo] = m.month.split("-").map(Number);
      const first = `${m.month}-01`;
      const last = `${m.month}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, "0")}`;
      const b = el("button", { type: "button", class: "link" + (since === first && until === last ? " active" : ""),
        text: m.month, title: `${m.count} event(s)`, "data-month": m.month });
      b.addEventListener("click", () => setRange(first, last));
      box.appendChild(b);
    }
  }

  function setRange(since, until) {
    document.getElementById("since").value = since;
    document.getElementById("until").value = until;
    load();
  }

  async function load() {
    const since = document.getElementById("since").value, until = document.getElementById("until").value;
    const q = new URLSearchParams();
    if (since) q.set("since", since);
    if (until) q.set("until", until);
    const status = document.getElementById("graph-status");
    status.classList.remove("error");
    status.textContent = "Loading…";
    try {
      const g = await getJSON("/api/graph?" + q);
      layout(g.nodes, g.edges);
      fitToBox(g.nodes);
      state = { ...g, since, until };
      render();
      const p = panel();  // what was selected may not be in this period
      p.append(el("h2", { text: "Details" }), el("p", { class: "hint", text: "Click an actor or a link to see its events. Drag actors to rearrange." }));
      monthChips(g.months || [], since, until);
      status.textContent = `${g.nodes.length} actors, ${g.edges.length} dyads`;
      history.replaceState(null, "", q.toString() ? "?" + q : location.pathname);
    } catch (err) {
      status.textContent = err.message; status.classList.add("error");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const params = new URLSearchParams(location.search);
    document.getElementById("since").value = params.get("since") || "";
    document.getElementById("until").value = params.get("until") || "";
    document.getElementById("period-form").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
    load();
  });
})();
