"""recode: CAMEO's conventions for events that have not happened.

A cooperative act refused ("will not release the soldiers", "failed to reach agreement") is
coded as a rejection (CAMEO 12x, PLOVER REJECT).  A cooperative act announced for the future ("Turkey will allow refugees to return") is coded
as an expression of intent (CAMEO 03x, PLOVER AGREE); a conflictual one ("farmers said they
would blockade Paris") as a threat (CAMEO 13x, PLOVER THREATEN).  "X said that Y must V" is a
demand by X on Y (CAMEO 10, PLOVER REQUEST).  These follow the CAMEO codebook and the PLOVER
manual (AGREE covers "express intent to"; THREATEN covers conditional harm).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

# CAMEO root of the act -> the code for announcing or threatening it.
_INTENT_BY_ROOT = {
    "04": "036",  # meet, negotiate
    "05": "032",  # diplomatic cooperation
    "06": "031",  # material cooperation
    "07": "033",  # aid
    "08": "035",  # yield
    "16": "131",  # reduce relations, sanction: non-force threat
    "17": "137",  # repression
    "18": "138",  # military force
    "19": "138",
    "20": "138",
}


@lru_cache(maxsize=256)
def _coded(code: str):
    from dotterel.knowledge.lexicon import (
        cameo_context,
        cameo_name,
        cameo_quad_class,
        cameo_to_plover,
        plover_intensity,
    )

    plover, mode = cameo_to_plover(code)
    return {
        "cameo": code,
        "plover": plover,
        "mode": mode,
        "quad_class": cameo_quad_class(code),
        "intensity": plover_intensity(plover, code, mode),
        "context": tuple(cameo_context(code)),
        "name": cameo_name(code),
    }


def intent_entry(entry):
    """The entry for announcing ``entry``'s act, or ``entry`` when CAMEO has no such code."""
    cameo = getattr(entry, "cameo", None)
    if not cameo:
        return entry
    code = _INTENT_BY_ROOT.get(cameo[:2])
    if code is None:
        return entry
    return dataclasses.replace(entry, id=f"{entry.id}>intent", **_coded(code))


# cooperative act -> refusing it (CAMEO 12x)
_REFUSAL_BY_PREFIX = {
    "081": "1241", "082": "1242", "084": "1243", "085": "1244", "086": "1245", "087": "1246",
    "045": "126", "046": "125",
    "03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124",
}


def refusal_entry(entry):
    """The entry for refusing ``entry``'s cooperative act, or ``entry`` unchanged."""
    cameo = getattr(entry, "cameo", None)
    if not cameo:
        return entry
    code = _REFUSAL_BY_PREFIX.get(cameo[:3]) or _REFUSAL_BY_PREFIX.get(cameo[:2])
    if code is None:
        return entry
    return dataclasses.replace(entry, id=f"{entry.id}>refusal", **_coded(code))
