"""Actors in any article: persons and their posts, later references to them, countries by
every name, government bodies and regional organizations. The articles were written for these
tests (tests/data/*-written-for-tests.txt)."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from diplograph.graph.ingest import nlp
from diplograph.graph.ingest.extract import extract
from diplograph.graph.ingest.gazetteer import country_forms
from diplograph.graph.ingest.model import Extraction
from diplograph.graph.ingest.reader import read_article

from .conftest import DATA, diplograph, extracted, rows

ACTORS = DATA / "actors-written-for-tests.txt"
BODIES = DATA / "bodies-written-for-tests.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("actors") / "store"
    diplograph("ingest", ACTORS, BODIES, "--store", store)
    return store


@pytest.fixture(scope="module")
def actors() -> Extraction:
    return extract(read_article(ACTORS), nlp.load())


def _said(extraction: Extraction) -> list[tuple[str, str, str]]:
    """(text, how, entity key) of every mention, in text order."""
    doc = extraction.sentences[0].span.doc
    return [(doc[m.start : m.end].text, m.how, m.entity.key) for m in extraction.mentions]


@pytest.mark.parametrize(
    ("name", "role", "affiliation", "accredited"),
    [
        ("Xi Jinping", "president", "CHN", None),  # "President of the PRC Xi Jinping"
        ("William Ruto", "president", "KEN", None),  # "Kenyan President William Ruto"
        ("Antony Blinken", "secretary of state", None, None),
        ("S. Jaishankar", "foreign minister", "IND", None),  # "External Affairs Minister"
        ("Sergei Lavrov", "foreign minister", "RUS", None),  # and "Russia's top diplomat"
        ("Carlos Miguel Pereira", "ambassador", "CUB", "CHN"),
        ("Willy Bett", "ambassador", "KEN", "CHN"),  # "The ambassador of Kenya in Beijing, ..."
        ("Narendra Modi", "prime minister", "IND", None),  # "... Narendra Modi of India"
        ("António Guterres", "secretary-general", "United Nations", None),
    ],
)
def test_persons_and_their_posts(store, name, role, affiliation, accredited):
    held = [r for r in rows(store, "persons") if r["name"] == name]
    assert {(r["role"], r.get("affiliation"), r.get("accreditedTo")) for r in held} == {
        (role, affiliation, accredited)
    }


def test_no_person_is_made_of_a_title_or_a_place(store):
    names = {r["name"] for r in rows(store, "persons")}
    assert len(names) == 9
    assert not names & {"German Chancellor", "Kremlin", "Pereira", "Lavrov"}


def test_surnames_roles_and_pronouns_become_mentions_of_the_person(actors):
    said = _said(actors)
    assert ("Lavrov", "name", "Sergei Lavrov") in said
    assert ("Pereira", "name", "Carlos Miguel Pereira") in said
    assert ("Blinken", "name", "Antony Blinken") in said
    assert ("He", "pronoun", "Sergei Lavrov") in said  # "He added that the Kremlin ..."
    assert ("The ambassador", "role", "Carlos Miguel Pereira") in said
    assert said.count(("He", "pronoun", "Carlos Miguel Pereira")) == 1
    assert ("ambassador", "role", "Willy Bett") in said  # "The Kenyan ambassador": not Pereira
    assert actors.persons["Carlos Miguel Pereira"] == 5  # name, surname twice, role, pronoun


def test_references_that_fit_several_persons_or_none_stay_unresolved(actors):
    said = _said(actors)
    resolved = {text for text, how, _ in said if how in {"pronoun", "role"}}
    assert "The president" not in resolved  # Xi and Ruto are both presidents
    assert "he" not in resolved  # ... so "he" after "the president" is neither
    assert "She" not in resolved  # "he" was Pereira: "she" is someone else


def test_countries_by_short_form_capital_and_demonym(store):
    found = {r["iso3"] for r in rows(store, "countries")}
    assert {"USA", "CHN", "GBR", "PRK", "ARE", "TUR", "FRA", "RUS", "IND", "KEN", "BRA"} <= found
    assert not found & {"MNP", "ATF", "UMI"}  # "American", "French": not the territories


def test_capitals_are_marked_as_capitals(actors):
    said = _said(actors)
    assert ("Moscow", "capital", "RUS") in said
    assert ("New Delhi", "capital", "IND") in said
    assert ("Indian", "demonym", "IND") in said


@pytest.mark.parametrize("entry", list(pycountry.countries), ids=lambda c: c.alpha_3)
def test_every_iso_country_by_name_and_official_name(entry):
    forms = country_forms()
    for name in {entry.name, getattr(entry, "official_name", None)} - {None}:
        assert forms[name][0] == entry.alpha_3


@pytest.mark.parametrize(
    ("form", "iso3"),
    [("Bogota", "COL"), ("Brasilia", "BRA"), ("St Lucia", "LCA"), ("Kiev", "UKR"),
     ("Dominican", "DOM"), ("Saudi", "SAU"), ("Argentine", "ARG"), ("South Korean", "KOR")],
)  # fmt: skip
def test_spellings_outlets_use(form, iso3):
    assert country_forms()[form][0] == iso3


def _full_name(listed: str) -> str:
    """The contract's ?name adds the short name: "Caribbean Community (CARICOM)"."""
    return listed.split(" (")[0]


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Ministry of Foreign Affairs of Cuba", "CUB"),
        ("Ministry of Foreign Affairs of Russia", "RUS"),  # "Russia's Foreign Ministry"
        ("Ministry of Foreign Affairs of China", "CHN"),  # "The Chinese Foreign Ministry"
        ("Kremlin", "RUS"),
        ("Élysée Palace", "FRA"),
        ("Downing Street", "GBR"),
        ("White House", "USA"),
        ("Itamaraty", "BRA"),
        ("United States Department of State", "USA"),
    ],
)
def test_government_bodies_with_their_country(store, name, country):
    orgs = {_full_name(r["name"]): r for r in rows(store, "organizations")}
    assert (orgs[name]["type"], orgs[name].get("country")) == ("government", country)


