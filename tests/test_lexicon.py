"""The verb / phrase lexicon: lookups, coverage, helpers, user files (no ../shared needed)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from dotterel.knowledge.lexicon import (
    LexEntry,
    LexiconError,
    cameo_appeal,
    cameo_context,
    cameo_demand,
    cameo_intent,
    cameo_name,
    cameo_quad_class,
    cameo_refusal,
    cameo_to_plover,
    get_discourse,
    get_lexicon,
    norm,
    plover_intensity,
    recode,
)
from dotterel.models import PLOVER_TYPES


@pytest.fixture(scope="module")
def lex():
    return get_lexicon()


@pytest.fixture(scope="module")
def coverage(lex):
    return lex.coverage()


def verb(lex, lemma, particles=(), objects=(), preps=(), **kw) -> LexEntry:
    e = lex.match_verb(lemma, list(particles), list(objects), list(preps), **kw)
    assert e is not None, f"no entry for {lemma} {particles} {objects} {preps}"
    return e


# ---------------------------------------------------------------------------- coverage
def test_every_plover_type_reachable_through_several_entries(coverage):
    per_type = Counter()
    for (plover, _code), n in coverage.items():
        per_type[plover] += n
    for ptype in PLOVER_TYPES:
        assert per_type[ptype] >= 5, f"{ptype} reachable through {per_type[ptype]} entries"
    assert set(per_type) - {None} <= set(PLOVER_TYPES)


def test_every_cameo_root_reachable_through_several_entries(coverage):
    per_root = Counter()
    for (_plover, code), n in coverage.items():
        if code:
            per_root[code[:2]] += n
    for root in range(1, 21):
        assert per_root[f"{root:02d}"] >= 5, f"CAMEO root {root:02d}: {per_root[f'{root:02d}']}"


def test_own_entries_alone_reach_every_plover_type_and_root(lex):
    """Our hand-written entries cover the ontology even without the PETRARCH layer."""
    own = [e for e in lex.iter_own_entries() if e.cameo]
    assert {e.plover for e in own} >= set(PLOVER_TYPES)
    assert {e.cameo[:2] for e in own} >= {f"{r:02d}" for r in range(1, 21)}


def test_entry_ids_are_unique_and_readable(lex):
    ids = [e.id for e in lex.iter_own_entries()]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, dupes[:10]
    assert all(i.startswith("own:") and ":" in i[4:] for i in ids)


# ---------------------------------------------------------------------------- verb lookups
@pytest.mark.parametrize(
    "lemma,particles,objects,preps,cameo,plover",
    [
        ("attack", [], [], [], "190", "ASSAULT"),
        ("launch", [], ["attack"], ["on"], "190", "ASSAULT"),
        ("carry", ["out"], ["strikes"], [], "190", "ASSAULT"),
        ("carry", ["out"], ["strike", "air"], [], "195", "ASSAULT"),
        ("stand", ["by"], [], [], "050", "SUPPORT"),
        ("stand", [], [], ["by"], "050", "SUPPORT"),  # spaCy may tag "by" as a preposition
        ("shoot", ["down"], ["drone"], [], "190", "ASSAULT"),
        ("provide", [], ["support"], [], "051", "SUPPORT"),
        ("provide", [], ["aid"], [], "070", "AID"),
        ("provide", [], ["support"], [], "051", "SUPPORT"),
        ("provide", [], ["support", "military"], [], "072", "AID"),
        ("offer", [], ["aid"], [], "033", "AGREE"),
        ("recognize", [], [], [], "054", "SUPPORT"),
        ("praise", [], [], [], "051", "SUPPORT"),
        ("impose", [], ["sanctions"], ["on"], "163", "SANCTION"),
        ("hold", [], ["talks"], ["with"], "046", "CONSULT"),
        ("sign", [], ["agreement"], [], "057", "SUPPORT"),
        ("issue", [], ["warning"], [], "130", "THREATEN"),
        ("lodge", [], ["protest"], [], "114", "ACCUSE"),
        ("call", [], [], ["for"], "020", "REQUEST"),
        ("crack", ["down"], [], ["on"], "170", "COERCE"),
        ("pull", ["out"], ["troops"], [], "0874", "RETREAT"),
        ("withdraw", [], ["troops"], ["from"], "0874", "RETREAT"),
        ("cut", ["off"], ["ties"], ["with"], "161", "SANCTION"),
        ("observe", [], ["ceasefire"], [], "0871", "RETREAT"),
        ("declare", [], ["ceasefire"], [], "0871", "RETREAT"),
        ("lift", [], ["curfew"], [], "081", "CONCEDE"),
        ("call", ["off"], ["strike"], [], "082", "CONCEDE"),
        ("deploy", [], ["troops"], [], "154", "MOBILIZE"),
        ("condemn", [], [], [], "111", "ACCUSE"),
        ("reject", [], ["proposal"], [], "120", "REJECT"),
        ("demand", [], [], [], "100", "REQUEST"),
        ("cooperate", [], [], ["with"], "060", "COOPERATE"),
        ("strengthen", [], ["cooperation"], [], "060", "COOPERATE"),  # CAMEO 06: "expand"
        ("expand", [], ["cooperation", "military"], [], "062", "COOPERATE"),
        ("decline", [], ["assistance"], [], "122", "REJECT"),
        ("release", [], ["prisoners"], [], "0841", "RETREAT"),
        ("back", ["down"], [], [], "080", "CONCEDE"),
        ("stage", [], ["demonstration"], [], "141", "PROTEST"),
        ("arrest", [], [], [], "173", "COERCE"),
        ("meet", [], [], ["with"], "040", "CONSULT"),
    ],
)
def test_verb_lookups(lex, lemma, particles, objects, preps, cameo, plover):
    e = verb(lex, lemma, particles, objects, preps)
    assert (e.cameo, e.plover) == (cameo, plover), e.id
    assert e.quad_class == cameo_quad_class(cameo)
    assert e.intensity is not None and -10 <= e.intensity <= 10


def test_light_verb_id_names_the_phrase(lex):
    e = verb(lex, "launch", [], ["attack"])
    assert e.id == "own:light:launch+attack"
    assert e.object_lemmas == ("attack",)
    assert "against" in e.recipient_preps and "on" in e.recipient_preps


def test_object_beats_particle_beats_bare(lex):
    bare = verb(lex, "cut", ["off"])
    with_obj = verb(lex, "cut", ["off"], ["aid"])
    assert bare.cameo == "161" and with_obj.cameo == "162"


def test_generic_verbs_alone_are_no_events(lex):
    for lemma in ("take", "give", "launch", "hold", "make", "have"):
        assert lex.match_verb(lemma, [], [], []) is None, lemma
    assert lex.match_verb("take", [], ["hostage"], []).cameo == "181"


def test_plural_and_case_do_not_matter(lex):
    a = verb(lex, "Impose", [], ["Sanctions"])
    b = verb(lex, "impose", [], ["sanction"])
    assert a.id == b.id
    assert norm("talks") == norm("talk") == "talk"
    assert norm("sanctions") == "sanction" and norm("casualties") == "casualty"


def test_unknown_verb_is_none(lex):
    assert lex.match_verb("xylophonize", [], [], []) is None
    assert lex.match_noun("xylophone", []) is None


def test_petrarch_patterns_are_reachable(lex):
    """A pattern only PETRARCH has: 'stage' + 'sit-in' style objects come from CAMEO.2.0."""
    e = verb(lex, "rush", [], ["aid"])
    assert e.source == "cameo2" and e.cameo == "070"
    assert e.id.startswith("cameo2:rush+aid:")


def test_visit_has_mirror_code(lex):
    e = verb(lex, "visit")
    assert (e.cameo, e.reverse_cameo, e.mode) == ("042", "043", "visit")


def test_appeals_are_request_but_keep_cameo_02(lex):
    e = verb(lex, "urge")
    assert e.cameo.startswith("02") and e.plover == "REQUEST" and e.quad_class == 0
    assert cameo_to_plover("020") == (None, None)  # the table itself stays faithful


def test_statements_have_no_plover_type(lex):
    e = verb(lex, "say")
    assert e.cameo == "010" and e.plover is None and e.quad_class == 0


# ---------------------------------------------------------------------------- nouns
@pytest.mark.parametrize(
    "lemma,preps,mods,cameo,plover",
    [
        ("normalization", ["of", "between"], [], "050", "SUPPORT"),
        ("mediation", ["of"], [], "045", "CONSULT"),
        ("recognition", ["of"], [], "054", "SUPPORT"),
        ("sanctions", ["on"], [], "163", "SANCTION"),
        ("attack", ["on"], [], "190", "ASSAULT"),
        ("invasion", ["of"], [], "190", "ASSAULT"),
        ("airstrike", [], [], "195", "ASSAULT"),
        ("strike", ["on"], ["air"], "195", "ASSAULT"),
        ("strike", [], ["hunger"], "142", "PROTEST"),
        ("aid", ["to"], [], "070", "AID"),
        ("talks", ["with"], [], "046", "CONSULT"),
        ("visit", ["to"], [], "042", "CONSULT"),
        ("protest", [], [], "141", "PROTEST"),
        ("ceasefire", [], [], "0871", "RETREAT"),
        ("call", ["for"], [], "020", "REQUEST"),
    ],
)
def test_noun_lookups(lex, lemma, preps, mods, cameo, plover):
    e = lex.match_noun(lemma, preps, mods)
    assert e is not None and (e.cameo, e.plover) == (cameo, plover)
    assert e.pos == "NOUN"


def test_normalization_is_reciprocal(lex):
    e = lex.match_noun("normalization", ["of", "between"])
    assert e.reciprocal and "between" in e.recipient_preps


def test_bare_call_is_blocked(lex):
    assert lex.match_noun("call", []) is None
    assert lex.match_noun("call", [], ["phone"]).cameo == "041"


# ---------------------------------------------------------------------------- helpers
def test_penta_class():
    expected = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3, 12: 3,
                13: 3, 14: 4, 15: 4, 16: 3, 17: 4, 18: 4, 19: 4, 20: 4}
    for root, q in expected.items():
        assert cameo_quad_class(f"{root:02d}") == q
        assert cameo_quad_class(f"{root:02d}0") == q
    assert cameo_quad_class("0871") == 2
    with pytest.raises(ValueError, match="not a CAMEO code"):
        cameo_quad_class("abc")
    with pytest.raises(ValueError, match="root"):
        cameo_quad_class("21")


def test_cameo_to_plover_and_names():
    assert cameo_to_plover("190") == ("ASSAULT", None)
    assert cameo_to_plover("0871") == ("RETREAT", "ceasefire")
    assert cameo_to_plover("083")[0] == "CONCEDE"
    assert cameo_to_plover("084")[0] == "RETREAT"
    assert cameo_to_plover("163") == ("SANCTION", "discontinue")
    assert cameo_to_plover("010") == (None, None)
    assert cameo_to_plover("1952") == cameo_to_plover("195")  # unlisted leaf -> parent
    assert cameo_name("051") == "Praise or endorse"
    assert cameo_name("045") == "Mediate"
    assert "military" in cameo_context("0312")


def test_plover_intensity():
    assert plover_intensity("ASSAULT", "190") == -9.0
    assert plover_intensity("RETREAT", "0871") == 7.5  # RETREAT: ceasefire
    assert plover_intensity("CONSULT", "042") == 4.0  # CONSULT: visit
    assert plover_intensity("AID", "070") == 10.0
    assert plover_intensity("ACCUSE", "110", mode="disapprove") == -2.0
    assert plover_intensity("ACCUSE", None) < 0  # sign slip in the manual corrected
    assert plover_intensity(None, "013") == pytest.approx(0.4)  # Goldstein stands in


def test_discourse_lists():
    d = get_discourse()
    for key in ("reporting_verbs", "denial_verbs", "hedge_words", "hedge_phrases",
                "future_markers", "negators", "hypothetical_markers"):
        assert d[key] and all(isinstance(w, str) and w == w.lower() for w in d[key]), key
    assert {"say", "tell", "claim", "announce"} <= set(d["reporting_verbs"])
    assert "reportedly" in d["hedge_words"] and "if confirmed" in d["hedge_phrases"]
    assert "deny" in d["denial_verbs"] and "will" in d["future_markers"]


# ---------------------------------------------------------------------------- user files
def test_user_file_overrides_and_adds(tmp_path):
    f = tmp_path / "mine.jsonl"
    lines = [
        "# a comment",
        {"lemmas": ["torpedo"], "cameo": "190"},
        {"lemmas": ["praise"], "cameo": "013", "group": "mine"},  # override a built-in
        {"lemmas": ["launch"], "objects": ["attack"], "cameo": "183"},
        {"lemmas": ["take"], "objects": ["hostage"], "cameo": None},  # block
        {"pos": "NOUN", "lemmas": ["skirmish"], "cameo": "193", "reciprocal": True},
    ]
    f.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    lex = get_lexicon((str(f),))
    assert lex is get_lexicon((str(f),))  # cached
    assert lex is not get_lexicon()
    assert verb(lex, "torpedo").id == "user:mine:torpedo"
    assert verb(lex, "praise").cameo == "013"
    assert verb(lex, "praise").source == "user"
    assert verb(lex, "launch", [], ["attack"]).cameo == "183"
    assert lex.match_verb("take", [], ["hostage"], []) is None
    e = lex.match_noun("skirmish", [])
    assert e.cameo == "193" and e.reciprocal and e.source == "user"
    # the default lexicon is untouched
    assert verb(get_lexicon(), "praise").cameo == "051"


@pytest.mark.parametrize(
    "line,reason",
    [
        ("{not json", "line 1"),
        (json.dumps({"lemmas": ["x"]}), "needs 'cameo'"),
        (json.dumps({"cameo": "190"}), "needs 'lemma'"),
        (json.dumps({"lemmas": ["x"], "cameo": "99"}), "root"),
        (json.dumps({"lemmas": ["x"], "cameo": "1a0"}), "not a CAMEO code"),
        (json.dumps({"lemmas": ["x"], "cameo": "190", "colour": 1}), "unknown field"),
        (json.dumps({"lemmas": ["x"], "cameo": "190", "plover": "FLY"}), "PLOVER type"),
        (json.dumps({"lemmas": ["x"], "cameo": "190", "pos": "ADJ"}), "pos"),
    ],
)
def test_bad_user_file_is_a_clear_error(tmp_path, line, reason):
    f = tmp_path / "bad.jsonl"
    f.write_text(line + "\n")
    with pytest.raises(LexiconError, match="bad.jsonl") as err:
        get_lexicon((str(f),))
    assert reason in str(err.value)


def test_missing_user_file_is_a_clear_error(tmp_path):
    with pytest.raises(LexiconError, match="cannot read"):
        get_lexicon((str(tmp_path / "nope.jsonl"),))


def test_parallel_codes_follow_cameo_structure():
    # promises and threats
    assert cameo_intent("0841") == "0353"  # will release -> intent to release
    assert cameo_intent("0871") == "0356"  # will observe a ceasefire
    assert cameo_intent("046") == "036" and cameo_intent("045") == "039"
    assert cameo_intent("163") == "1312"  # would impose sanctions -> threaten to sanction
    assert cameo_intent("191") == "1381" and cameo_intent("192") == "1382"
    assert cameo_intent("195") == "1384" and cameo_intent("2042") == "1385"
    assert cameo_intent("120") is None and cameo_intent("030") is None
    # demands, appeals, refusals
    assert cameo_demand("0841") == "1053" and cameo_appeal("0841") == "0253"
    assert cameo_demand("0871") == "1056" and cameo_demand("046") == "106"
    assert cameo_refusal("0841") == "1243" and cameo_refusal("046") == "125"
    assert cameo_refusal("085") == "1244" and cameo_refusal("045") == "126"
    assert cameo_demand("190") is None and cameo_refusal("190") is None
    # every code the tables produce is a real code of the family they promise
    for code in ("040", "045", "057", "061", "072", "0834", "0862", "0874", "141", "152",
                 "1623", "1724", "175", "1833", "193", "2041"):
        for fn, roots in ((cameo_intent, {"03", "13"}), (cameo_demand, {"10"}),
                          (cameo_appeal, {"02"}), (cameo_refusal, {"12"})):
            out = fn(code)
            if out is not None:
                assert out[:2] in roots and cameo_name(out), (fn.__name__, code, out)


def test_recode_carries_an_entry_to_its_parallel_code(lex):
    release = verb(lex, "release", [], ["prisoners"])
    promise = recode(release, cameo_intent(release.cameo), "intent")
    assert (promise.cameo, promise.plover, promise.quad_class) == ("0353", "AGREE", 1)
    assert promise.id == release.id + "=>intent:0353"
    assert promise.intensity == plover_intensity("AGREE", "0353")
    threat = recode(verb(lex, "impose", [], ["blockade"]), "1381", "intent")
    assert (threat.plover, threat.mode, threat.quad_class) == ("THREATEN", "restrict", 3)


def test_petrarch_format_user_file_replaces_the_verbs_it_lists(tmp_path):
    f = tmp_path / "verbs.txt"
    f.write_text(
        "<!-- a tiny verb dictionary in PETRARCH-2 format -->\n"
        "&TIES\n+RELATIONS\n+LINKS\n\n"
        "--- MEND [050] ---\n"
        "MEND\n"
        "REPAIR_+X [999]\n"  # a compound we do not represent
        "- * &TIES [064]\n"
        "- * FENCES [051]  # mend\n"
        "- * {BROKEN ROADS} [999]\n"  # not a CAMEO code: skipped
        "- SOMEONE * [010]\n"  # words before the verb: skipped
        "\n--- PRAISE [057] ---\nPRAISE\n"
    )
    lex = get_lexicon((str(f),))
    assert verb(lex, "mend", [], ["links"]).cameo == "064"
    assert verb(lex, "mend", [], ["relation"]).id == "user:mend+relation:064"
    assert verb(lex, "mend", [], ["fence"]).cameo == "051"
    assert verb(lex, "mend").cameo == "050"
    assert verb(lex, "mend", [], ["road"]).cameo == "050"  # the skipped pattern left no entry
    # the file governs the verbs it lists: the built-in praise (051) gives way
    assert verb(lex, "praise").cameo == "057" and verb(lex, "praise").source == "user"
    stats = lex.stats["user_petrarch"][str(f)]
    assert stats["pattern_lines"] == 4 and stats["pattern_lines_converted"] == 2
    assert stats["skipped"]["pattern_with_non_cameo_code"] == 1
    assert stats["skipped"]["pattern_with_pre_verb_words"] == 1


def test_unrecognized_user_file_is_a_clear_error(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("just some words\n")
    with pytest.raises(LexiconError, match="neither JSON Lines"):
        get_lexicon((str(f),))
