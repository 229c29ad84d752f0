"use strict";
// Event places on an offline equirectangular world map drawn from static/land.json.
(function () {
  const S = 2.6, LAT_TOP = 84, LAT_BOTTOM = -58;
  const W = 360 * S, H = (LAT_TOP - LAT_BOTTOM) * S;
  const px = (lon) => (lon + 180) * S;
  const py = (lat) => (LAT_TOP - lat) * S;
  let land = null;
  let data = null;
  let fit = true;

  // The part of the map to show: the events' extent with a margin (at least 50 x 25 degrees,
  // the map's aspect kept), or the whole world.
  function viewBox(places) {
    if (!fit || !places.length) return [0, 0, W, H];
    const xs = places.map((p) => px(p.lon)), ys = places.map((p) => py(p.lat));
    let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    let w = Math.max(x1 - x0, 50 * S) * 1.4, h = Math.max(y1 - y0, 25 * S) * 1.4;
    if (w / h > W / H) h = w * H / W; else w = h * W / H;
    w = Math.min(w, W); h = Math.min(h, H);
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const vx = Math.max(0, Math.min(W - w, cx - w / 2)), vy = Math.max(0, Math.min(H - h, cy - h / 2));
    return [vx, vy, w, h];
  }

  function basemap(root) {
    root.appendChild(svg("rect", { class: "ocean", x: 0, y: 0, width: W, height: H }));
    const grat = [];
    for (let lon = -150; lon <= 150; lon += 30) grat.push(`M${px(lon)},0V${H}`);
    for (let lat = -30; lat <= 60; lat += 30) grat.push(`M0,${py(lat)}H${W}`);
    root.appendChild(svg("path", { class: "graticule", d: grat.join("") }));
    const parts = [];
    for (const ring of land.rings) {
      let lo = Infinity, hi = -Infinity;
      for (const p of ring) { lo = Math.min(lo, p[0]); hi = Math.max(hi, p[0]); }
      for (const shift of [-360, 0, 360]) {
        if (hi + shift < -180 || lo + shift > 180) continue;
        parts.push("M" + ring.map((p) => `${px(p[0] + shift).toFixed(1)},${py(p[1]).toFixed(1)}`).join("L") + "Z");
      }
    }
    root.appendChild(svg("path", { class: "land", d: parts.join("") }));
  }

  function panel() { const p = document.getElementById("place-details"); clear(p); return p; }

  function showPlace(pl) {
    const p = panel();
    p.append(el("h2", { text: pl.name }),
      el("p", {}, `${pl.count} event(s)` + (pl.country ? ` · ${pl.country}` : "") + ` · ${pl.lat.toFixed(2)}, ${pl.lon.toFixed(2)} · score `, scoreBadge(pl.score)));
    const ul = el("ul");
    for (const ev of pl.events) {
      ul.appendChild(el("li", {},
        el("div", {}, el("span", { class: `type quad-${ev.quad_class}`, text: ev.plover || "CAMEO " + ev.cameo }), " ",
          `${refsText(ev.actor)} → ${refsText(ev.recipient)} `, statusBadge(ev.status), " ", el("span", { class: "muted", text: ev.date || "" })),
        el("blockquote", { text: ev.quote || "" }),
        ev.doc_id ? el("a", { class: "sub", href: "/articles/" + encodeURIComponent(ev.doc_id), text: ev.doc_id }) : null));
    }
    p.appendChild(ul);
  }

  function draw() {
    const box = document.getElementById("map");
    clear(box);
    const vb = viewBox(data.places);
    const k = vb[2] / W;  // keep circles and labels the same size on screen when zoomed
    const root = svg("svg", { viewBox: vb.join(" "), id: "map-svg" });
    basemap(root);
    const maxc = Math.max(1, ...data.places.map((p) => p.count));
    const layer = svg("g", { class: "places" });
    const sorted = [...data.places].sort((a, b) => b.count - a.count);  // small ones on top
    for (const pl of sorted) {
      const r = (5 + 13 * Math.sqrt(pl.count / maxc)) * k;
      const c = svg("circle", { class: "place", cx: px(pl.lon), cy: py(pl.lat), r, fill: scoreColor(pl.score), "stroke-width": 1.2 * k, "data-name": pl.name, "data-count": pl.count });
      c.addEventListener("mousemove", (e) => showTooltip(e, `${pl.name}${pl.country ? " (" + pl.country + ")" : ""}\n${pl.count} event(s), score ${fmtScore(pl.score)}`));
      c.addEventListener("mouseleave", hideTooltip);
      c.addEventListener("click", () => showPlace(pl));
      layer.appendChild(c);
    }
    // labels, busiest places first, right or left of the circle, skipped where they would
    // overlap a label already placed (the tooltip still names every place)
    const placed = [];
    const overlaps = (b) => placed.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
    for (const pl of sorted.slice(0, 40)) {
      const r = (5 + 13 * Math.sqrt(pl.count / maxc)) * k;
      const w = String(pl.name).length * 7 * k, h = 13 * k;
      const cx = px(pl.lon), cy = py(pl.lat);
      for (const side of [1, -1]) {
        const x0 = side > 0 ? cx + r + 2 * k : cx - r - 2 * k - w;
        const box = { x0, x1: x0 + w, y0: cy - h / 2, y1: cy + h / 2 };
        if (overlaps(box)) continue;
        placed.push(box);
        layer.appendChild(svg("text", { class: "place-label", x: x0, y: cy + 4 * k, "font-size": 12 * k, "stroke-width": 3 * k, text: pl.name }));
        break;
      }
    }
    root.appendChild(layer);
    box.appendChild(root);
  }

  async function load() {
    const status = document.getElementById("map-status");
    const q = new URLSearchParams();
    for (const k of ["since", "until", "type"]) { const v = document.getElementById(k).value; if (v) q.set(k, v); }
    status.classList.remove("error");
    status.textContent = "Loading…";
    try {
      if (!land) land = await getJSON("/static/land.json");
      data = await getJSON("/api/places?" + q);
      draw();
      status.textContent = `${data.places.length} place(s), ${data.located} located event(s) of ${data.total}`;
      history.replaceState(null, "", q.toString() ? "?" + q : location.pathname);
    } catch (err) {
      status.textContent = err.message; status.classList.add("error");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const params = new URLSearchParams(location.search);
    for (const k of ["since", "until", "type"]) document.getElementById(k).value = params.get(k) || "";
    const tools = document.getElementById("map-tools");
    const fitBtn = el("button", { type: "button", class: "link active", text: "Fit to events" });
    const worldBtn = el("button", { type: "button", class: "link", text: "Whole world" });
    const setFit = (f) => { fit = f; fitBtn.classList.toggle("active", f); worldBtn.classList.toggle("active", !f); if (data) draw(); };
    fitBtn.addEventListener("click", () => setFit(true));
    worldBtn.addEventListener("click", () => setFit(false));
    tools.append(fitBtn, worldBtn);
    document.getElementById("map-form").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
    load();
  });
})();
