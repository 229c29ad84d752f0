"""The actor knowledge base: countries, organisations, armed groups, people in office, sectors.

``get_actor_kb(extra_files)`` loads the built-in data once a process (``dotterel/data/actors``)
plus any user actor files, and offers

- ``ActorKB.ruler_patterns()``: spaCy EntityRuler patterns for every alias (``id`` = entry key);
- ``ActorKB.entry(key)``, ``ActorKB.lookup(text, date)``: alias lookup by normalised text;
- ``ActorKB.sector_for_noun(lemma)``: head noun -> sector ("minister" -> GOV, "drones" -> MIL).

Codes: countries are ISO 3166 alpha-3 (``IRN``; ``XKX`` for Kosovo); organisations carry their
own short code (``UNO`` for the UN and its Security Council, ``NATO``, ``EU``, ``SCO``, ``IAEA``
...) and a ``family`` (``IGO``, ``NGO``, ``IMG`` for transnational armed groups, or the home
country) which is what the PLOVER gold standard codes them as: ``ActorKB.family(code)``.
Sectors follow the PLOVER gold standard / CAMEO agent codes: GOV, MIL, COP, REB, OPP, CVL, EDU,
MED (medical), JRN (media), BUS, JUD, LEG, REF, LAB, AGR, REL, SPY, CRM, ELI, HRI, PTY ...

User actor files (``dotterel code --actors FILE``), detected by content:

1. Our JSON Lines format, one entry per line (the built-in ``countries.jsonl`` and
   ``phoenix_actors.jsonl.gz`` use it too)::

       {"key": "group:XYZ", "kind": "group", "code": "PAK", "sector": "REB",
        "name": "XYZ Front", "aliases": ["XYZ Front", "XYZF"],
        "family": "PAK", "framing": null,
        "roles": [{"code": "PAK", "sector": "GOV", "start": "2020-01-01", "end": null}],
        "default_sector": null}

   Required: ``key`` (or ``name``), ``code`` (may be null), ``aliases`` (or ``name``).
   Optional: ``kind`` (country, igo, ngo, group, institution, framing, person; default
   "group"), ``sector``, ``family``, ``framing`` (a label such as "delegitimizing" for loaded
   names: the words stay visible and the label travels with the match), ``roles`` (dated
   code/sector, ISO dates, open ends allowed), ``default_sector`` (a person out of office),
   ``demonyms``, ``capitals``, ``places``.  An alias written ``"=Xi"`` matches that exact
   case only.  ``{"sector_noun": "harbour master", "sector": "GOV"}`` lines add sector nouns.
2. PETRARCH-2 / TABARI ``.actors`` dictionaries (``PHRASE [CODE]``, ``+SYNONYM``, tab-indented
   ``[CODE YYMMDD-YYMMDD]`` date restrictions, ``#`` and ``<!-- -->`` comments), and
   ``.agents`` dictionaries (``PHRASE {PLURAL} [~CODE]``, ``!MARKER! = A, B`` substitutions).
   A PETRARCH code such as ``PSEREBHMS`` becomes code ``PSE`` with sector ``REBHMS`` (and
   ``cameo`` keeps the full code), so the fictional Arnor/Gondor actors code as ``ARN``/``GON``.

User entries override built-in entries with the same key, and their aliases win over
built-in aliases.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "actors"

# Alias kinds, in the order a tie between entries is broken.
NAME, DEMONYM, CAPITAL, PLACE = "name", "demonym", "capital", "place"

# Combining forms that stand for a country only as the first half of a hyphenated pair of
# names ("the Indo-Pakistani war", "Sino-Indian talks", "Russo-Ukrainian war"); on their own
# they name regions or languages ("Indo-Pacific", "Anglo-Saxon"), so they are no aliases.
COMBINING_FORMS: dict[str, str] = {
    "indo": "IND", "sino": "CHN", "russo": "RUS", "franco": "FRA", "anglo": "GBR",
    "greco": "GRC", "turco": "TUR", "turko": "TUR", "italo": "ITA", "austro": "AUT",
    "germano": "DEU", "irano": "IRN", "hispano": "ESP", "luso": "PRT", "nippo": "JPN",
}
_TYPE_RANK = {NAME: 3, DEMONYM: 2, CAPITAL: 1, PLACE: 0}

# Priority of where an entry comes from: user files beat our curated lists, which beat the
# generated country table, which beats facts derived from the 2014 Phoenix dictionaries.
PRIO_PHOENIX, PRIO_COUNTRY, PRIO_CURATED, PRIO_USER = 0, 1, 2, 3

_LABEL = {
    "country": "GPE", "framing": "GPE", "country-alias": "GPE", "city": "GPE",
    "person": "PERSON", "igo": "ORG", "ngo": "ORG", "group": "ORG", "institution": "ORG",
}
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-",
                         "\u2011": "-", "\u2013": "-", "\u2014": "-"})
_SPACES = re.compile(r"\s+")
_HYPHEN = re.compile(r"\s*-\s*")


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """Lookup key: accents and case folded, quotes and dashes unified, leading 'the' and
    trailing possessive dropped ("The Zionist regime's" -> "zionist regime")."""
    text = text.translate(_QUOTES)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    text = _HYPHEN.sub("-", _SPACES.sub(" ", text)).strip(" ,;:\"")
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("'"):
        text = text[:-1]
    return text.strip()


_OFFICE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "SPY", "COP"})


def _surname_key(word: str) -> str:
    """'al-Bashir', 'El-Bashir', 'Bashir' -> 'bashir'."""
    word = normalize(word)
    for prefix in ("al-", "el-", "ul-", "ad-", "ar-", "as-", "an-", "at-"):
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            return word[len(prefix):]
    return word


@dataclass(frozen=True, slots=True)
class Role:
    code: str | None
    sector: str | None
    start: str | None = None  # ISO date, inclusive; None = open
    end: str | None = None  # ISO date, inclusive; None = still holds it

    def holds(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(slots=True)
class ActorEntry:
    key: str
    code: str | None
    name: str | None
    kind: str = "group"
    sector: str | None = None
    roles: tuple[Role, ...] = ()
    family: str | None = None
    framing: str | None = None
    default_sector: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    cameo: str | None = None  # full CAMEO code from a PETRARCH dictionary, when given
    source: str | None = None
    also: tuple[str, ...] = ()  # further codes a name stands for ("the Shire" = FRO/BIL/SAM)
    priority: int = PRIO_CURATED

    def at(self, date: str | None) -> tuple[str | None, str | None]:
        """(code, sector) this actor has on ``date``.

        With dated roles: the role holding on the date (the latest starting one if several);
        outside every role, the home code with ``default_sector`` (ELI, OPP ... or None).
        Without a date, a role still open today counts, else the last office held (undated
        text names people in the office they are known for).
        """
        if not self.roles:
            return self.code, self.sector
        if date:
            holding = [r for r in self.roles if r.holds(date[:10])]
        else:
            # undated text: the office the actor holds now, else the last office held
            holding = [r for r in self.roles if r.end is None and r.start is not None]
            if not holding:
                offices = [r for r in self.roles if r.sector in _OFFICE_SECTORS]
                if offices:
                    last = max(offices, key=lambda r: r.end or "")
                    return last.code, last.sector
        if holding:
            best = max(holding, key=lambda r: r.start or "")
            return best.code, best.sector
        return self.code, self.default_sector if self.kind == "person" else self.sector

    def in_office(self, date: str | None) -> bool:
        code, sector = self.at(date)
        return sector in _OFFICE_SECTORS


@dataclass(frozen=True, slots=True)
class AliasHit:
    key: str
    kind: str  # NAME, DEMONYM, CAPITAL or PLACE
    priority: int


def _hit_rank(h: AliasHit) -> tuple[int, int]:
    return -h.priority, -_TYPE_RANK[h.kind]


@dataclass
class ActorKB:
    entries: dict[str, ActorEntry] = field(default_factory=dict)
    aliases: dict[str, list[AliasHit]] = field(default_factory=dict)
    exact_aliases: dict[str, list[AliasHit]] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)  # ours and the user's
    derived_sectors: dict[str, str] = field(default_factory=dict)  # from Phoenix agents
    _patterns: list[dict] | None = None
    _families: dict[str, str] = field(default_factory=dict)
    # normalised alias -> the alias as first written (case kept) per entry key
    _surfaces: dict[tuple[str, str], str] = field(default_factory=dict)
    _entry_aliases: dict[str, list[tuple[bool, str]]] = field(default_factory=dict)
    _surnames: dict[str, list[str]] | None = None
    _first_names: dict[str, int] | None = None

    # ------------------------------------------------------------------ building
    def add(self, entry: ActorEntry, ruler: bool = True) -> None:
        old = self.entries.get(entry.key)
        if old is not None and old.priority > entry.priority:
            return
        if old is not None:
            self._drop_aliases(old.key)
        self.entries[entry.key] = entry
        self._surnames = None
        self._first_names = None
        for alias in entry.aliases:
            self._add_alias(alias, entry, NAME if entry.kind != "city" else PLACE)
        for alias in entry.demonyms:
            self._add_alias(alias, entry, DEMONYM)
        for alias in entry.capitals:
            self._add_alias(alias, entry, CAPITAL)
        for alias in entry.places:
            self._add_alias(alias, entry, PLACE)
        if entry.code and entry.family:
            self._families.setdefault(entry.code, entry.family)
        self._patterns = None

    def _add_alias(self, alias: str, entry: ActorEntry, kind: str) -> None:
        exact = alias.startswith("=")
        if exact or (len(alias) <= 3 and alias.isalpha() and alias.isupper()):
            # "US", "WHO", "UN": as acronyms only, never the words "us", "who"
            exact, alias = True, alias.lstrip("=")
            table, text = self.exact_aliases, alias.translate(_QUOTES)
        else:
            table, text = self.aliases, normalize(alias)
        if not text:
            return
        self._surfaces.setdefault((entry.key, text), alias.lstrip("="))
        self._entry_aliases.setdefault(entry.key, []).append((exact, text))
        hit = AliasHit(entry.key, kind, entry.priority)
        hits = table.get(text)
        if hits is None:
            table[text] = [hit]
        elif hit not in hits:
            hits.append(hit)
            hits.sort(key=_hit_rank)

    def _drop_aliases(self, key: str) -> None:
        for exact, text in self._entry_aliases.pop(key, ()):
            table = self.exact_aliases if exact else self.aliases
            kept = [h for h in table.get(text, ()) if h.key != key]
            if kept:
                table[text] = kept
            else:
                table.pop(text, None)
            self._surfaces.pop((key, text), None)

    # ------------------------------------------------------------------ queries
    def entry(self, key: str) -> ActorEntry:
        try:
            return self.entries[key]
        except KeyError:
            raise KeyError(f"no actor entry with key {key!r}") from None

    def lookup(self, text: str, date: str | None = None) -> list[AliasHit]:
        """Entries an alias names, best first.  Among people sharing a name the one holding
        office on ``date`` comes first."""
        hits = list(self.exact_aliases.get(text.strip().translate(_QUOTES), ()))
        hits += [h for h in self.aliases.get(normalize(text), ()) if h not in hits]
        if len(hits) > 1:
            def rank(h: AliasHit) -> tuple:
                e = self.entries[h.key]
                office = e.kind == "person" and bool(e.roles) and e.in_office(date)
                return (-h.priority, -_TYPE_RANK[h.kind], not office)

            hits.sort(key=rank)
        return hits

    @staticmethod
    def tied(hits: list[AliasHit]) -> list[AliasHit]:
        """Of ``lookup``'s hits, those that rank equal first ("RSF": two organisations), or
        [] when one ranks first alone."""
        if len(hits) < 2 or _hit_rank(hits[0]) != _hit_rank(hits[1]):
            return []
        return [h for h in hits if _hit_rank(h) == _hit_rank(hits[0])]

    def best(self, text: str, date: str | None = None) -> AliasHit | None:
        hits = self.lookup(text, date)
        return hits[0] if hits else None

    def family(self, code: str | None) -> str | None:
        """The gold-standard class of a code: ISO-3 countries map to themselves, organisation
        codes to IGO / NGO / IMG (``UNO`` -> ``IGO``)."""
        if code is None:
            return None
        return self._families.get(code, code)

    def sector_for_noun(self, lemma: str) -> str | None:
        """Sector a head noun (or a phrase ending in it) denotes: 'minister' -> GOV."""
        return self.sector_of(lemma)

    def sector_of(self, *forms: str) -> str | None:
        """First sector any of ``forms`` (and their singulars) has: our and the user's nouns
        before the ones derived from the Phoenix agents dictionary."""
        keys: list[str] = []
        for form in forms:
            text = normalize(form)
            keys.append(text)
            if text.endswith("ies") and len(text) > 4:
                keys.append(text[:-3] + "y")
            if text.endswith("es") and len(text) > 4:
                keys.append(text[:-2])
            if text.endswith("s") and len(text) > 3:
                keys.append(text[:-1])
            if text.endswith("men") and len(text) > 5:
                keys.append(text[:-3] + "man")  # "tribesmen", "fishermen"
        for table in (self.sectors, self.derived_sectors):
            for key in keys:
                sector = table.get(key)
                if sector:
                    return sector
        return None

    def first_name_count(self, first: str) -> int:
        """How many people the knowledge base holds with first name ``first``."""
        return self._name_index()[1].get(_surname_key(first), 0)

    def people_named(self, surname: str) -> list[str]:
        """Keys of people whose name ends in ``surname`` ("Bouteflika")."""
        return self._name_index()[0].get(_surname_key(surname), [])

    def _name_index(self) -> tuple[dict[str, list[str]], dict[str, int]]:
        """People's keys by surname and the count of people by first name, built once after
        the last ``add``."""
        if self._surnames is None or self._first_names is None:
            surnames: dict[str, list[str]] = {}
            firsts: dict[str, int] = {}
            for entry in self.entries.values():
                if entry.kind == "person" and entry.name and " " in entry.name:
                    words = entry.name.split()
                    surnames.setdefault(_surname_key(words[-1]), []).append(entry.key)
                    first = _surname_key(words[0])
                    firsts[first] = firsts.get(first, 0) + 1
            self._surnames, self._first_names = surnames, firsts
        return self._surnames, self._first_names

    # ------------------------------------------------------------------ entity ruler
    def ruler_patterns(self) -> list[dict]:
        """EntityRuler patterns for every alias the ruler should mark.

        Names derived from the 2014 Phoenix dictionaries are left out (lookup only).
        Multi-word aliases are plain strings (the ruler matches them on LOWER).  Single words
        that are capitalised names (demonyms, people, most countries) get exact-case token
        patterns, as written and upper-cased: "Pole", "Salami" or "Truss" must not match
        "pole", "salami" or "truss".  Places other than capitals are left to the statistical
        NER and resolved by lookup only.
        """
        if self._patterns is None:
            self._patterns = self._build_patterns()
        return self._patterns

    def _build_patterns(self) -> list[dict]:
        seen: set[tuple] = set()
        out: list[dict] = []
        for table, exact in ((self.aliases, False), (self.exact_aliases, True)):
            for text, hits in table.items():
                hit = hits[0]
                if hit.kind == PLACE:
                    continue
                entry = self.entries[hit.key]
                if entry.priority == PRIO_PHOENIX:
                    # 20,000 names from the 2014 dictionaries: the statistical NER finds them
                    # and resolution looks them up; as patterns they would slow loading
                    continue
                label = "NORP" if hit.kind == DEMONYM else _LABEL.get(entry.kind, "ORG")
                if entry.kind == "framing" and entry.sector:
                    label = "ORG"  # "the Zionist regime" is a government, not a place
                surface = self._surface(entry, text, exact)
                if surface is None:
                    continue
                one_word = _ONE_WORD.fullmatch(surface) is not None
                if one_word and not exact and entry.kind in _ANY_CASE_KINDS \
                        and not surface.isupper():
                    pattern: object = surface  # "Hamas", "Taliban": any case will do
                elif exact or (one_word and surface[:1].isupper()):
                    # names: as written and upper-cased ("Pole" must not match "pole")
                    variants = [surface] if exact else list(dict.fromkeys(
                        [surface, surface.upper()]))
                    for variant in variants:
                        words = [variant] if one_word else _tokens(variant)
                        pat = [{"ORTH": w} for w in words]
                        sig = (label, tuple(words))
                        if sig not in seen:
                            seen.add(sig)
                            out.append({"label": label, "pattern": pat, "id": entry.key})
                    continue
                elif one_word:
                    continue  # a lower-case single word is no name to mark
                else:
                    pattern = surface
                sig = (label, str(pattern).lower())
                if sig not in seen:
                    seen.add(sig)
                    out.append({"label": label, "pattern": pattern, "id": entry.key})
        return out

    def _surface(self, entry: ActorEntry, norm_text: str, exact: bool) -> str | None:
        """The alias as written in the entry (case kept), without a leading 'the'."""
        text = self._surfaces.get((entry.key, norm_text))
        if text is None:
            return None
        if exact:
            return text
        text = text.translate(_QUOTES).strip()
        if text.lower().startswith("the "):
            text = text[4:]
        return text


# ---------------------------------------------------------------------- PETRARCH dictionaries

_CODE = re.compile(r"\[([^\]]*)\]")


def phoenix_date(text: str) -> str:
    """YYMMDD or YYYYMMDD -> ISO.  Two-digit years: 00-20 are 20xx (the file stops in 2014)."""
    text = text.strip()
    if len(text) == 8:
        y, m, d = text[:4], text[4:6], text[6:]
    elif len(text) == 6:
        yy = int(text[:2])
        y = f"{2000 + yy if yy <= 20 else 1900 + yy}"
        m, d = text[2:4], text[4:]
    else:
        raise ValueError(f"bad PETRARCH date {text!r}")
    m = m if "01" <= m <= "12" else "01"
    d = d if "01" <= d <= "31" else "01"
    return f"{y}-{m}-{d}"


def parse_restriction(body: str) -> dict | None:
    """'ISRGOV 960618-990706' / 'ISRGOV >090401' / 'AFGELI' -> role dict (raw code kept)."""
    parts = body.split()
    if not parts:
        return None
    code = parts[0]
    start = end = None
    if len(parts) > 1:
        spec = parts[1]
        try:
            if spec.startswith(">"):
                start = phoenix_date(spec[1:])
            elif spec.startswith("<"):
                end = phoenix_date(spec[1:])
            elif "-" in spec:
                a, b = spec.split("-", 1)
                start, end = phoenix_date(a), phoenix_date(b)
        except ValueError:
            return None
    return {"raw": code, "start": start, "end": end}


def parse_petrarch_actors(text: str) -> list[dict]:
    """Records of a PETRARCH-2 / TABARI ``.actors`` file: phrases, default code, dated roles."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    records: list[dict] = []
    current: dict | None = None
    for raw_line in text.splitlines():
        is_date_line = raw_line.startswith(("\t", " ")) and "[" in raw_line
        line = raw_line.split("#", 1)[0].rstrip()
        line = line.split(";", 1)[0] if ";" in line and "[" not in line.split(";", 1)[1] else line
        if not line.strip():
            continue
        codes = _CODE.findall(line)
        before = _CODE.sub(" ", line).strip()
        if is_date_line and current is not None and not before:
            for c in codes:
                r = parse_restriction(c)
                if r:
                    current["restrictions"].append(r)
            continue
        if line.startswith("+") and current is not None:
            phrase = before[1:].strip()
            if phrase:
                current["phrases"].append(phrase)
            for c in codes:
                r = parse_restriction(c)
                if r:
                    current["restrictions"].append(r)
            continue
        current = {"phrases": [before] if before else [], "restrictions": []}
        for c in codes:
            r = parse_restriction(c)
            if r:
                current["restrictions"].append(r)
        records.append(current)
    return [r for r in records if r["phrases"]]


