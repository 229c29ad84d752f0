"""Split an article's text into segments marked with the event parts that cover them.

The template renders each segment's text escaped (Jinja autoescape), so markup inside an
article stays text; only our own ``<mark>`` elements carry classes and event numbers.
"""

from __future__ import annotations

from typing import Any

#: Drawing order: a character covered by several parts shows the first listed here.
ROLES = ("trigger", "actor", "recipient", "date", "place")
ROLE_LABELS = {
    "trigger": "event trigger",
    "actor": "actor",
    "recipient": "recipient",
    "date": "date",
    "place": "place",
}


def _span(obj: Any) -> tuple[int, int] | None:
    if not isinstance(obj, dict):
        return None
    s, e = obj.get("start"), obj.get("end")
    if isinstance(s, int | float) and isinstance(e, int | float) and 0 <= s < e:
        return int(s), int(e)
    return None


def _date_span(text: str, event: dict) -> tuple[int, int] | None:
    """The event's date phrase: explicit offsets when the record has them, else the
    occurrence of ``date_text`` closest to the trigger."""
    for key in ("date_span", "date_offsets"):
        sp = _span(event.get(key))
        if sp:
            return sp
    if isinstance(event.get("date_start"), int) and isinstance(event.get("date_end"), int):
        return event["date_start"], event["date_end"]
    phrase = event.get("date_text")
    if not phrase or event.get("date_source") not in (None, "text"):
        return None
    trig = _span(event.get("trigger")) or (0, 0)
    best = None
    i = text.find(phrase)
    while i != -1:
        if best is None or abs(i - trig[0]) < abs(best - trig[0]):
            best = i
        i = text.find(phrase, i + 1)
    return (best, best + len(phrase)) if best is not None else None


def event_parts(text: str, event: dict) -> list[tuple[str, int, int, str]]:
    """(role, start, end, label) for every located part of one event."""
    parts = []
    trig = _span(event.get("trigger"))
    if trig:
        label = " / ".join(
            str(x) for x in (event.get("plover"), event.get("cameo") and f"CAMEO {event['cameo']}") if x
        )
        parts.append(("trigger", *trig, label))
    for role in ("actor", "recipient"):
        refs = event.get(role) or []
        if isinstance(refs, dict):
            refs = [refs]
        for ref in refs:
            sp = _span(ref)
            if sp:
                label = " ".join(str(x) for x in (ref.get("code"), ref.get("sector")) if x)
                if ref.get("name"):
                    label += f" ({ref['name']})"
                parts.append((role, *sp, label))
    dsp = _date_span(text, event)
    if dsp:
        parts.append(("date", *dsp, f"{event.get('date')} ({event.get('date_precision')})"))
    loc = event.get("location")
    sp = _span(loc)
    if sp:
        label = loc.get("name") or loc.get("text") or ""
        if loc.get("lat") is not None:
            label += f" ({loc['lat']:.2f}, {loc['lon']:.2f})"
        parts.append(("place", *sp, label))
    return [(r, max(0, s), min(len(text), e), lab) for r, s, e, lab in parts if s < len(text)]


def article_segments(text: str, events: list[dict]) -> tuple[list[dict], list[str]]:
    """Cut ``text`` at every part boundary.  Each segment: {text, role (None for plain text),
    roles, events (indexes into ``events``), labels}.  Returns segments and the roles used."""
    marks: list[tuple[int, int, str, int, str]] = []
    for i, ev in enumerate(events):
        for role, s, e, label in event_parts(text, ev):
            if s < e:
                marks.append((s, e, role, i, label))
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    segments = []
    for s, e in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in marks if m[0] <= s and e <= m[1]]
        roles = sorted({m[2] for m in covering}, key=ROLES.index)
        evs = sorted({m[3] for m in covering})
        labels = sorted({f"{ROLE_LABELS[m[2]]}: {m[4]}" for m in covering})
        segments.append(
            {
                "text": text[s:e],
                "role": roles[0] if roles else None,
                "roles": roles,
                "events": evs,
                "labels": labels,
            }
        )
    used = sorted({m[2] for m in marks}, key=ROLES.index)
    return segments, used
