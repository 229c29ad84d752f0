"""Build ``static/land.json``, the coarse land outline the ``/map`` page draws.

The outline is derived from Natural Earth's 1:110m land polygons (public domain), as
redistributed in TopoJSON by the npm package ``world-atlas`` (ISC licence).  It is run once by
a developer, never at serve time::

    npm pack world-atlas@2 && tar xzf world-atlas-*.tgz
    python -m dotterel.serve.landgen package/land-110m.json src/dotterel/serve/static/land.json

The output is our own compact format: ``{"source": ..., "rings": [[[lon, lat], ...], ...]}``,
coordinates rounded to 0.1 degree, rings of fewer than four distinct points dropped, longitudes
unwrapped across the antimeridian (a ring may reach past +-180).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def land_rings(topo: dict, precision: int = 1) -> list[list[list[float]]]:
    arcs = _decode_arcs(topo)
    out = []
    for geom in topo["objects"]["land"]["geometries"]:
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for polygon in polygons:
            for indexes in polygon:
                ring = []
                shift = 0.0
                prev = None
                for lon, lat in _ring(arcs, indexes):
                    # unwrap across the antimeridian so a ring is one continuous path; the
                    # page draws rings reaching past +-180 a second time, shifted by 360
                    if prev is not None and abs(lon - prev) > 180:
                        shift += 360.0 if prev > lon else -360.0
                    prev = lon
                    p = [round(lon + shift, precision), round(lat, precision)]
                    if not ring or ring[-1] != p:
                        ring.append(p)
                if len({tuple(p) for p in ring}) >= 4:
                    out.append(ring)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m dotterel.serve.landgen LAND_TOPOJSON OUT_JSON", file=sys.stderr)
        return 2
    topo = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    data = {
        "source": "Natural Earth 1:110m land (public domain), via npm world-atlas (ISC)",
        "rings": land_rings(topo),
    }
    Path(argv[1]).write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