def parse_petrarch_agents(text: str) -> list[tuple[str, str]]:
    """Agents file lines 'PHRASE {plural} [~CODE]' -> (lower phrase, code) incl. plurals."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    subs: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(!\w+!)\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        code = codes[0].strip()
        body = _CODE.sub(" ", line)
        plural = re.search(r"\{([^}]*)\}", body)
        phrase = re.sub(r"\{[^}]*\}", " ", body).strip()
        if not phrase:
            continue
        agent = code.replace("~", "").strip()
        if not agent:
            continue
        variants = [phrase]
        for marker, words in subs.items():
            if marker in phrase:
                variants = [v.replace(marker, w) for v in variants for w in words]
        forms = []
        for v in variants:
            forms.append(v)
            if "!" in v:
                continue
            if plural is not None:
                forms += [p for p in plural.group(1).split() if p]
            elif "!" not in phrase:
                forms.append(_plural(v))
        for f in forms:
            f = f.replace("_", " ").strip().lower()
            if f and "!" not in f:
                out.append((f, agent))
    return out


def _plural(word: str) -> str:
    if word.endswith("Y") and len(word) > 2 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("SS", "SH", "CH", "X")):
        return word + "ES"
    return word + "S"


_ONE_WORD = re.compile(r"[^\W\d_]+")
_ANY_CASE_KINDS = frozenset({"institution", "group", "igo", "ngo"})


@lru_cache(maxsize=1)
def _blank_tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def _tokens(text: str) -> list[str]:
    return [t.text for t in _blank_tokenizer()(text)]


# ---------------------------------------------------------------------- loading

def _entry_from_json(obj: dict, priority: int, where: str) -> ActorEntry:
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    name = obj.get("name")
    key = obj.get("key") or (f"user:{normalize(name)}" if name else None)
    if not key:
        raise ValueError(f"{where}: an actor entry needs a 'key' or a 'name'")
    aliases = list(obj.get("aliases") or [])
    if name and name not in aliases and obj.get("kind") != "country-alias":
        aliases.insert(0, name)
    if not aliases and not obj.get("demonyms"):
        raise ValueError(f"{where}: actor entry {key!r} has no 'aliases' and no 'name'")
    roles = []
    for r in obj.get("roles") or ():
        try:
            roles.append(Role(r.get("code"), r.get("sector"), r.get("start"), r.get("end")))
        except AttributeError:
            raise ValueError(f"{where}: role of {key!r} must be an object, got {r!r}") from None
    return ActorEntry(
        key=key, code=obj.get("code"), name=name, kind=obj.get("kind") or "group",
        sector=obj.get("sector"), roles=tuple(roles), family=obj.get("family") or obj.get("code"),
        framing=obj.get("framing"), default_sector=obj.get("default_sector"),
        aliases=tuple(aliases), demonyms=tuple(obj.get("demonyms") or ()),
        capitals=tuple(obj.get("capitals") or ()), places=tuple(obj.get("places") or ()),
        cameo=obj.get("cameo"), source=obj.get("source"), priority=priority,
    )


def _load_jsonl(kb: ActorKB, path: Path, priority: int) -> None:
    source = None
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if line.startswith("# source:"):
                source = line[len("# source:"):].strip()  # default for the entries below
                continue
            if not line or line.startswith("#"):
                continue
            where = f"{path}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not valid JSON ({exc.msg})") from None
            if isinstance(obj, dict) and "sector_noun" in obj:
                if not obj.get("sector"):
                    raise ValueError(f"{where}: sector_noun line needs a 'sector'")
                kb.sectors[normalize(obj["sector_noun"])] = obj["sector"]
                continue
            entry = _entry_from_json(obj, priority, where)
            if entry.source is None:
                entry.source = source or str(path)
            kb.add(entry)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split(";") if p.strip())


def _tsv_rows(path: Path, width: int) -> Iterable[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        yield (cells + [""] * width)[:width]


def _parse_roles(cell: str) -> tuple[Role, ...]:
    roles = []
    for part in cell.split("|"):
        if not part.strip():
            continue
        code, sector, start, end = (part.split(":") + ["", "", "", ""])[:4]
        roles.append(Role(code or None, sector or None, start or None, end or None))
    return tuple(roles)


def _load_organisations(kb: ActorKB, path: Path) -> None:
    for kind, key, code, sector, family, name, aliases, framing, roles in _tsv_rows(path, 9):
        kb.add(ActorEntry(
            key=key, code=code or None, name=name, kind=kind, sector=sector or None,
            family=family or code or None, framing=framing or None,
            # a loaded name's entry is named after the state it means, which is no alias of it
            aliases=_split(aliases) if kind == "framing" else (name, *_split(aliases)),
            roles=_parse_roles(roles), source="dotterel organisations.tsv",
            priority=PRIO_CURATED,
        ))


def _load_people(kb: ActorKB, path: Path) -> None:
    for _key, name, aliases, home, out_sector, roles in _tsv_rows(path, 6):
        entry_key = f"person:{_slug(name)}"
        old = kb.entries.get(entry_key)
        extra = tuple(a for a in (old.aliases if old else ()) if a not in aliases)
        kb.add(ActorEntry(
            key=entry_key, code=home or None, name=name, kind="person", sector=None,
            family=home or None, default_sector=out_sector or None,
            aliases=(name, *_split(aliases), *extra), roles=_parse_roles(roles),
            source="dotterel people.tsv", priority=PRIO_CURATED,
        ))


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _load_sectors(kb: ActorKB, path: Path, phoenix: bool = False) -> None:
    for phrase, code in _tsv_rows(path, 2):
        phrase, code = normalize(phrase), code.strip()
        if not phrase or not code:
            continue
        if phoenix:
            code = code[:3]
            if code not in _KNOWN_SECTORS:
                continue
            kb.derived_sectors.setdefault(phrase, code)
        else:
            kb.sectors[phrase] = code
            # our nouns win over plurals listed in the derived agents table
            kb.sectors[_plural(phrase.upper()).lower()] = code


_KNOWN_SECTORS = {
    "GOV", "MIL", "REB", "OPP", "ELI", "CVL", "BUS", "MED", "EDU", "JUD", "LEG", "COP", "SPY",
    "PTY", "LAB", "REF", "AGR", "CRM", "REL", "UAF", "ENV", "HRI", "IGO", "NGO", "JRN", "SOC",
}


def load_builtin() -> ActorKB:
    kb = ActorKB()
    # gzipped: the derived Phoenix facts are the largest data file (~6 MB as text)
    _load_jsonl(kb, DATA_DIR / "phoenix_actors.jsonl.gz", PRIO_PHOENIX)
    _load_jsonl(kb, DATA_DIR / "countries.jsonl", PRIO_COUNTRY)
    _load_organisations(kb, DATA_DIR / "organisations.tsv")
    _load_people(kb, DATA_DIR / "people.tsv")
    agents = DATA_DIR / "phoenix_agents.tsv"
    if agents.exists():
        _load_sectors(kb, agents, phoenix=True)
    _load_sectors(kb, DATA_DIR / "sectors.tsv")
    return kb


@lru_cache(maxsize=8)
def get_actor_kb(extra_files: tuple[str, ...] = ()) -> ActorKB:
    """The built-in knowledge base plus user actor files (cached per process and file set)."""
    kb = _builtin_copy()
    for name in extra_files:
        load_user_file(kb, Path(name))
    return kb


@lru_cache(maxsize=1)
def _cached_builtin() -> ActorKB:
    return load_builtin()


def _builtin_copy() -> ActorKB:
    base = _cached_builtin()
    return ActorKB(
        entries=dict(base.entries),
        aliases={k: list(v) for k, v in base.aliases.items()},
        exact_aliases={k: list(v) for k, v in base.exact_aliases.items()},
        sectors=dict(base.sectors),
        derived_sectors=dict(base.derived_sectors),
        _families=dict(base._families),
        _surfaces=dict(base._surfaces),
        _entry_aliases={k: list(v) for k, v in base._entry_aliases.items()},
    )


def load_user_file(kb: ActorKB, path: Path) -> None:
    """Add a user actor file (our JSONL, or a PETRARCH-2 actors / agents dictionary)."""
    if not path.exists():
        raise FileNotFoundError(f"actor file {path} does not exist")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    first = next((ln.strip() for ln in text.splitlines()
                  if ln.strip() and not ln.lstrip().startswith("#")), "")
    if not first:
        raise ValueError(f"actor file {path} is empty")
    if first.startswith("{"):
        _load_jsonl(kb, path, PRIO_USER)
    elif _looks_like_agents(text):
        _load_petrarch_agents(kb, text)
    elif "[" in text:
        _load_petrarch_actors(kb, text, path)
    else:
        raise ValueError(
            f"actor file {path}: neither JSON Lines (lines starting with '{{') nor a "
            "PETRARCH-2 dictionary (lines 'PHRASE [CODE]')")


def _looks_like_agents(text: str) -> bool:
    body = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return bool(re.search(r"\[\s*~\w+\s*\]|\[\s*\w+~\s*\]", body))


def _petrarch_code(raw: str) -> tuple[str | None, str | None]:
    raw = raw.strip().upper()
    if not raw or raw.startswith("---"):
        return None, None
    return raw[:3], (raw[3:] or None)


def _load_petrarch_actors(kb: ActorKB, text: str, path: Path) -> None:
    records = parse_petrarch_actors(text)
    if not records:
        raise ValueError(f"actor file {path}: no PETRARCH actor records found")
    for rec in records:
        phrases = [p.replace("_", " ").strip() for p in rec["phrases"]]
        aliases: list[str] = []
        for p in phrases:
            aliases.append(p)
            if " " not in p and not p.upper().endswith("S"):
                aliases.append(p + "S")  # PETRARCH forms regular plurals itself
        restr = rec["restrictions"]
        undated = [r for r in restr if not (r["start"] or r["end"])]
        dated = [r for r in restr if r["start"] or r["end"]]
        raw = undated[-1]["raw"] if undated else ""
        codes = [c for c in raw.split("/") if c.strip()]
        code, sector = _petrarch_code(codes[0]) if codes else (None, None)
        also = tuple(c for c in (_petrarch_code(c)[0] for c in codes[1:]) if c)
        roles = tuple(Role(*_petrarch_code(r["raw"]), r["start"], r["end"]) for r in dated)
        if code is None and roles:
            code = roles[-1].code
        cameo = undated[-1]["raw"].upper() if undated else None
        kb.add(ActorEntry(
            key=f"petrarch:{normalize(phrases[0])}", code=code, name=phrases[0].title(),
            kind="person" if roles else "group", sector=sector, roles=roles, family=code,
            default_sector=sector, aliases=tuple(_title(a) for a in aliases), cameo=cameo,
            source=str(path), priority=PRIO_USER, also=also,
        ))


def _title(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in phrase.split())


def _load_petrarch_agents(kb: ActorKB, text: str) -> None:
    for phrase, code in parse_petrarch_agents(text):
        kb.sectors[normalize(phrase)] = code
