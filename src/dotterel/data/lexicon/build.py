"""Derive the lexicon's data files from the reference material in ../shared.

    python src/dotterel/data/lexicon/build.py [--shared PATH] [--out DIR]

Reads (never copies text from):
  reference/cameo/cameo-codes.macroman.csv   codes, short names, Goldstein scores
  reference/plover/CAMEO2PLOVER-2021.txt     CAMEO code -> PLOVER type, mode, context
  reference/plover/PLOVER_MANUAL.tex         PLOVER score per type and type:mode
  reference/petrarch2/CAMEO.2.0.txt          verb synonym blocks and verb patterns

Writes (our own structured facts):
  cameo_codes.json      one record per CAMEO code: name, goldstein, plover, mode, context
  plover_scores.json    {"TYPE": score, "TYPE:mode": score}
  petrarch_verbs.json   verb blocks: lemmas (with particle) and patterns converted to
                        rows [particle, obj, obj_mods, prep, pobj, pobj_mods, cameo,
                        reverse_cameo, noted_verb] (PATTERN_FIELDS);
                        plus counts of what was converted and what was skipped and why.

The output is deterministic (sorted keys, stable order) so a test can rebuild it and compare.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parents[3].parent / "shared"

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

# The manual's score table gives ACCUSE +3 while every ACCUSE mode is negative and the text
# calls the scale conflictual for it: a sign slip; we use -3 (documented in the README).
SCORE_CORRECTIONS = {"ACCUSE": -3.0}

# Where the PLOVER manual's text contradicts the 2021 draft table, the manual wins.
# 163 (impose embargo, boycott, sanctions): manual, SANCTION section: "International
# (political or economic) sanctions are coded as `discontinue'".
# 0813 / 0814 (ease curfew, state of emergency): the CONCEDE section lists "removing curfews"
# and easing legal restrictions as verbal concessions; the draft table says RETREAT.
PLOVER_CORRECTIONS = {
    "163": ("SANCTION", "discontinue", ["economic"]),
    "0813": ("CONCEDE", None, ["legal"]),
    "0814": ("CONCEDE", None, ["legal"]),
}


# --------------------------------------------------------------------------- CAMEO codebook
def read_cameo_codebook(path: Path) -> list[dict]:
    text = path.read_bytes().decode("mac_roman")
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        code = row["code"].strip()
        if not re.fullmatch(r"\d{2,4}", code):
            raise ValueError(f"{path}: unexpected CAMEO code {code!r}")
        rows.append(
            {
                "code": code,
                "name": row["name"].strip(),
                "goldstein": float(row["goldstein"]),
                "root": row["root_code"].strip(),
            }
        )
    return rows


def read_cameo2plover(path: Path) -> dict[str, tuple[str, str | None, list[str]]]:
    table: dict[str, tuple[str, str | None, list[str]]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.fullmatch(r"(\d{2,4})\s*:\s*(.+)", line)
        if not m:
            continue
        code, rest = m.groups()
        parts = [p.strip() for p in rest.split(",")]
        plover = parts[0].upper()
        mode = parts[1].lower().replace(" ", "") if len(parts) > 1 and parts[1] else None
        context = []
        if len(parts) > 2 and parts[2]:
            context = [c.strip().lower() for c in parts[2].split(";") if c.strip()]
        if len(code) == 2:
            continue  # section headings ("08: RETREAT"); roots use their "xx0" row
        table.setdefault(code, (plover, mode or None, context))
    return table


def read_plover_scores(path: Path) -> dict[str, float]:
    tex = path.read_text(encoding="utf-8")
    start = tex.rindex("\\label{tab:ploverscores}")
    # the live (uncommented) table is the last one before the label
    begin = tex.rindex("\\begin{tabular}", 0, start)
    body = tex[begin:start]
    scores: dict[str, float] = {}
    for line in body.splitlines():
        if line.lstrip().startswith("%"):
            continue
        cells = [re.sub(r"\\cellcolor\{[^}]*\}", "", c).strip() for c in line.split("&")]
        cells = [c.replace("\\\\", "").replace("\\hline", "").strip() for c in cells]
        for label, value in zip(cells[0::2], cells[1::2], strict=False):
            if not label or not re.fullmatch(r"-?\d+(\.\d+)?", value):
                continue
            if ":" in label:
                ptype, mode = (s.strip() for s in label.split(":", 1))
                scores[f"{ptype.upper()}:{mode.lower()}"] = float(value)
            else:
                scores[label.upper()] = float(value)
    for key, value in SCORE_CORRECTIONS.items():
        scores[key] = value
    return dict(sorted(scores.items()))


def plover_for(code: str, table: dict) -> tuple[str | None, str | None, list[str]]:
    if code[:2] in ("01", "02"):
        return None, None, []
    if code in PLOVER_CORRECTIONS:
        p, m, c = PLOVER_CORRECTIONS[code]
        return p, m, list(c)
    probe = code if len(code) > 2 else code + "0"
    while probe:
        if probe in table:
            return table[probe]
        if len(probe) == 3 and probe[2] != "0":
            probe = probe[:2] + "0"
        else:
            probe = probe[:-1] if len(probe) > 3 else ""
    return None, None, []


def build_cameo(shared: Path) -> list[dict]:
    codebook = read_cameo_codebook(shared / "reference/cameo/cameo-codes.macroman.csv")
    table = read_cameo2plover(shared / "reference/plover/CAMEO2PLOVER-2021.txt")
    out = []
    for row in codebook:
        plover, mode, context = plover_for(row["code"], table)
        out.append({**row, "plover": plover, "mode": mode, "context": context})
    return out


# --------------------------------------------------------------------- PETRARCH verb patterns
TOKEN = re.compile(r"\([^()]*\)|\{[^{}]*\}|\S+")


def _words(phrase: str) -> list[str]:
    return [w for w in phrase.lower().replace("_", " ").split() if w]


class VerbFile:
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
    def _expand(self, word: str) -> list[list[str]] | None:
        if word.startswith("&"):
            members = self.synsets.get(word[1:].upper())
            if members is None:
                return None
            return [_words(m) for m in members]
        return [[word.lower()]]

    def _parse(self, text: str) -> None:
        section = "preamble"
        current_synset: str | None = None
        block: dict | None = None
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].rstrip()
            if "SYNONYM SETS" in raw and raw.startswith("#"):
                section = "synsets"
                continue
            if "VERB PATTERNS" in raw and raw.startswith("#"):
                section = "verbs"
                continue
            if not line.strip():
                continue
            if section == "synsets":
                s = line.strip()
                if s.startswith("&"):
                    current_synset = s[1:].rstrip("_").upper()
                    self.synsets[current_synset] = [current_synset.lower()]
                elif s.startswith("+") and current_synset:
                    self.synsets[current_synset].append(s[1:].rstrip("_").replace("_", " "))
                continue
            if section != "verbs":
                continue
            s = line.strip()
            if s.startswith("~"):
                self.skipped["transformation"] += 1
                continue
            if s.startswith("---"):
                m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", s)
                if not m:
                    self.skipped["bad_block_header"] += 1
                    block = None
                    continue
                block = {
                    "name": m.group(1).upper(),
                    "cameo": _code(m.group(2))[0],
                    "verbs": [],
                    "patterns": [],
                }
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
        cameo, reverse = _code(code_m.group(1)) if code_m else (block["cameo"], None)
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
        cameo, reverse = _code(code)
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


def _code(text: str) -> tuple[str | None, str | None]:
    """'190' -> ('190', None); '042:043' -> ('042', '043'); ':173' -> (None, '173');
    '---' -> (None, None)."""
    text = text.strip()
    if ":" in text:
        a, b = (t.strip() for t in text.split(":", 1))
    else:
        a, b = text, ""
    a = a if re.fullmatch(r"\d{2,4}", a) else None
    b = b if re.fullmatch(r"\d{2,4}", b) else None
    return a, b


def build_petrarch(shared: Path) -> dict:
    text = (shared / "reference/petrarch2/CAMEO.2.0.txt").read_text(encoding="latin-1")
    vf = VerbFile(text)
    blocks = [b for b in vf.blocks if b["verbs"]]
    return {"stats": vf.stats(), "pattern_fields": list(PATTERN_FIELDS), "blocks": blocks}


def build(shared: Path, out: Path) -> dict[str, object]:
    out.mkdir(parents=True, exist_ok=True)
    cameo = build_cameo(shared)
    scores = read_plover_scores(shared / "reference/plover/PLOVER_MANUAL.tex")
    petrarch = build_petrarch(shared)
    files = {
        "cameo_codes.json": cameo,
        "plover_scores.json": scores,
        "petrarch_verbs.json": petrarch,
    }
    for name, data in files.items():
        (out / name).write_text(
            json.dumps(data, indent=None, sort_keys=True, separators=(",", ":")) + "\n",
            encoding="utf-8",
        )
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args()
    files = build(args.shared, args.out)
    print(json.dumps({"cameo_codes": len(files["cameo_codes.json"]),
                      "plover_scores": len(files["plover_scores.json"]),
                      **files["petrarch_verbs.json"]["stats"]}, indent=1))


if __name__ == "__main__":
    main()
