"""What Diplograph knows before it reads: countries, their names and epithets, organizations.

Country names come from pycountry (ISO 3166), countryinfo (capitals, demonyms, alternative
spellings, land borders) and rigour (Wikidata IRIs); the small tables in `graph/data/` add the
short forms, metonyms and epithets newsrooms use and the organizations they cite.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import pycountry
from countryinfo import CountryInfo
from rigour.territories import get_territory

from .model import OrganizationInfo


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    qid: str | None
    region: str
    subregion: str
    landlocked_by: tuple[str, ...]
    capital: str | None
    demonym: str | None
    in_sentence: str  # as a sentence names it: "the United States", "Russia"

    @property
    def is_island(self) -> bool:
        """No land border: the best cheap test for "the island" in a text."""
        return not self.landlocked_by


@dataclass(frozen=True)
class Organization:
    name: str
    kind: str
    country: str | None
    qid: str | None
    aliases: tuple[str, ...] = field(default=())

    def info(self, said: str | None = None) -> OrganizationInfo:
        """What an article knows of it; its short name is the one the article used ("UN
        Security Council", "U.S. Department of State"), else its acronym."""
        said = re.sub(r"^the ", "", said or "", flags=re.I)
        acronym = next((a for a in self.aliases if re.fullmatch(r"[A-Z][A-Z0-9-]+", a)), None)
        short = said if said and len(said) < len(self.name) else acronym
        return OrganizationInfo(self.name, self.kind, self.country, self.qid, short)


def _rows(name: str) -> list[list[str]]:
    text = files("diplograph.graph.data").joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter="\t")]


def _info(iso3: str) -> dict:
    try:
        return CountryInfo(iso3).info()
    except (KeyError, ValueError):
        return {}


@cache
def countries() -> dict[str, Country]:
    """Every ISO 3166-1 country, by alpha-3 code."""
    table: dict[str, Country] = {}
    for entry in pycountry.countries:
        info = _info(entry.alpha_3)
        territory = get_territory(entry.alpha_2.lower())
        capital = info.get("capital") or None
        table[entry.alpha_3] = Country(
            iso3=entry.alpha_3,
            iso2=entry.alpha_2,
            name=getattr(entry, "common_name", None) or entry.name,
            qid=territory.qid if territory else None,
            region=info.get("region") or (territory.region if territory else "") or "",
            subregion=info.get("subregion") or (territory.subregion if territory else "") or "",
            landlocked_by=tuple(info.get("borders") or ()),
            capital=capital,
            demonym=info.get("demonym") or None,
            in_sentence=territory.in_sentence if territory else entry.name,
        )
    return table


# Spellings that, stripped of their accents, are English words ("Ísland" → "Island").
NOT_NAMES = {"Island"}


@cache
def country_forms() -> dict[str, tuple[str, str]]:
    """Case-sensitive surface forms → (ISO3, how the form names it: name, capital, demonym).

    A form several countries share ("American", "French", "Dominican") goes to the most
    populous of them: newsrooms mean the United States, not the Northern Mariana Islands.
    """
    found: dict[str, list[tuple[int, str, str]]] = {}

    def add(form: str | None, iso3: str, how: str, rank: int) -> None:
        if not form:
            return
        saints = {form.replace("Saint ", short) for short in ("St ", "St. ")}
        for variant in {form, _ascii(form), *saints}:
            found.setdefault(variant, []).append((rank, iso3, how))

    for iso3, country in countries().items():
        entry = pycountry.countries.get(alpha_3=iso3)
        info = _info(iso3)
        forms = {entry.name, getattr(entry, "official_name", None), country.name}
        territory = get_territory(country.iso2.lower())
        if territory:
            forms |= {territory.name, territory.full_name, territory.in_sentence}
        for spelling in info.get("altSpellings") or ():
            if len(spelling) > 3 and spelling.isascii() and "," not in spelling:
                forms.add(spelling)
        for form in forms:
            add(form, iso3, "name", 0)  # a country's own name beats another's capital or demonym
        population = -(info.get("population") or 0)
        if country.capital:
            add(country.capital, iso3, "capital", population)
            add(country.capital.replace(" D.C.", ""), iso3, "capital", population)
        if country.demonym:
            add(country.demonym, iso3, "demonym", population)
            add(country.demonym + "s", iso3, "demonym", population)
    forms = {form: min(claims)[1:] for form, claims in found.items() if form not in NOT_NAMES}
    for iso3, kind, alias in _rows("country_aliases.tsv"):
        if kind != "epithet":
            forms[alias] = (iso3, kind)
    return forms


@cache
def country_names() -> dict[str, str]:
    """Case-sensitive surface forms (names, official names, capitals, demonyms) → ISO3."""
    return {form: iso3 for form, (iso3, _) in country_forms().items()}


def _ascii(form: str) -> str:
    """ "Bogotá" → "Bogota": outlets drop accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", form) if not unicodedata.combining(c))


@cache
def region_names() -> frozenset[str]:
    """Names of states, provinces and regions of two words or more ("São Paulo", "Rio de
    Janeiro"), which the model sometimes takes for a person's name."""
    return frozenset(s.name for s in pycountry.subdivisions if " " in s.name)


@cache
def country_epithets() -> dict[str, str]:
    """Lower-case fixed epithets ("the largest of the antilles") → ISO3."""
    return {
        alias.lower(): iso3
        for iso3, kind, alias in _rows("country_aliases.tsv")
        if kind == "epithet"
    }


@cache
def organizations() -> list[Organization]:
    table = []
    for name, aliases, kind, country, qid in _rows("organizations.tsv"):
        table.append(
            Organization(
                name=name,
                kind=kind,
                country=country or None,
                qid=qid or None,
                aliases=tuple(a for a in aliases.split("|") if a),
            )
        )
    return table


def organization_by_alias() -> dict[str, Organization]:
    return {form: org for org in organizations() for form in (org.name, *org.aliases)}