def test_regional_organizations(store):
    orgs = {_full_name(r["name"]): r["type"] for r in rows(store, "organizations")}
    expected = {
        "Economic Community of West African States", "Southern African Development Community",
        "Community of Latin American and Caribbean States", "Quadrilateral Security Dialogue",
        "AUKUS", "Gulf Cooperation Council", "Arab League", "Organisation of Islamic Cooperation",
        "Caribbean Community", "Pacific Islands Forum", "International Atomic Energy Agency",
        "UNESCO", "UNICEF", "World Food Programme", "Food and Agriculture Organization",
        "Organization for Security and Co-operation in Europe", "Council of Europe",
        "Asia-Pacific Economic Cooperation",
        "Organisation for Economic Co-operation and Development",
    }  # fmt: skip
    assert {name: orgs.get(name) for name in expected} == dict.fromkeys(expected, "international")


ORGANIZATIONS_TEXT = """Peru and Japan hold coast drill (written for tests)

Officers of the Australian Border Force and the Japan Coast Guard trained together near Darwin
on Monday, officials said.

The Peruvian Space Directorate signed a contract with Andes Lithium Holding in Lima on Tuesday.

Analysts said the deal was financed by the Inter-American Development Bank. Quilla Electronics
will build the satellite, and Peru will raise the matter at the UN Security Council."""


def test_organizations_named_by_the_model_are_kept_by_what_their_name_says():
    extraction = extracted(ORGANIZATIONS_TEXT)
    found = {(o.name, o.kind, o.country) for o in extraction.organizations.values()}
    assert {
        # A body's own name is kept; only generic ones become "Ministry of ... of <country>".
        ("Australian Border Force", "government", "AUS"),
        ("Japan Coast Guard", "government", "JPN"),
        ("Peruvian Space Directorate", "government", "PER"),
        ("Andes Lithium Holding", "company", None),
        # An international lender is nobody's body, whatever its name says.
        ("Inter-American Development Bank", "international", None),
        ("Quilla Electronics", "company", None),
    } <= found
    # Known bodies keep the short name the article used.
    assert extraction.organizations["United Nations Security Council"].short_name == (
        "UN Security Council"
    )


