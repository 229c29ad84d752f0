"""The lexicon's derived data against the reference files in ../shared: a silent parse
failure (a lost row, a changed format, stale data) fails here."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

from dotterel.knowledge.lexicon import (
    DATA,
    cameo_goldstein,
    cameo_name,
    cameo_to_plover,
    get_lexicon,
    plover_intensity,
)
from dotterel.models import PLOVER_TYPES

pytestmark = pytest.mark.shared


def _build_module():
    spec = importlib.util.spec_from_file_location("lexicon_build", DATA / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def codebook_rows(shared: Path) -> list[dict]:
    raw = (shared / "reference/cameo/cameo-codes.macroman.csv").read_bytes().decode("mac_roman")
    return list(csv.DictReader(io.StringIO(raw)))


def test_every_codebook_row_is_loaded(codebook_rows):
    shipped = json.loads((DATA / "cameo_codes.json").read_text())
    assert len(shipped) == len(codebook_rows) == 312
    for row in codebook_rows:
        assert cameo_name(row["code"]) == row["name"].strip()
        assert cameo_goldstein(row["code"]) == pytest.approx(float(row["goldstein"]))


def test_cameo2plover_table_is_applied(shared: Path):
    text = (shared / "reference/plover/CAMEO2PLOVER-2021.txt").read_text()
    rows = re.findall(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*)", text, flags=re.M)
    assert len(rows) > 250
    # documented corrections from the manual's text: sanctions are SANCTION 'discontinue';
    # easing a curfew / state of emergency is a CONCEDE
    corrected = {"163", "0813", "0814", "116"}
    for code, ptype, mode in rows:
        if code in corrected or code == "175":
            continue
        got_type, got_mode = cameo_to_plover(code)
        assert got_type == ptype, code
        assert (got_mode or "") == mode.strip().lower().replace(" ", ""), code
    assert cameo_to_plover("163") == ("SANCTION", "discontinue")
    assert cameo_to_plover("0814")[0] == "CONCEDE"
    assert cameo_to_plover("116") == ("SANCTION", "convict")


def test_every_plover_score_cell_is_parsed(shared: Path):
    tex = (shared / "reference/plover/PLOVER_MANUAL.tex").read_text()
    end = tex.rindex("\\label{tab:ploverscores}")
    table = tex[tex.rindex("\\begin{tabular}", 0, end):end]
    cells = re.findall(r"&\s*(?:\\cellcolor\{[^}]*\})?\s*-?\d+(?:\.\d+)?\s*(?:&|\\\\)", table)
    # each "& score &" / "& score \\" is one score cell
    shipped = json.loads((DATA / "plover_scores.json").read_text())
    assert len(shipped) == len(cells)
    for ptype in PLOVER_TYPES:
        assert ptype in shipped, ptype
        assert plover_intensity(ptype) == shipped[ptype]


def test_petrarch_conversion_counts_match_the_file(shared: Path):
    text = (shared / "reference/petrarch2/CAMEO.2.0.txt").read_text(encoding="latin-1")
    verbs_part = text[text.index("####### VERB PATTERNS"):]
    pattern_lines = sum(1 for ln in verbs_part.splitlines() if ln.lstrip().startswith("-")
                        and not ln.lstrip().startswith("---"))
    blocks = sum(1 for ln in verbs_part.splitlines() if ln.startswith("---"))
    stats = json.loads((DATA / "petrarch_verbs.json").read_text())["stats"]
    assert stats["pattern_lines"] == pattern_lines
    assert stats["blocks"] == blocks
    skipped_patterns = sum(n for k, n in stats["skipped"].items()
                           if k.startswith(("pattern", "prep", "empty")))
    assert stats["pattern_lines_converted"] + skipped_patterns == pattern_lines
    assert stats["pattern_lines_converted"] / pattern_lines > 0.85
    assert stats["verbs_converted"] / stats["verb_lines"] > 0.99
    lex = get_lexicon()
    assert lex.stats["cameo2_verbs"] == stats["verbs_converted"]


def test_shipped_data_is_what_the_build_script_makes(shared: Path, tmp_path: Path):
    build = _build_module()
    build.build(shared, tmp_path)
    for name in ("cameo_codes.json", "plover_scores.json", "petrarch_verbs.json"):
        assert (tmp_path / name).read_text() == (DATA / name).read_text(), (
            f"{name} is stale: run python src/dotterel/data/lexicon/build.py"
        )


def test_petrarch_examples_reach_their_codes(shared: Path):
    """Spot checks straight from the source dictionary: a pattern line and its code."""
    lex = get_lexicon()
    text = (shared / "reference/petrarch2/CAMEO.2.0.txt").read_text(encoding="latin-1")
    assert re.search(r"^- \* \{AIR RAID\} \(AGAINST\)\s+\[195\]", text, flags=re.M)
    e = lex.match_verb("stage", [], ["raid", "air"], ["against"])
    assert e is not None and e.cameo == "195"
    assert re.search(r"^- \* DEPLOYMENT\s+\[154\]", text, flags=re.M)
    e = lex.match_verb("accelerate", [], ["deployment"], [])
    assert e is not None and e.cameo == "154" and e.source == "cameo2"


def test_petrarch_validation_verbs_load_as_a_user_file(shared: Path):
    """The PETRARCH-2 unit tests come with their own verb dictionary (WEIS-flavoured codes);
    it loads as a user file, keeping what is CAMEO and counting what is not."""
    path = shared / "gold/petrarch2_unittest/PETR.Validate.verbs.txt"
    lex = get_lexicon((str(path),))
    stats = lex.stats["user_petrarch"][str(path)]
    blocks = sum(1 for ln in path.read_text(encoding="latin-1").splitlines()
                 if ln.startswith("---"))
    assert stats["blocks"] + stats["skipped"].get("bad_block_header", 0) == blocks
    assert stats["verbs_converted"] > 200
    assert stats["skipped"]["pattern_with_non_cameo_code"] > 0
    e = lex.match_verb("restore", [], ["ties"], [])
    assert e is not None and e.cameo == "064" and e.source == "user"
