"""Error analysis: group the misses of an evaluation report by cause, as Markdown.

    python -m dotterel.evaluate.analysis report.json > eval-findings.md

A missed trigger is classed from its parse (nominal, passive, coordinated, embedded clause)
and from the lexicon (lemma absent); participant misses by what went wrong (none found,
found but unresolved, resolved to the wrong code).  The classes are heuristics meant to point
at general fixes, not a diagnosis of each sentence.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

EXAMPLES = 3

FIXES = {
    "nominal trigger": "nominal events (noun triggers with of/between/against arguments and "
                       "possessive actors) in the extractor, and their nouns in the lexicon",
    "nominal trigger, noun not in lexicon": "add the event nouns to the lexicon (match_noun)",
    "passive": "passive frames: nsubjpass is the recipient, the by-agent the actor; agentless "
               "passives still code with an unknown actor",
    "coordination": "share subject/object across conjoined verbs (conj inherits nsubj/dobj)",
    "missing verb lemma": "add the verb lemmas (with their CAMEO/PLOVER mapping) to the lexicon",
    "embedded clause": "code events in complement/adverbial/relative clauses (xcomp, ccomp, "
                       "advcl, relcl), with the controller as actor, and mark status",
    "verb in lexicon, not coded": "frame or participant matching rejects it: check particle/"
                                  "object requirements and the 'no known participant' filter",
    "verb in lexicon, no named country/group in the sentence": "the coder drops events with "
        "no coded participant; generic agents (gunmen, police, protesters, troops) should code "
        "with a sector and unknown country rather than drop the event",
    "trigger coded, wrong type": "lexicon mapping or the most-specific-entry choice "
                                 "(particle/object) picks the wrong type for this verb sense",
    "no actor found": "actor extraction: subjects through relative clauses, appositions, "
                      "'X said' claimants used as actors for speech events",
    "actor unresolved (no code)": "actor knowledge: demonyms, titles + names, organisations "
                                  "and generic agents (rebels, police) need codes/sectors",
    "wrong actor resolution": "actor resolution picks the wrong noun phrase or entity "
                              "(modifier vs head, recipient confused with actor)",
    "no recipient found": "recipient extraction: dobj, prepositional objects (to/with/against), "
                          "and the object of the nominal",
    "recipient unresolved (no code)": "actor knowledge for recipients (as for actors)",
    "wrong recipient resolution": "recipient choice: prefer the event's object over other "
                                  "noun phrases in the clause",
    "no event coded": "trigger coverage (lexicon lemmas, nominal and passive frames)",
    "wrong class": "the CAMEO code chosen for the trigger sense (lexicon mapping)",
    "spurious event": "false triggers: speech verbs without an event complement, "
                      "non-political subjects; require a political participant",
    "spurious: extra event beside the gold one": "often legitimate second events (the GSR codes "
        "one event a sentence); check only those on words that are not events",
    "spurious: coded instead of the gold type": "sense choice in the lexicon, and events coded "
        "inside complements whose governing verb carries the gold type",
    "mode": "mode assignment per lexicon entry (PLOVER modes of each type)",
    "location": "event place choice (see event_location)",
    "source_span": "actor extraction (subject through auxiliaries, relative clauses)",
    "target_span": "recipient extraction (objects, prepositional objects, nominal arguments)",
    "extra_class": "second events of another class in the same sentence (often legitimate)",
    "root": "trigger coverage and CAMEO code choice for the PETRARCH verb patterns",
    "dyad": "actor/recipient choice in compound and coordinated phrases",
    "no_violent_event": "violent verbs and nouns (kidnap, abduct, detain, shoot, torture, raid) "
                        "and agentless passives ('was arrested') must code ASSAULT/COERCE",
    "perpetrator_sector": "sector of the perpetrator: police/army/security forces -> state "
                          "sectors; gunmen/militants/mobs -> non-state",
    "status": "status cues (negation scope, denial verbs, hedges)",
    "claimant": "claimant extraction from 'X said', 'according to X'",
    "no_event": "trigger coverage (see the other datasets' trigger classes)",
    "no place coded": "fall back, when the sentence names no place, to the article's "
                      "dateline or dominant place (or the actor's country for state actors)",
    "other place": "place choice (see event_location)",
    "publication date used (no date found in the text)": "look for the event date beyond the "
        "sentence: the article's first dated mention of the same event, and dates in "
        "adjacent sentences",
    "wrong date from the text": "date attachment: the date phrase governing the trigger, not "
                                "another clause's date",
    "unlabelled_not_coded": "trigger coverage (these sentences carry an event with "
                            "annotated actors but no class)",
    "location_missing": "place extraction: 'in/at/near X' attached to the trigger or its "
                        "object, and the sentence's only place when unattached",
    "location_wrong": "place choice: prefer the place attached to the trigger over places in "
                      "other clauses or inside actor names",
    "location_spurious": "place extraction picks places that are not where the event "
                         "happened (origins, actor modifiers such as 'Syrian')",
}


ROOT = (-1, -1)  # stands for "the sentence's root token" in the parse queue


def _nlp():
    import spacy

    from dotterel.parse import MODEL_NAME

    return spacy.load(MODEL_NAME)


def _lexicon_lemmas() -> tuple[set[str], set[str]]:
    try:
        from dotterel.knowledge.lexicon import get_lexicon

        lex = get_lexicon()
        return set(lex.verb_lemmas()), set(lex.noun_lemmas())
    except Exception:  # noqa: BLE001 - analysis still useful without lexicon coverage
        return set(), set()


def trigger_class(doc, start: int, end: int, verbs: set[str], nouns: set[str],
                  more: list[tuple[int, int]] = ()) -> str:
    """Why a trigger at [start, end) (plus the word spans ``more``, for gold triggers written
    as separate words) of a parsed sentence may have been missed."""
    spans = [(start, end), *more]
    toks = [t for t in doc if any(t.idx < e and t.idx + len(t) > s for s, e in spans)]
    if not toks:
        return "other"
    verbal = [t for t in toks if t.pos_ == "VERB"] or [t for t in toks if t.pos_ == "AUX"]
    head = verbal[0] if verbal else next((t for t in toks if t.head not in toks or t.head == t),
                                         toks[-1])
    if head.pos_ in ("NOUN", "PROPN"):
        if nouns and head.lemma_.lower() not in nouns:
            return "nominal trigger, noun not in lexicon"
        return "nominal trigger"
    deps = {c.dep_ for c in head.children}
    if "auxpass" in deps or "nsubjpass" in deps or head.dep_ == "acl" and head.tag_ == "VBN":
        return "passive"
    if head.dep_ == "conj":
        return "coordination"
    if verbs and head.lemma_.lower() not in verbs:
        return "missing verb lemma"
    if head.dep_ in ("xcomp", "ccomp", "advcl", "relcl", "acl", "pcomp", "csubj"):
        return "embedded clause"
    if not any(e.label_ in ("GPE", "NORP", "ORG") for e in doc.ents):
        return "verb in lexicon, no named country/group in the sentence"
    return "verb in lexicon, not coded"


def _participant_class(kind: str, miss: dict[str, Any]) -> str:
    role = "actor" if kind == "actor" else "recipient"
    preds = miss.get("predicted") or []
    refs = [a for e in preds for a in e.get(role, [])]
    if not refs:
        return f"no {role} found"
    if all(a.endswith("=?/-") or "=?/" in a for a in refs):
        return f"{role} unresolved (no code)"
    return f"wrong {role} resolution"


def _word_spans(text: str, words: str) -> list[tuple[int, int]]:
    """Spans of each word of a gold trigger written as separate words
    ("will support resolution"), each at its first occurrence after the previous one."""
    out, pos = [], 0
    low = text.lower()
    for w in words.lower().split():
        i = low.find(w, pos)
        if i < 0:
            i = low.find(w)
        if i >= 0:
            out.append((i, i + len(w)))
            pos = i + len(w)
    return out


def _find(text: str, needle: str) -> tuple[int, int] | None:
    if not needle:
        return None
    i = text.find(needle)
    if i < 0:
        i = text.lower().find(needle.lower())
    return (i, i + len(needle)) if i >= 0 else None


def classify(report: dict[str, Any]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """dataset -> miss class -> misses."""
    datasets = report.get("datasets", {})
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    need_parse: list[tuple[str, str, dict, list]] = []  # dataset, prefix, miss, word spans
    for name, data in datasets.items():
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in data.get("misses", []):
            kind = m.get("kind", "other")
            if name == "plover_gsr" and kind == "type_missed":
                spans = _word_spans(m["text"], m.get("gold_trigger", ""))
                coded = [_find(m["text"], e["trigger"]) for e in m.get("predicted", [])]
                if any(c and _overl(c, s) for c in coded for s in spans):
                    groups["trigger coded, wrong type"].append(m)
                elif spans:
                    need_parse.append((name, "type missed: ", m, spans))
                else:
                    groups["type missed: other"].append(m)
            elif name == "plover_gsr" and kind == "type_spurious":
                if m.get("gold_types") and set(m["gold_types"]) <= set(m.get("coded_types", [])):
                    groups["spurious: extra event beside the gold one"].append(m)
                else:
                    groups["spurious: coded instead of the gold type"].append(m)
            elif name == "hrdsattack" and kind.startswith("date_"):
                src = m.get("date_source")
                groups[f"{kind}: " + ("publication date used (no date found in the text)"
                                      if src == "publication" else "wrong date from the text"
                                      if src == "text" else "no date")].append(m)
            elif name == "hrdsattack" and kind in ("country", "city_region"):
                where = m.get("location") if kind == "country" else m.get("predicted")
                groups[f"{kind}: " + ("no place coded" if not where else "other place")].append(m)
            elif name == "plover_gsr" and kind in ("actor", "recipient"):
                groups[_participant_class(kind, m)].append(m)
            elif name == "event_location" and kind == "verb_not_coded":
                need_parse.append((name, "verb not coded: ", m, [tuple(m["verb_span"])]))
            elif name == "event_location" and kind.startswith("location"):
                groups[kind].append(m)
            elif name == "conflibert_cameo" and kind == "class_missed":
                if m.get("predicted_classes"):
                    groups["wrong class"].append(m)
                else:  # gold names no trigger: class the sentence's main verb instead
                    need_parse.append((name, "no event coded, main verb: ", m, [ROOT]))
            elif name == "petrarch2_unittest":
                groups[f"{kind} miss, category {m.get('category') or '?'}"].append(m)
            elif name == "cameo_codebook":
                if m.get("predicted"):
                    groups["wrong class"].append(m)
                else:
                    need_parse.append((name, "no event coded, main verb: ", m, [ROOT]))
            else:
                groups[kind].append(m)
        out[name] = groups
    if need_parse:
        nlp = _nlp()
        verbs, nouns = _lexicon_lemmas()
        texts = [m["text"] for _, _, m, _ in need_parse]
        for (name, prefix, m, spans), doc in zip(need_parse, nlp.pipe(texts, batch_size=128),
                                                  strict=True):
            if spans == [ROOT]:
                root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
                spans = [(root.idx, root.idx + len(root))]
            (s0, e0), *more = spans
            out[name].setdefault(prefix + trigger_class(doc, s0, e0, verbs, nouns, more),
                                 []).append(m)
    return out


def _overl(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return bool(a) and a[0] < b[1] and b[0] < a[1]


def _example(m: dict[str, Any]) -> str:
    text = m.get("text") or m.get("quote") or m.get("title") or ""
    bits = []
    for key in ("gold_trigger", "verb", "trigger", "gold_type", "gold", "predicted_type",
                "predicted_classes", "gold_class"):
        if key in m and m[key] not in (None, "", []):
            bits.append(f"{key}={m[key]}")
    pred = m.get("predicted")
    if isinstance(pred, list) and pred and isinstance(pred[0], dict):
        bits.append("coded=" + "; ".join(
            f"{e['trigger']}:{e.get('plover') or e.get('cameo')} A{e.get('actor')} R{e.get('recipient')}"
            for e in pred[:3]))
    elif pred not in (None, [], ""):
        bits.append(f"coded={pred}")
    if "event" in m and isinstance(m["event"], dict):
        e = m["event"]
        bits.append(f"event={e['trigger']}:{e.get('plover')} A{e.get('actor')} loc={e.get('location')}")
    return f"\"{text[:220]}\" ({'; '.join(bits)[:400]})"


def markdown(report: dict[str, Any], classes: dict[str, dict[str, list]]) -> str:
    lines = ["# Dotterel evaluation findings", ""]
    if report.get("command"):
        lines += [f"Measured with: `{report['command']}` (coder {report.get('coder_version')})", ""]
    lines += ["Miss classes are heuristics from the parse and the lexicon; each names a general "
              "fix, never a per-sentence one.", ""]
    for name, data in report.get("datasets", {}).items():
        lines.append(f"## {name}")
        lines.append("")
        head = ", ".join(f"{k} **{v:.3f}**" if isinstance(v, float) else f"{k} {v}"
                         for k, v in data["headline"].items())
        lines += [head, ""]
        counts = ", ".join(f"{k} {v}" for k, v in data.get("counts", {}).items())
        lines += [f"Counts: {counts}", ""]
        groups = classes.get(name, {})
        for cls, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"### {cls}: {len(items)}")
            key = cls.split(": ", 1)[-1]
            if key in FIXES:
                lines.append(f"General fix: {FIXES[key]}.")
            if name == "plover_gsr" and cls.startswith(("type missed", "trigger coded")):
                by_type = Counter(m.get("gold_type") for m in items)
                lines.append("Gold types: " + ", ".join(f"{k} {v}" for k, v in by_type.most_common()))
            if name == "conflibert_cameo" and cls == "wrong class":
                conf = Counter((m.get("gold_class"), tuple(m.get("predicted_classes", [])))
                               for m in items)
                lines.append("gold -> coded: " + ", ".join(f"{g}->{list(p)} {n}"
                                                           for (g, p), n in conf.most_common(8)))
            for m in items[:EXAMPLES]:
                lines.append(f"- {_example(m)}")
            lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m dotterel.evaluate.analysis REPORT.json", file=sys.stderr)
        return 2
    path = Path(argv[0])
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        print(f"{path}: cannot read the report ({e})", file=sys.stderr)
        return 2
    sys.stdout.write(markdown(report, classify(report)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