PERSONS_TEXT = """Ghana and Colombia sign cocoa accord (written for tests)

Ghana's Minister of Trade, Industry and Agribusiness, Kwame Asante Boakye, said the accord would
open new markets. Colombia's Minister of Commerce, Lucía Restrepo Gil, signed for Colombia.

"This is a good day," Minister Restrepo Gil said, before flying to São Paulo."""


def test_names_after_long_titles_and_later_mentions_are_one_person():
    extraction = extracted(PERSONS_TEXT)
    people = {m.entity.key for m in extraction.mentions if m.entity.kind == "person"}
    # Set off by commas after a long title; "Minister Restrepo Gil" is the same person; a
    # region's name ("São Paulo") is nobody.
    assert people == {"Kwame Asante Boakye", "Lucía Restrepo Gil"}


def test_a_title_set_off_by_commas_gives_the_post():
    extraction = extracted(PERSONS_TEXT)
    posts = {(p.person, p.role, p.representing and p.representing.key) for p in extraction.posts}
    assert {
        ("Kwame Asante Boakye", "minister", "GHA"),
        ("Lucía Restrepo Gil", "minister", "COL"),
    } <= posts


def test_an_accent_stripped_spelling_that_is_an_english_word_names_no_country():
    assert "Island" not in country_forms()  # Iceland's "Ísland"
    assert country_forms()["Iceland"][0] == "ISL"


PLACES_TEXT = """Peru and Chile hold talks (written for tests)

Peru and Chile held talks in Brasília on Monday on fishing in the South China Sea, the Indian
Ocean and the Gulf of Thailand.

Brasília said it welcomed the talks."""


def test_a_venue_or_a_sea_is_not_a_country_acting(tmp_path: Path):
    extraction = extracted(PLACES_TEXT)
    acting = {(m.entity.key, m.venue) for m in extraction.mentions}
    # Brasília hosts the talks (a venue), then speaks for Brazil; the seas name no country.
    assert acting == {("PER", False), ("CHL", False), ("BRA", True), ("BRA", False)}
    article = tmp_path / "places.md"
    article.write_text(PLACES_TEXT.replace("Brasília said it welcomed", "Officials welcomed"))
    store = tmp_path / "store"
    diplograph("ingest", article, "--store", store)
    assert {r["iso3"] for r in rows(store, "countries")} == {"PER", "CHL"}


def test_an_organization_is_listed_with_its_short_name(store):
    names = {r["name"] for r in rows(store, "organizations")}
    assert "International Atomic Energy Agency (IAEA)" in names
    assert "UNESCO" in names  # no shorter name than its own


def test_korea_alone_is_the_republic_of_korea_and_a_peninsula_is_no_country():
    text = (
        "Indonesia and Korea (written for tests)\n\n"
        "Korea remains a major buyer of Indonesian coal. North Korea fired a missile.\n\n"
        "Both sides called for peace on the Korean Peninsula."
    )
    extraction = extracted(text)
    said = {(text, key) for text, _, key in _said(extraction)}
    assert {("Korea", "KOR"), ("North Korea", "PRK")} <= said
    assert not any(text == "Korean" for text, _ in said)  # "the Korean Peninsula"
    assert ("IDN", "KOR") in {(f.exporter, f.importer) for f in extraction.trade}


def test_hyphenated_names_are_persons_and_a_currency_is_no_country():
    extraction = extracted(
        "Egypt and Mali (written for tests)\n\n"
        "Malian Foreign Minister Moussa Traoré-Keita met Egyptian envoy Tarek El-Sawy in Cairo. "
        "Traoré-Keita said Mali would pay 2 billion US dollars."
    )
    said = [(text, key) for text, _, key in _said(extraction)]
    assert ("Traoré-Keita", "Moussa Traoré-Keita") in said
    assert ("Tarek El-Sawy", "Tarek El-Sawy") in said
    assert "USA" not in {key for _, key in said}


def test_a_name_ending_in_a_country_does_not_take_that_country_s_mentions():
    extraction = extracted(
        "Indonesia and Korea (written for tests)\n\n"
        "Korea Aerospace and PT Dirgantara Indonesia will build aircraft together.\n\n"
        "Indonesia reaffirmed its support for the talks."
    )
    # The last sentence opens with "Indonesia", the country.
    assert [(text, key) for text, _, key in _said(extraction)][-1] == ("Indonesia", "IDN")
