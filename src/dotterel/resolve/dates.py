"""Dates: which date phrase governs an event trigger, and what day, month or year it names."""

from __future__ import annotations

import datetime as _dt
import re

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def validate_iso_date(s: str) -> str:
    """Return ``s`` unchanged when it is a real calendar date written ``YYYY-MM-DD``.

    Raises ``ValueError`` naming the reason otherwise (wrong shape, impossible day).
    """
    if not isinstance(s, str):
        raise ValueError(f"expected a date string YYYY-MM-DD, got {type(s).__name__}")
    m = _ISO_DATE.match(s.strip())
    if not m:
        raise ValueError(f"{s!r} is not a date written YYYY-MM-DD")
    try:
        _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as e:
        raise ValueError(f"{s!r} is not a real calendar date ({e})") from None
    return s.strip()
