"""The verb / phrase lexicon: which words report which PLOVER / CAMEO event.

Three layers, later ones winning ties (same specificity):

1. ``cameo2`` entries converted from the PETRARCH-2 CAMEO verb dictionary
   (``data/lexicon/petrarch_verbs.json``, made by ``data/lexicon/build.py``): verb synonym
   blocks, each with patterns "verb [particle] [object] [(prep [object])]" and a CAMEO code.
2. ``own`` entries we wrote for news English (``data/lexicon/own_*.jsonl``): light verbs
   ("launch an attack"), phrasal verbs ("shoot down"), nominal events ("the normalization of
   relations"), reporting verbs that are events in their own right ("condemn").
3. ``user`` entries from files passed as ``extra_files``: the same JSONL format, or a
   PETRARCH-2 verb dictionary (which then governs the verbs it lists).

Matching is dictionary-based: the lemma selects its blocks, the object lemma selects the
patterns within a block, and the most specific satisfied pattern wins
(object > particle > preposition object > preposition > modifiers; then user > own > cameo2).
A winning entry whose CAMEO code is null *blocks* the lemma (e.g. "call a cabinet meeting"),
and the match returns None.

CAMEO code helpers (names, Goldstein scores, CAMEO->PLOVER type/mode/context, penta-class)
come from ``data/lexicon/cameo_codes.json`` and PLOVER scores from ``plover_scores.json``;
``cameo_intent`` / ``cameo_demand`` / ``cameo_appeal`` / ``cameo_refusal`` give CAMEO's
parallel codes for promising, threatening, demanding or refusing an action, and ``recode``
carries an entry over to one of them.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "lexicon"

PRIORITY = {"cameo2": 1, "own": 2, "user": 3}

# Known lemmatizer slips of the spaCy English models ("staged" -> "stag", "overran").
_LEMMA_FIXES = {"stag": "stage", "overran": "overrun"}

# Prepositions that head date and place phrases as often as they complete a verb: a
# PETRARCH particle or bare preposition among these needs a real particle to match.
_AMBIGUOUS_PREPS = frozenset(
    {"on", "in", "at", "over", "around", "through", "after", "before", "during", "since",
     "near", "across", "inside", "within", "along", "throughout"}
)

# CAMEO 02 (appeals) has no PLOVER type in the 2021 conversion table, but the PLOVER manual
# defines REQUEST as "all requests, demands, and orders".  A lexicon entry that reports an
# explicit appeal ("called for", "urged", "asked for aid") therefore gets PLOVER REQUEST with
# the mode of the parallel CAMEO 10 code (0233 -> 1033 -> REQUEST assist) while keeping its
# CAMEO 02 code and penta-class 0.  cameo_to_plover() itself stays faithful to the table.
APPEALS_AS_REQUEST = True


# ------------------------------------------------------------------------------ normalization
@lru_cache(maxsize=65536)
def norm(word: str | None) -> str | None:
    """The key a word is indexed and looked up under: lower case, a crude singular.

    Applied to both the stored words and the query words, so it need not be a real
    lemmatizer, only consistent ("sanctions"/"sanction" -> "sanction", "talks" -> "talk")."""
    if word is None:
        return None
    w = word.strip().lower().replace("\u2019", "'")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")):
        return w[:-1]
    return w


# ------------------------------------------------------------------------------- CAMEO tables
@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    root: str
    plover: str | None
    mode: str | None
    context: tuple[str, ...]


@lru_cache(maxsize=1)
def _cameo_table() -> dict[str, CameoCode]:
    rows = json.loads((DATA / "cameo_codes.json").read_text(encoding="utf-8"))
    return {
        r["code"]: CameoCode(
            r["code"], r["name"], r["goldstein"], r["root"], r["plover"], r["mode"],
            tuple(r["context"]),
        )
        for r in rows
    }


@lru_cache(maxsize=1)
def _plover_scores() -> dict[str, float]:
    return json.loads((DATA / "plover_scores.json").read_text(encoding="utf-8"))


def _check_code(code: str) -> str:
    code = str(code).strip()
    if not (code.isdigit() and 2 <= len(code) <= 4):
        raise ValueError(f"not a CAMEO code: {code!r} (expected 2-4 digits, e.g. '190')")
    return code


@lru_cache(maxsize=4096)
def cameo_entry(code: str) -> CameoCode:
    """The codebook row for ``code``, or for its nearest listed parent ("1952" -> "195")."""
    code = _check_code(code)
    table = _cameo_table()
    probe = code
    while len(probe) >= 2:
        if probe in table:
            return table[probe]
        probe = probe[:-1]
    raise ValueError(f"unknown CAMEO code {code!r}: root {code[:2]!r} is not in 01..20")


def cameo_name(code: str) -> str:
    return cameo_entry(code).name


def cameo_goldstein(code: str) -> float:
    return cameo_entry(code).goldstein


def cameo_to_plover(code: str) -> tuple[str | None, str | None]:
    """(PLOVER type, mode) for a CAMEO code; (None, None) for 01/02 statements and appeals."""
    e = cameo_entry(code)
    return e.plover, e.mode


def entry_plover(code: str) -> tuple[str | None, str | None]:
    """(PLOVER type, mode) a lexicon entry with this CAMEO code gets: the table's, except
    that CAMEO 02 appeals become REQUEST when APPEALS_AS_REQUEST (see above)."""
    plover, mode = cameo_to_plover(code)
    if plover is None and APPEALS_AS_REQUEST and code.startswith("02"):
        plover, mode = cameo_to_plover("10" + code[2:])
    return plover, mode


def cameo_context(code: str) -> list[str]:
    return list(cameo_entry(code).context)


def cameo_quad_class(code: str) -> int:
    """Penta-class: 0 = 01-02, 1 = 03-05, 2 = 06-08, 3 = 09-13 and 16, 4 = 14-15, 17-20."""
    root = int(_check_code(code)[:2])
    if not 1 <= root <= 20:
        raise ValueError(f"unknown CAMEO root {root:02d} in {code!r}")
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


def plover_intensity(plover: str | None, cameo: str | None = None, mode: str | None = None) -> float | None:
    """The PLOVER score (manual's table) for type:mode, else the type; the mode defaults to
    the CAMEO code's. With no PLOVER type (CAMEO 01/02) the code's Goldstein score stands in."""
    scores = _plover_scores()
    if plover is None:
        return cameo_goldstein(cameo) if cameo else None
    plover = plover.upper()
    if mode is None and cameo:
        p, m = cameo_to_plover(cameo)
        mode = m if p == plover else None
    if mode and f"{plover}:{mode.lower()}" in scores:
        return scores[f"{plover}:{mode.lower()}"]
    return scores.get(plover)


# ------------------------------------------------------------- parallel codes (CAMEO structure)
# CAMEO mirrors its material / cooperative codes in verbal families: a promise to do X is an
# 03 code, a threat to do X a 13 code, a demand that the recipient do X a 10 code (an appeal
# the parallel 02 code), a refusal to do X a 12 code.  ("said it will release the hostages"
# -> 0353; "would impose a blockade" -> 1381; "demanded the release of" -> 1053; "refused to
# release" -> 1243.)  Keys are code prefixes; the longest matching prefix wins.
_INTENT = {
    "03": None, "04": "036", "045": "039", "05": "032", "057": "030", "06": "031",
    "061": "0311", "062": "0312", "063": "0313", "064": "0314", "07": "033", "071": "0331",
    "072": "0332", "073": "0333", "074": "0334", "08": "035", "081": "0351", "082": "0352",
    "083": "034", "0831": "0341", "0832": "0342", "0833": "0343", "0834": "0344",
    "084": "0353", "085": "0354", "086": "0355", "087": "0356",
    "13": None, "14": "133", "15": "138", "16": "131", "161": "1313", "162": "1311",
    "163": "1312", "164": "134", "165": "135", "166": "136", "17": "130", "1712": "1383",
    "172": "132", "1721": "1321", "1722": "1322", "1723": "1323", "1724": "1324",
    "175": "137", "18": "1383", "19": "1384", "191": "1381", "192": "1382", "20": "1383",
    "204": "1385",
}
_DEMAND = {
    "03": "100", "031": "101", "0311": "1011", "0312": "1012", "0313": "1013", "0314": "1014",
    "032": "102", "033": "103", "0331": "1031", "0332": "1032", "0333": "1033", "0334": "1034",
    "034": "104", "0341": "1041", "0342": "1042", "0343": "1043", "0344": "1044", "035": "105",
    "0351": "1051", "0352": "1052", "0353": "1053", "0354": "1054", "0355": "1055",
    "0356": "1056", "036": "106", "037": "107", "038": "108", "039": "108",
    "04": "106", "045": "108", "05": "102", "057": "107", "06": "101", "061": "1011",
    "062": "1012", "063": "1013", "064": "1014", "07": "103", "071": "1031", "072": "1032",
    "073": "1033", "074": "1034", "075": "1033", "08": "105", "081": "1051", "082": "1052",
    "083": "104", "0831": "1041", "0832": "1042", "0833": "1043", "0834": "1044",
    "084": "1053", "085": "1054", "086": "1055", "087": "1056",
}
_REFUSAL = {
    "010": "011",  # "declined to comment": CAMEO 011 decline comment
    "03": "120", "031": "121", "0311": "1211", "0312": "1212", "0313": "1213", "0314": "1214",
    "033": "122", "0331": "1221", "0332": "1222", "0333": "1223", "0334": "1224", "034": "123",
    "0341": "1231", "0342": "1232", "0343": "1233", "0344": "1234", "035": "124",
    "0351": "1241", "0352": "1242", "0353": "1243", "0354": "1244", "0355": "1245",
    "0356": "1246", "036": "125", "037": "127", "038": "126", "039": "126",
    "04": "125", "045": "126", "05": "120", "057": "127", "06": "121", "061": "1211",
    "062": "1212", "063": "1213", "064": "1214", "07": "122", "071": "1221", "072": "1222",
    "073": "1223", "074": "1224", "08": "124", "081": "1241", "082": "1242", "083": "123",
    "0831": "1231", "0832": "1232", "0833": "1233", "0834": "1234", "084": "1243",
    "085": "1244", "086": "1245", "087": "1246",
}


def _parallel(table: dict[str, str | None], code: str) -> str | None:
    code = _check_code(code)
    for n in (4, 3, 2):
        if len(code) >= n and code[:n] in table:
            return table[code[:n]]
    return None


def cameo_intent(code: str) -> str | None:
    """The code for promising (cooperative roots 04-08 -> 03x) or threatening (conflict roots
    14-20 -> 13x) to do what ``code`` names; None where CAMEO has no such parallel (01, 02,
    09-12) or ``code`` is itself a promise / threat."""
    return _parallel(_INTENT, code)


def cameo_demand(code: str) -> str | None:
    """The code for demanding that the recipient do what ``code`` names (10x): "demanded the
    release of" (0841) -> 1053, "demanded a ceasefire" (0871) -> 1056, "demanded talks" -> 106."""
    return _parallel(_DEMAND, code)


def cameo_appeal(code: str) -> str | None:
    """The milder parallel of cameo_demand (02x: "called for", "urged"): 1053 -> 0253."""
    d = cameo_demand(code)
    return "02" + d[2:] if d else None


def cameo_refusal(code: str) -> str | None:
    """The code for refusing to do what ``code`` names (12x): release -> 1243, talks -> 125."""
    return _parallel(_REFUSAL, code)


# ----------------------------------------------------------- PETRARCH verb dictionary reader
# Words that, as the first bare word after the verb in a PETRARCH pattern, are verb particles
# ("SET OUT VIEWS", "PUT UP RESISTANCE") rather than objects.
PARTICLES = frozenset(
    "up down off out back away over in on aside forward through along apart around about".split()
)
PATTERN_FIELDS = (
    "particle", "obj", "obj_mods", "prep", "pobj", "pobj_mods", "cameo", "reverse_cameo",
    "noted_verb",
)
MAX_EXPANSIONS = 400  # synset products per pattern; above this the pattern is skipped


TOKEN = re.compile(r"\([^()]*\)|\{[^{}]*\}|\S+")


def _words(phrase: str) -> list[str]:
    return [w for w in phrase.lower().replace("_", " ").split() if w]


class PetrarchVerbFile:
    """A PETRARCH-2 verb dictionary read into blocks of verbs and structured patterns.

    Used by data/lexicon/build.py for CAMEO.2.0.txt and at run time for user verb files in
    PETRARCH format.  Only patterns whose structure a LexEntry can hold are kept:
    ``- * [particle] [object] [(prep [object])] [code]``; the rest are counted by reason."""

    def __init__(self, text: str):
        self.synsets: dict[str, list[str]] = {}
        self.blocks: list[dict] = []
        self.skipped: Counter = Counter()
        self.pattern_lines = 0
        self.converted_lines = 0
        self.verb_lines = 0
        self.verbs_converted = 0
        self._parse(text)

    # synset members: list of phrases, each a list of lower-case words
    def _expand(self, word: str, depth: int = 0) -> list[list[str]] | None:
        if not word.startswith("&"):
            return [[word.lower()]]
        members = self.synsets.get(word[1:].rstrip("_").upper())
        if members is None or depth > 3:
            return None
        out: list[list[str]] = []
        for m in members:
            parts: list[list[list[str]]] = []
            for w in _words(m):
                alts = self._expand(w, depth + 1) if w.startswith("&") else [[w]]
                if alts is None:
                    return None
                parts.append(alts)
            for combo in itertools.product(*parts):
                out.append([w for phrase in combo for w in phrase])
        return out

    def _parse(self, text: str) -> None:
        current_synset: str | None = None
        block: dict | None = None
        for raw in text.splitlines():
            if raw.lstrip().startswith("<!--"):
                continue
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            s = line.strip()
            if s.startswith("&") and not s.startswith("&&"):
                current_synset = s[1:].split()[0].rstrip("_").upper()
                self.synsets[current_synset] = [current_synset.lower()]
                continue
            if s.startswith("+") and current_synset:
                self.synsets[current_synset].append(s[1:].strip().rstrip("_").replace("_", " "))
                continue
            current_synset = None
            if s.startswith("~"):
                self.skipped["transformation"] += 1
                continue
            if s.startswith("---"):
                m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", s)
                if not m:
                    self.skipped["bad_block_header"] += 1
                    block = None
                    continue
                code, _rev, ok = _code(m.group(2))
                if not ok:
                    self.skipped["block_with_non_cameo_code"] += 1
                block = {"name": m.group(1).upper(), "cameo": code, "verbs": [], "patterns": []}
                self.blocks.append(block)
                continue
            if block is None:
                continue
            if s.startswith("-"):
                self.pattern_lines += 1
                converted = self._pattern(s, raw, block)
                if converted:
                    self.converted_lines += 1
                continue
            self.verb_lines += 1
            verb = self._verb(s, block)
            if verb:
                block["verbs"].append(verb)
                self.verbs_converted += 1

    def _verb(self, s: str, block: dict) -> dict | None:
        code_m = re.search(r"\[([^\]]*)\]", s)
        cameo, reverse, ok = _code(code_m.group(1)) if code_m else (block["cameo"], None, True)
        if not ok:
            self.skipped["verb_with_non_cameo_code"] += 1
            return None
        word = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", s).split()[0]
        parts = word.split("_")
        if len(parts) == 1:
            lemma, particle = word.lstrip("+"), None
        else:
            marked = [i for i, p in enumerate(parts) if p.startswith("+")]
            if marked != [0] or len(parts) != 2:
                self.skipped["verb_with_prefix_or_long_compound"] += 1
                return None
            lemma, particle = parts[0][1:], parts[1]
        if not re.fullmatch(r"[A-Za-z][A-Za-z'-]*", lemma):
            self.skipped["verb_not_a_word"] += 1
            return None
        return {
            "lemma": lemma.lower(),
            "particle": particle.lower() if particle else None,
            "cameo": cameo,
            "reverse_cameo": reverse if code_m else None,
            "own_code": bool(code_m),  # False: the block's default code
        }

    def _pattern(self, s: str, raw: str, block: dict) -> bool:
        m = re.match(r"-\s*(.*?)\s*\[([^\]]*)\]", s)
        if not m:
            self.skipped["pattern_without_code"] += 1
            return False
        body, code = m.groups()
        if "*" not in body:
            self.skipped["pattern_without_verb_marker"] += 1
            return False
        pre, post = body.split("*", 1)
        if pre.strip():
            self.skipped["pattern_with_pre_verb_words"] += 1
            return False
        if re.search(r"[$%^+]", post):
            self.skipped["pattern_with_actor_marker"] += 1
            return False
        if "/" in post:
            self.skipped["pattern_with_alternation"] += 1
            return False
        cameo, reverse, ok = _code(code)
        if not ok:
            self.skipped["pattern_with_non_cameo_code"] += 1
            return False
        tokens = TOKEN.findall(post)
        particle = None
        obj: list[str] | None = None  # raw words, head last
        prep_groups: list[list[str]] = []
        bare_seen = False
        for tok in tokens:
            if tok.startswith("("):
                prep_groups.append(_tokens_in(tok[1:-1]))
            elif tok.startswith("{"):
                if obj is not None:
                    self.skipped["pattern_with_two_objects"] += 1
                    return False
                obj = _tokens_in(tok[1:-1])
            else:
                words = [w for w in tok.split("_") if w]
                if len(words) > 1:  # "NEW_&TIETYPES_RELATIONS": one noun phrase
                    if obj is not None:
                        self.skipped["pattern_with_two_objects"] += 1
                        return False
                    obj = words
                    bare_seen = True
                    continue
                tok = words[0] if words else tok
                if not bare_seen and obj is None and not prep_groups and tok.lower() in PARTICLES:
                    if particle is None:
                        particle = tok.lower()
                        continue
                bare_seen = True
                if obj is not None:
                    self.skipped["pattern_with_two_objects"] += 1
                    return False
                obj = [tok]
        if len(prep_groups) > 1:
            self.skipped["pattern_with_two_prep_phrases"] += 1
            return False
        prep = None
        pobj: list[str] | None = None
        if prep_groups:
            group = prep_groups[0]
            if not group or group[0].startswith("&"):
                self.skipped["prep_phrase_without_prep"] += 1
                return False
            prep = group[0].lower()
            if len(group) > 1:
                pobj = group[1:]
        if obj is None and particle is None and prep is None:
            self.skipped["empty_pattern"] += 1
            return False
        obj_alts = self._noun_alts(obj)
        pobj_alts = self._noun_alts(pobj)
        if obj_alts is None or pobj_alts is None:
            self.skipped["pattern_with_undefined_synset"] += 1
            return False
        if len(obj_alts) * len(pobj_alts) > MAX_EXPANSIONS:
            self.skipped["pattern_too_many_expansions"] += 1
            return False
        comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
        example_verb = comment.split()[0].lower() if comment else None
        for (o, om), (p, pm) in itertools.product(obj_alts, pobj_alts):
            block["patterns"].append(
                [particle, o, om, prep, p, pm, cameo, reverse, example_verb]
            )
        return True

    def _noun_alts(self, words: list[str] | None) -> list[tuple[str | None, list[str]]] | None:
        """All (head, modifiers) readings of a noun phrase, synsets expanded."""
        if not words:
            return [(None, [])]
        choices = []
        for w in words:
            alts = self._expand(w)
            if alts is None:
                return None
            choices.append(alts)
        out = []
        for combo in itertools.product(*choices):
            flat = [w for phrase in combo for w in phrase]
            if not flat:
                continue
            out.append((flat[-1], flat[:-1]))
            if len(out) > MAX_EXPANSIONS:
                break
        return out

    def data(self) -> dict:
        """What petrarch_verbs.json holds: stats, field names and the blocks with verbs."""
        blocks = [b for b in self.blocks if b["verbs"]]
        return {"stats": self.stats(), "pattern_fields": list(PATTERN_FIELDS), "blocks": blocks}

    def stats(self) -> dict:
        return {
            "synsets": len(self.synsets),
            "blocks": len(self.blocks),
            "verb_lines": self.verb_lines,
            "verbs_converted": self.verbs_converted,
            "pattern_lines": self.pattern_lines,
            "pattern_lines_converted": self.converted_lines,
            "pattern_entries": sum(len(b["patterns"]) for b in self.blocks),
            "skipped": dict(sorted(self.skipped.items())),
        }


def _tokens_in(inner: str) -> list[str]:
    out: list[str] = []
    for tok in TOKEN.findall(inner):
        if tok.startswith("{"):
            out.extend(tok[1:-1].split())
        else:
            out.append(tok)
    return out


def _code(text: str) -> tuple[str | None, str | None, bool]:
    """'190' -> ('190', None, True); '042:043' -> ('042', '043', True); ':173' -> (None,
    '173', True); '---' -> (None, None, True); a code outside CAMEO ('903', '075A') -> ok False."""
    text = text.strip()
    if ":" in text:
        a, b = (t.strip() for t in text.split(":", 1))
    else:
        a, b = text, ""
    ok = True
    out: list[str | None] = []
    for part in (a, b):
        if re.fullmatch(r"\d{2,4}", part) and 1 <= int(part[:2]) <= 20:
            out.append(part)
        else:
            out.append(None)
            if part not in ("", "---"):
                ok = False
    return out[0], out[1], ok


# ------------------------------------------------------------------------------ the entries
@dataclass(frozen=True, slots=True)
class LexEntry:
    """One way of reporting an event.  ``id`` is stable and readable; it becomes Event.rule.

    ``object_lemmas`` are alternatives (any one suffices); ``object_mods`` must all be present
    among the object's lemmas/modifiers; ``prep`` must govern the verb / noun; ``prep_objects``
    are alternatives for that preposition's object.  ``roles_reversed`` means the recipient
    acts on the actor (PETRARCH "[:173]": "X appeared in court" -> court charges X).
    ``reverse_cameo`` is the code of the mirror event the recipient takes part in
    ("X visited Y": 042 for X, 043 host a visit for Y)."""

    id: str
    lemma: str
    pos: str
    cameo: str | None
    plover: str | None
    mode: str | None
    quad_class: int | None
    intensity: float | None
    particle: str | None = None
    prep: str | None = None
    object_lemmas: tuple[str, ...] = ()
    object_mods: tuple[str, ...] = ()
    prep_objects: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    recipient_preps: tuple[str, ...] = ()
    reciprocal: bool = False
    roles_reversed: bool = False
    reverse_cameo: str | None = None
    source: str = ""
    name: str | None = None
    weight: float = 1.0

    @property
    def blocks(self) -> bool:
        """True for entries that say "no event here" (null code)."""
        return self.cameo is None


# CAMEO prefix -> the prepositions that introduce the recipient when there is no object
_RECIPIENT_PREPS: dict[str, tuple[str, ...]] = {
    "03": ("with", "to"),
    "036": ("with",),
    "04": ("with",),
    "042": ("to",),
    "045": ("between",),
    "05": ("to", "for", "with"),
    "06": ("with",),
    "07": ("to", "for"),
    "08": ("to", "from"),
    "081": ("on", "in", "for"),
    "087": ("from",),
    "09": ("into",),
    "10": ("from", "of", "to"),
    "11": ("of", "against", "for"),
    "12": ("from", "of"),
    "13": ("against", "with", "to"),
    "14": ("against", "outside", "in", "at"),
    "15": ("against", "near", "to"),
    "16": ("against", "on", "with", "from"),
    "17": ("against", "on", "in"),
    "1711": ("from",),
    "18": ("against", "on"),
    "19": ("against", "on", "in", "at"),
    "20": ("against", "on"),
}

# CAMEO codes whose events are typically mutual ("X and Y met / signed / fought").
_RECIPROCAL_PREFIXES = ("040", "041", "044", "046", "057", "06", "0871", "190", "193")


def default_recipient_preps(cameo: str | None) -> tuple[str, ...]:
    if not cameo:
        return ()
    for n in (4, 3, 2):
        if cameo[:n] in _RECIPIENT_PREPS and len(cameo) >= n:
            return _RECIPIENT_PREPS[cameo[:n]]
    return ()


def default_reciprocal(cameo: str | None) -> bool:
    return bool(cameo) and cameo.startswith(_RECIPROCAL_PREFIXES)


def _make_entry(
    *,
    id: str,
    lemma: str,
    pos: str,
    cameo: str | None,
    source: str,
    mode: str | None = None,
    plover: str | None = None,
    **kw: Any,
) -> LexEntry:
    context: tuple[str, ...] = ()
    name = None
    q = None
    intensity = None
    if cameo:
        base = cameo_entry(cameo)
        name = base.name
        if plover is None:
            plover, cmode = entry_plover(cameo)
            mode = mode or cmode
        context = base.context
        q = cameo_quad_class(cameo)
        intensity = plover_intensity(plover, cameo, mode)
    if "recipient_preps" not in kw or kw["recipient_preps"] is None:
        kw["recipient_preps"] = default_recipient_preps(cameo)
    if "reciprocal" not in kw or kw["reciprocal"] is None:
        kw["reciprocal"] = default_reciprocal(cameo)
    for key in ("object_lemmas", "object_mods", "prep_objects", "recipient_preps"):
        if key in kw:
            kw[key] = tuple(kw[key] or ())
    return LexEntry(
        id=id, lemma=lemma, pos=pos, cameo=cameo, plover=plover, mode=mode or None,
        quad_class=q, intensity=intensity, context=context, source=source, name=name, **kw,
    )


def recode(entry: LexEntry, cameo: str, tag: str) -> LexEntry:
    """``entry`` carried over to another CAMEO code (a promise, threat, demand or refusal of
    what it names): type, mode, context, quad class, intensity and name follow the new code;
    the id records how (``own:verb:release=>intent:0353``)."""
    plover, mode = entry_plover(cameo)
    base = cameo_entry(cameo)
    return replace(
        entry, id=f"{entry.id}=>{tag}:{cameo}", cameo=cameo, plover=plover, mode=mode,
        quad_class=cameo_quad_class(cameo), intensity=plover_intensity(plover, cameo, mode),
        context=base.context, name=base.name, reverse_cameo=None, roles_reversed=False,
        reciprocal=entry.reciprocal and cameo[:2] in ("03", "13"),
    )


# ------------------------------------------------------------------------------ rule storage
@dataclass(slots=True)
class _Rule:
    """A pattern not yet bound to a verb (PETRARCH patterns are shared by a block's verbs)."""

    particle: str | None
    obj: str | None
    obj_mods: frozenset[str]
    prep: str | None
    pobj: str | None
    pobj_mods: frozenset[str]
    cameo: str | None
    reverse_cameo: str | None
    priority: int
    key: str | None  # id fragment (computed on first use for PETRARCH rules)
    entry: LexEntry | None = None  # own/user rules come with their entry
    objs: frozenset[str] = frozenset()  # alternatives, own/user rules
    pobjs: frozenset[str] = frozenset()
    only_verb: str | None = None  # PETRARCH pattern kept for the verb it was written for
    noted: str | None = None  # the verb a PETRARCH pattern was written beside

    def rank(self, verb_particle: bool) -> tuple:
        return (
            bool(self.obj or self.objs),
            bool(self.particle) or verb_particle,
            bool(self.pobj or self.pobjs),
            bool(self.prep),
            len(self.obj_mods) + len(self.pobj_mods),
            self.priority,
        )


@dataclass(slots=True)
class _Block:
    name: str
    source: str
    by_obj: dict[str, list[_Rule]] = field(default_factory=dict)
    other: list[_Rule] = field(default_factory=list)
    has_particles: bool = False

    def add(self, rule: _Rule) -> None:
        self.has_particles = self.has_particles or bool(rule.particle)
        keys = [rule.obj] if rule.obj else sorted(rule.objs)
        if keys:
            for k in keys:
                self.by_obj.setdefault(k, []).append(rule)
        else:
            self.other.append(rule)

    def rules(self):
        seen: set[int] = set()
        for lst in list(self.by_obj.values()) + [self.other]:
            for r in lst:
                if id(r) not in seen:
                    seen.add(id(r))
                    yield r


@dataclass(slots=True)
class _Binding:
    """A verb lemma's membership in a block: its own particle and bare code."""

    block: _Block
    lemma: str
    particle: str | None
    cameo: str | None
    reverse_cameo: str | None
    source: str
    own_code: bool = True  # False: a PETRARCH verb that only inherits its block's code


# How much an entry is trusted, by where it comes from (LexEntry.weight; the extractor may
# scale its confidence by it).  PETRARCH's bare verbs inherit their synonym block's code,
# which is often loose in news English ("govern" -> 060); its patterns are tighter.
WEIGHTS = {
    "user": 1.0,
    "own": 0.9,
    "cameo2-pattern": 0.7,
    "cameo2-prep": 0.6,
    "cameo2-verb": 0.6,
    "cameo2-block": 0.4,
}


class LexiconError(ValueError):
    pass


class Lexicon:
    def __init__(self) -> None:
        self._verbs: dict[str, list[_Binding]] = {}
        self._nouns: dict[str, list[_Block]] = {}
        self._phrasal: set[tuple[str, str]] = set()  # (verb, particle) known as a unit
        self._entry_cache: dict[tuple, LexEntry] = {}
        self.stats: dict[str, int] = {}

    # ------------------------------------------------------------------ loading
    def load_petrarch(self, path: Path) -> None:
        """The shipped, converted PETRARCH-2 CAMEO verb dictionary (source "cameo2")."""
        data = json.loads(path.read_text(encoding="utf-8"))
        self._load_blocks(data, "cameo2")

    def _load_blocks(self, data: dict, source: str) -> None:
        fields = data["pattern_fields"]
        ix = {f: i for i, f in enumerate(fields)}
        n_rules = 0
        for b in data["blocks"]:
            block = _Block(b["name"], source)
            seen: set[tuple] = set()
            particles_here: set[str] = set()
            for row in b["patterns"]:
                particle = row[ix["particle"]]
                obj = norm(row[ix["obj"]])
                obj_mods = frozenset(norm(m) for m in row[ix["obj_mods"]])
                prep = row[ix["prep"]]
                pobj = norm(row[ix["pobj"]])
                pobj_mods = frozenset(norm(m) for m in row[ix["pobj_mods"]])
                noted = (row[ix["noted_verb"]] or "").lower() or None
                struct = (particle, obj, obj_mods, prep, pobj, pobj_mods, noted)
                if struct in seen:
                    continue  # first pattern of a duplicated structure wins, as listed
                seen.add(struct)
                rule = _Rule(particle, obj, obj_mods, prep, pobj, pobj_mods, row[ix["cameo"]],
                             row[ix["reverse_cameo"]], PRIORITY[source], None, noted=noted)
                if source == "cameo2" and prep and not (obj or pobj or particle):
                    # a bare "* (TO)" is too weak to share across a whole synonym block
                    # ("lead to" is no visit): keep it for the verb noted beside it only
                    rule.only_verb = (row[ix["noted_verb"]] or "").lower() or "\0"
                elif source == "cameo2" and particle and noted:
                    # a particle makes a phrasal verb of the verb it was written for: "kick
                    # off" talks is no "attack off the coast"
                    rule.only_verb = noted
                block.add(rule)
                n_rules += 1
            for row in b["patterns"]:
                if row[ix["particle"]]:
                    particles_here.add(row[ix["particle"]])
            for v in b["verbs"]:
                if v["particle"]:
                    self._phrasal.add((v["lemma"], v["particle"]))
                for p in particles_here:
                    self._phrasal.add((v["lemma"], p))
                self._verbs.setdefault(v["lemma"], []).append(
                    _Binding(block, v["lemma"], v["particle"], v["cameo"], v["reverse_cameo"],
                             source, v.get("own_code", True))
                )
        self.stats[f"{source}_blocks"] = self.stats.get(f"{source}_blocks", 0) + len(data["blocks"])
        self.stats[f"{source}_patterns"] = self.stats.get(f"{source}_patterns", 0) + n_rules
        self.stats[f"{source}_verbs"] = self.stats.get(f"{source}_verbs", 0) + sum(
            len(b["verbs"]) for b in data["blocks"])

    def load_user_file(self, path: Path | str) -> int:
        """A user lexicon file: our JSON Lines format, or a PETRARCH-2 verb dictionary
        (detected by content: ``--- NAME [code] ---`` block headers), which replaces the
        built-in entries of the verbs it lists.  Returns the number of
        entries (JSONL) or verbs (PETRARCH) read; PETRARCH patterns we cannot represent, and
        codes outside CAMEO, are skipped and counted in ``stats["user_petrarch"]``."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise LexiconError(f"lexicon file {path}: cannot read ({exc})") from exc
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        first = next((ln.strip() for ln in text.splitlines()
                      if ln.strip() and not ln.lstrip().startswith(("#", "<!--"))), "")
        if first.startswith("{") or not first:
            return self.load_jsonl(path, "user")
        if re.search(r"^---\s+\S+\s+\[[^\]]*\]", text, flags=re.M):
            pvf = PetrarchVerbFile(text)
            data = pvf.data()
            if not data["blocks"]:
                raise LexiconError(f"lexicon file {path}: a PETRARCH verb dictionary with no "
                                   "verb we can use")
            # as in PETRARCH, the dictionary given governs the verbs it lists: their built-in
            # entries give way (user entries from earlier files stay)
            for b in data["blocks"]:
                for v in b["verbs"]:
                    self._verbs[v["lemma"]] = [
                        x for x in self._verbs.get(v["lemma"], ()) if x.source == "user"]
            self._load_blocks(data, "user")
            self.stats.setdefault("user_petrarch", {})[str(path)] = pvf.stats()
            return sum(len(b["verbs"]) for b in data["blocks"])
        raise LexiconError(f"lexicon file {path}: neither JSON Lines (one object a line) nor a "
                           "PETRARCH verb dictionary ('--- NAME [code] ---' blocks)")

    def load_jsonl(self, path: Path, source: str) -> int:
        """Own/user entries, one JSON object a line (see data/lexicon/README.md)."""
        path = Path(path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise LexiconError(f"lexicon file {path}: cannot read ({exc})") from exc
        n = 0
        for lineno, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                rec = json.loads(line)
                n += self._add_record(rec, source, path.stem)
            except (json.JSONDecodeError, ValueError, TypeError, KeyError) as exc:
                raise LexiconError(f"lexicon file {path}, line {lineno}: {exc}") from exc
        self.stats[f"{source}_entries"] = self.stats.get(f"{source}_entries", 0) + n
        return n

    def _add_record(self, rec: dict, source: str, file_tag: str) -> int:
        if not isinstance(rec, dict):
            raise ValueError("each line must be a JSON object")
        unknown = set(rec) - _RECORD_KEYS
        if unknown:
            raise ValueError(f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_RECORD_KEYS)}")
        pos = rec.get("pos", "VERB").upper()
        if pos not in ("VERB", "NOUN"):
            raise ValueError(f"pos must be VERB or NOUN, not {pos!r}")
        lemmas = rec.get("lemmas") or ([rec["lemma"]] if rec.get("lemma") else [])
        if not lemmas:
            raise ValueError("a record needs 'lemma' or 'lemmas'")
        if "cameo" not in rec:
            raise ValueError("a record needs 'cameo' (a code string, or null to block)")
        cameo = _check_code(rec["cameo"]) if rec["cameo"] is not None else None
        plover = rec.get("plover")
        if plover is not None:
            from dotterel.models import PLOVER_TYPES

            if plover.upper() not in PLOVER_TYPES:
                raise ValueError(f"unknown PLOVER type {plover!r}")
            plover = plover.upper()
        group = rec.get("group", file_tag)
        objects = [norm(o) for o in rec.get("objects", [])]
        obj_mods = frozenset(norm(m) for m in rec.get("object_mods", []))
        prep = (rec.get("prep") or None) and rec["prep"].lower()
        pobjs = frozenset(norm(o) for o in rec.get("prep_objects", []))
        n = 0
        for spec in lemmas:
            words = spec.lower().split()
            lemma, particle = words[0], (words[1] if len(words) > 1 else None)
            if len(words) > 2:
                raise ValueError(f"lemma {spec!r}: at most verb + particle")
            if rec.get("particle"):
                particle = rec["particle"].lower()
            for obj in objects or [None]:
                head = lemma + (f"_{particle}" if particle else "")
                if pos == "NOUN":
                    ident = f"{source}:{group}:" + "_".join([*sorted(obj_mods), lemma])
                    if prep:
                        ident += f"+{prep}"
                else:
                    ident = f"{source}:{group}:{head}" + _pattern_key(
                        None, obj, sorted(obj_mods), prep, None, ())
                if pobjs:
                    ident += "(" + "|".join(sorted(pobjs)) + ")"
                if rec.get("id_suffix"):
                    ident += f"/{rec['id_suffix']}"
                entry = _make_entry(
                    id=ident, lemma=lemma, pos=pos, cameo=cameo, source=source,
                    mode=rec.get("mode"), plover=plover, particle=particle, prep=prep,
                    object_lemmas=(obj,) if obj else (), object_mods=tuple(sorted(obj_mods)),
                    prep_objects=tuple(sorted(pobjs)),
                    recipient_preps=rec.get("recipient_preps"), reciprocal=rec.get("reciprocal"),
                    roles_reversed=bool(rec.get("roles_reversed", False)),
                    reverse_cameo=rec.get("reverse_cameo"),
                    weight=WEIGHTS[source],
                )
                rule = _Rule(particle, obj, obj_mods, prep, None, frozenset(), cameo,
                             entry.reverse_cameo, PRIORITY[source], ident, entry=entry,
                             pobjs=pobjs)
                if pos == "VERB":
                    self._own_block(lemma, source).add(rule)
                else:
                    self._noun_block(norm(lemma), source).add(rule)
                if particle:
                    self._phrasal.add((lemma, particle))
                n += 1
        return n

    def _noun_block(self, key: str, source: str) -> _Block:
        for b in self._nouns.get(key, ()):
            if b.source == source:
                return b
        block = _Block(f"{source}:noun:{key}", source)
        self._nouns.setdefault(key, []).append(block)
        return block

    def _own_block(self, lemma: str, source: str) -> _Block:
        """One block per (lemma, source) for own/user verb entries."""
        for b in self._verbs.get(lemma, ()):
            if b.source == source and b.particle is None:
                return b.block
        block = _Block(f"{source}:{lemma}", source)
        self._verbs.setdefault(lemma, []).append(_Binding(block, lemma, None, None, None, source))
        return block

    # ------------------------------------------------------------------ matching
    def match_verb(
        self,
        lemma: str,
        particles: list[str] | tuple[str, ...] = (),
        object_lemmas: list[str] | tuple[str, ...] = (),
        preps: list[str] | tuple[str, ...] = (),
        prep_objects: list[str] | tuple[str, ...] = (),
        object_mods: list[str] | tuple[str, ...] = (),
    ) -> LexEntry | None:
        """The most specific entry for a verb with its particles, direct-object lemmas
        (heads; modifiers may be included or passed as ``object_mods``), governed
        prepositions and the lemmas of those prepositions' objects.  None when no entry
        applies or the best entry is a null-code blocker."""
        lem = lemma.strip().lower()
        lem = _LEMMA_FIXES.get(lem, lem)
        bindings = self._verbs.get(lem)
        if not bindings and lem.endswith("ise"):
            lem = lem[:-3] + "ize"  # British spelling of a verb we list in American
            bindings = self._verbs.get(lem)
        if not bindings:
            return None
        prts = {p.lower() for p in particles}
        preps_ = {p.lower() for p in preps}
        adps = prts | preps_
        # a particle that forms a known phrasal verb ("shoot down", "cut off") makes it a
        # different verb: then only entries with that particle apply
        phrasal = {p for p in prts if (lem, p) in self._phrasal}
        objs = {norm(o) for o in object_lemmas if o}
        mods = objs | {norm(m) for m in object_mods if m}
        pobjs = {norm(o) for o in prep_objects if o}

        def particle_ok(word: str, source_priority: int) -> bool:
            # spaCy often parses "stand by", "call for" with a preposition, so a preposition
            # may stand in for a particle -- except, for PETRARCH's patterns, the temporal /
            # locative ones ("demanded on Tuesday" is not "press on")
            if word in prts:
                return True
            return word in preps_ and (source_priority > 1 or word not in _AMBIGUOUS_PREPS)

        best: tuple | None = None
        best_hit: tuple[_Binding, _Rule | None] | None = None
        for b in bindings:
            prio = PRIORITY[b.source]
            if b.particle and not particle_ok(b.particle, prio):
                continue
            vpart = b.particle is not None
            if phrasal and b.particle is None and not b.block.has_particles:
                continue
            if (b.cameo or b.reverse_cameo) and (not phrasal or b.particle in phrasal):
                rank = (False, vpart, False, False, 0, prio, False)
                if best is None or rank > best:
                    best, best_hit = rank, (b, None)
            candidates: dict[int, _Rule] = {id(r): r for r in b.block.other}
            for o in sorted(objs | pobjs):  # sorted: ties must not depend on str hashing
                for r in b.block.by_obj.get(o, ()):
                    candidates[id(r)] = r
            for r in candidates.values():
                if r.only_verb is not None and r.only_verb != lem:
                    continue
                if r.particle:
                    if vpart:
                        continue
                    if r.obj:
                        # "AGREE ON SOLUTION": particle + object, or preposition + its object
                        if not ((r.particle in prts and r.obj in objs)
                                or (r.particle in preps_ and r.obj in pobjs)):
                            continue
                    elif not particle_ok(r.particle, r.priority):
                        continue
                elif r.obj and r.obj not in objs:
                    continue
                elif r.objs and not (r.objs & objs):
                    continue
                if phrasal and (r.particle or b.particle) not in phrasal:
                    continue
                if r.obj_mods and not r.obj_mods <= mods:
                    continue
                if r.prep:
                    if r.prep not in adps:
                        continue
                    if (r.priority == 1 and r.prep in _AMBIGUOUS_PREPS and not r.pobj
                            and not r.obj and not r.particle):
                        continue  # PETRARCH "* (ON)": fires on any date or place phrase
                if r.pobj and r.pobj not in pobjs:
                    continue
                if r.pobjs and not (r.pobjs & pobjs):
                    continue
                if r.pobj_mods and not r.pobj_mods <= (pobjs | mods):
                    continue
                # of one structure written beside several verbs of a block ("debate
                # sanctions" 040, "oppose sanctions" 052), the one written for this verb
                rank = (*r.rank(vpart), r.noted == lem)
                if best is None or rank > best:
                    best, best_hit = rank, (b, r)
        if best_hit is None:
            return None
        entry = self._entry(*best_hit)
        return None if entry.blocks else entry

    def match_noun(
        self, lemma: str, preps: list[str] | tuple[str, ...] = (),
        mods: list[str] | tuple[str, ...] = (), prep_objects: list[str] | tuple[str, ...] = (),
    ) -> LexEntry | None:
        """A nominal event ("attack", "normalization", "sanctions") with the prepositions
        attached to it and (optionally) its compound/adjective modifiers ("air" strike,
        "hunger" strike) and the lemmas of its prepositions' objects."""
        blocks = self._nouns.get(norm(lemma))
        if not blocks:
            return None
        adps = {p.lower() for p in preps}
        have = {norm(m) for m in mods if m}
        pobjs = {norm(o) for o in prep_objects if o}
        best, hit = None, None
        for r in (r for block in blocks for r in block.rules()):
            if r.obj_mods and not r.obj_mods <= have:
                continue
            if r.prep and r.prep not in adps:
                continue
            if r.pobjs and not (r.pobjs & pobjs):
                continue
            rank = (len(r.obj_mods), bool(r.pobjs), bool(r.prep), r.priority)
            if best is None or rank > best:
                best, hit = rank, r
        if hit is None or hit.entry is None or hit.entry.blocks:
            return None
        return hit.entry

    def _entry(self, binding: _Binding, rule: _Rule | None) -> LexEntry:
        if rule is not None and rule.entry is not None:
            return rule.entry
        ck = (id(binding), id(rule))
        cached = self._entry_cache.get(ck)
        if cached is not None:
            return cached
        verb = binding.lemma + (f"_{binding.particle}" if binding.particle else "")
        if rule is None:
            cameo, rev = binding.cameo, binding.reverse_cameo
            key = ""
            weight = WEIGHTS["cameo2-verb" if binding.own_code else "cameo2-block"]
        else:
            weight = WEIGHTS["cameo2-pattern" if (rule.obj or rule.pobj or rule.particle)
                             else "cameo2-prep"]
            if rule.key is None:
                rule.key = _pattern_key(rule.particle, rule.obj, sorted(rule.obj_mods), rule.prep,
                                        rule.pobj, sorted(rule.pobj_mods))
            cameo, rev, key = rule.cameo, rule.reverse_cameo, rule.key
        roles_reversed = cameo is None and rev is not None
        code = cameo or rev
        if binding.source != "cameo2":
            weight = WEIGHTS[binding.source]
        ident = f"{binding.source}:{verb}{key}:{code or 'null'}"
        entry = _make_entry(
            id=ident, lemma=binding.lemma, pos="VERB", cameo=code, source=binding.source,
            particle=binding.particle or (rule.particle if rule else None),
            prep=rule.prep if rule else None,
            object_lemmas=(rule.obj,) if rule and rule.obj else (),
            object_mods=tuple(sorted(rule.obj_mods)) if rule else (),
            prep_objects=(rule.pobj,) if rule and rule.pobj else (),
            recipient_preps=((rule.prep,) if rule and rule.prep and not rule.pobj else None),
            reciprocal=(cameo is not None and cameo == rev) or None,
            roles_reversed=roles_reversed,
            reverse_cameo=None if roles_reversed or rev == cameo else rev,
            weight=weight,
        )
        self._entry_cache[ck] = entry
        return entry

    def clone(self) -> Lexicon:
        """A copy that user entries can be added to without touching this one (blocks are
        shared; user entries always go to blocks of their own)."""
        other = Lexicon()
        other._verbs = {k: list(v) for k, v in self._verbs.items()}
        other._nouns = {k: list(v) for k, v in self._nouns.items()}
        other._phrasal = set(self._phrasal)
        other._entry_cache = self._entry_cache
        other.stats = dict(self.stats)
        return other

    # ------------------------------------------------------------------ inspection
    def verb_lemmas(self) -> set[str]:
        return set(self._verbs)

    def noun_lemmas(self) -> set[str]:
        return set(self._nouns)

    def coverage(self) -> Counter:
        """Number of entries per (PLOVER type, CAMEO code), counted without building them."""
        counts: Counter = Counter()
        for bindings in self._verbs.values():
            for b in bindings:
                code = b.cameo or b.reverse_cameo
                if code:
                    counts[(entry_plover(code)[0], code)] += 1
                for r in b.block.rules():
                    if r.particle and b.particle:
                        continue
                    if r.entry is not None:
                        counts[(r.entry.plover, r.entry.cameo)] += 1
                    elif r.cameo or r.reverse_cameo:
                        code = r.cameo or r.reverse_cameo
                        counts[(entry_plover(code)[0], code)] += 1
        for block in (b for blocks in self._nouns.values() for b in blocks):
            for r in block.rules():
                if r.entry is not None:
                    counts[(r.entry.plover, r.entry.cameo)] += 1
        return counts

    def iter_own_entries(self):
        """The hand-written (own) and user entries, verbs and nouns."""
        for bindings in self._verbs.values():
            for b in bindings:
                if b.source != "cameo2":
                    for r in b.block.rules():
                        yield r.entry
        for block in (b for blocks in self._nouns.values() for b in blocks):
            for r in block.rules():
                yield r.entry

    def iter_entries(self):
        """Every entry (PETRARCH patterns bound to each verb of their block: ~10^5 of them;
        for tests and statistics, not for the hot path)."""
        for bindings in self._verbs.values():
            for b in bindings:
                if b.cameo or b.reverse_cameo:
                    yield self._entry(b, None)
                for r in b.block.rules():
                    if r.particle and b.particle:
                        continue
                    yield self._entry(b, r)
        for block in (b for blocks in self._nouns.values() for b in blocks):
            for r in block.rules():
                if r.entry is not None:
                    yield r.entry


_RECORD_KEYS = {
    "lemma", "lemmas", "pos", "particle", "objects", "object_mods", "prep", "prep_objects",
    "cameo", "plover", "mode", "recipient_preps", "reciprocal", "roles_reversed",
    "reverse_cameo", "group", "id_suffix", "note",
}


def _pattern_key(particle, obj, obj_mods, prep, pobj, pobj_mods) -> str:
    s = ""
    if particle:
        s += f"_{particle}"
    if obj:
        s += "+" + "_".join([*obj_mods, obj])
    if prep:
        s += f"+{prep}"
        if pobj:
            s += "(" + "_".join([*pobj_mods, pobj]) + ")"
    return s


def own_files() -> list[Path]:
    return sorted(DATA.glob("own_*.jsonl"))


def get_lexicon(extra_files: tuple[str, ...] | list[str] = ()) -> Lexicon:
    """The lexicon (cached per process and per ``extra_files``).  User files (our JSONL
    format, or a PETRARCH-2 verb dictionary) win over built-in entries of the same
    specificity; a bad file raises LexiconError naming the file, line and reason."""
    return _lexicon(tuple(str(f) for f in extra_files))


@lru_cache(maxsize=8)
def _lexicon(extra_files: tuple[str, ...]) -> Lexicon:
    if extra_files:
        lex = _lexicon(()).clone()
        for path in extra_files:
            lex.load_user_file(path)
        return lex
    lex = Lexicon()
    lex.load_petrarch(DATA / "petrarch_verbs.json")
    for path in own_files():
        lex.load_jsonl(path, "own")
    return lex


@lru_cache(maxsize=1)
def get_discourse() -> dict[str, Any]:
    """Reporting verbs, denial verbs, hedges, future/modal markers and negators
    (``data/lexicon/discourse.json``); lists of lower-case words or phrases."""
    return json.loads((DATA / "discourse.json").read_text(encoding="utf-8"))
