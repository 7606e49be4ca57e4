"""Extraction on a text written for these tests (Kenya–China), so nothing of the seed helps."""

from pathlib import Path

import pytest

from diplograph.graph.ingest.roles import Roles

from .conftest import KENYA, diplograph, extracted, rows


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    store = tmp_path_factory.mktemp("kenya") / "store"
    diplograph("ingest", KENYA, "--store", store, "--published", "2024-06-14")
    return store


def test_countries_by_name_and_demonym(store):
    assert {r["iso3"] for r in rows(store, "countries")} == {"KEN", "CHN"}


def test_the_relation(store):
    relations = rows(store, "relations")
    assert [(r["isoA"], r["isoB"]) for r in relations] == [("CHN", "KEN")]


def test_persons_hold_posts_of_their_country(store):
    persons = {r["name"]: r for r in rows(store, "persons")}
    assert persons["William Ruto"]["role"] == "president"
    assert persons["William Ruto"]["affiliation"] == "KEN"
    assert persons["Li Qiang"]["role"] == "premier"
    assert persons["Li Qiang"]["affiliation"] == "CHN"


def test_organizations_from_the_gazetteer_and_the_dateline(store):
    orgs = {r["name"]: r for r in rows(store, "organizations")}
    assert orgs["Belt and Road Initiative (BRI)"]["type"] == "other"  # with its short name
    assert orgs["Kenya News Agency (KNA)"]["type"] == "media"
    assert orgs["Example Wire"]["type"] == "media"  # the outlet line after the source URL


def _events(store):
    events: dict[str, dict] = {}
    for r in rows(store, "events"):
        event = events.setdefault(r["event"], {"participants": set(), **r})
        event["participants"].add(r["participant"])
    return list(events.values())


def test_a_directed_meeting_with_its_date(store):
    meeting = next(e for e in _events(store) if e["type"] == "CONSULT")
    assert (meeting["actor"], meeting["recipient"]) == ("KEN", "CHN")
    assert meeting["date"] == "2024-06-10"  # "on Monday", before the Friday it was published
    assert meeting["status"] == "asserted"


def test_aid_goes_from_donor_to_recipient(store):
    aid = next(e for e in _events(store) if e["type"] == "AID")
    assert (aid["actor"], aid["recipient"]) == ("CHN", "KEN")
    assert aid["date"] == "2023"
    assert "donated" in aid["sentence"]


def test_an_agreement_between_both(store):
    agree = next(e for e in _events(store) if e["type"] == "AGREE")
    assert agree["participants"] == {"KEN", "CHN"}
    assert "actor" not in agree


def test_positions(store):
    positions = {(r["holder"], r["stance"]): r["target"] for r in rows(store, "positions")}
    assert "Belt and Road" in positions[("KEN", "support")]
    assert "sanctions" in positions[("KEN", "oppose")]


def test_trade_flows_both_ways(store):
    flows: dict[tuple, set] = {}
    for r in rows(store, "trade"):
        flows.setdefault((r.get("exporter"), r.get("importer")), set()).add(r.get("product"))
    assert ("CHN", "KEN") in flows
    assert {"tea", "coffee", "avocados"} <= flows[("KEN", "CHN")]


def test_cooperation_areas(store):
    codes = {r["areaCode"] for r in rows(store, "cooperation-areas")}
    assert {"infrastructure", "agriculture", "trade", "health"} <= codes
    assert "defense_security" not in codes


def test_every_fact_has_its_evidence_and_run(store):
    missing = rows(
        store,
        """
        SELECT ?fact WHERE {
          VALUES ?class {
            dg:Event dg:Position dg:TradeFact dg:AreaMention dg:Post dg:BilateralRelation
          }
          ?fact a ?class .
          FILTER NOT EXISTS {
            ?fact dg:evidence ?s ; prov:wasDerivedFrom ?a ; prov:wasGeneratedBy ?run .
            ?s nif:anchorOf ?text ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?c .
            ?c nif:isString ?article .
            ?a a dg:Article .
            ?run dg:pipeline ?pipeline ; prov:wasAssociatedWith ?software .
            FILTER (SUBSTR(?article, ?b + 1, ?e - ?b) = ?text)
          }
        }""",
    )
    assert missing == []


AREAS_TEXT = """Ghana and Japan deepen ties (written for tests)

Ghana and Japan agreed to expand cooperation in health and education, Japanese officials said.

Cocoa left the port of Tema for Japan on Monday, said researcher Ama Mensah."""


def test_a_place_or_a_job_title_is_no_area_of_cooperation():
    extraction = extracted(AREAS_TEXT)
    codes = {area.area for area in extraction.areas}
    assert {"health", "education"} <= codes
    assert not codes & {"infrastructure", "science_technology"}  # "port of Tema", "researcher"


def test_ordinary_trade_is_a_trade_fact_not_an_event():
    text = (
        "Peru and South Korea (written for tests)\n\n"
        "Peru exports copper and zinc to South Korea, while South Korea sells cars to Peru.\n\n"
        "Peru and South Korea agreed to cooperate on mining."
    )
    extraction = extracted(text)
    assert {(flow.exporter, flow.importer) for flow in extraction.trade} >= {("PER", "KOR")}
    assert {event.sentence for event in extraction.events} == {2}


BLOC_TEXT = """Chile and the EU deepen their partnership (written for tests)

Santiago, 4 March 2025

The European Union and Chile signed an advanced framework agreement on trade and investment on
Tuesday.

The EU is Chile's third largest trading partner. Chile and the EU will also work together on
renewable energy."""


def test_a_country_and_a_bloc_make_a_relation_with_its_areas(tmp_path: Path):
    article = tmp_path / "chile-eu.md"
    article.write_text(BLOC_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    diplograph("ingest", article, "--store", store)
    parties = rows(
        store, "SELECT ?party WHERE { ?r a dg:BilateralRelation ; dg:party/rdfs:label ?party }"
    )
    assert sorted(r["party"] for r in parties) == ["Chile", "European Union"]
    assert rows(store, "relations") == []  # the contract's relations are between two countries
    codes = {r["areaCode"] for r in rows(store, "cooperation-areas")}
    assert {"trade", "investment", "energy"} <= codes
    assert diplograph("validate", "--store", store).returncode == 0


PAIR_TEXT = """Peru and Bolivia at odds over water (written for tests)

Peru and Bolivia held talks on the Silala waters in Lima on Monday.

The Bolivian government rejected the proposal on Tuesday.

The ministers will meet again in May."""


def test_a_side_of_the_pair_rejects_the_other_and_the_ministers_are_both_sides():
    extraction = extracted(PAIR_TEXT)
    coded = {
        (e.type, e.actor and e.actor.key, e.recipient and e.recipient.key, e.sentence)
        for e in extraction.events
    }
    assert ("REJECT", "BOL", "PER", 2) in coded  # "the proposal" names no one: the other side
    roles = Roles(extraction.sentences[0].span.doc, extraction)
    ministers = next(t for t in extraction.sentences[3].span if t.lower_ == "ministers")
    assert {e.key for e in roles.named_by(ministers)} == {"PER", "BOL"}


READOUT_TEXT = """Readout of the call with Mexico (written for tests)

Canada and Mexico agreed to deepen their partnership on Monday.

Prime Minister Jean Tremblay spoke with the President of Mexico, Ana Ruiz.

Prime Minister Tremblay met President Ruiz's envoy in Ottawa."""


def test_an_official_without_a_country_dealing_with_one_side_is_the_other_side():
    extraction = extracted(READOUT_TEXT)
    posts = {(p.person, p.role, p.representing and p.representing.key) for p in extraction.posts}
    assert ("Ana Ruiz", "president", "MEX") in posts  # a title set off before the full stop
    met = [e for e in extraction.events if e.sentence == 3]
    assert met and {p.key for e in met for p in e.participants} == {"CAN", "MEX"}


def test_no_on_the_subject_negates_the_event():
    extraction = extracted(
        "Peru and Chile (written for tests)\n\n"
        "Peru and Chile discussed gas supplies; no contract was signed."
    )
    signed = [e for e in extraction.events if e.trigger == "signed"]
    assert signed and {e.status for e in signed} == {"negated"}


def test_speaking_with_someone_is_a_call_and_speaking_at_a_ceremony_is_not():
    extraction = extracted(
        "Canada and Mexico (written for tests)\n\n"
        "Canada and Mexico agreed to deepen their partnership.\n\n"
        "Prime Minister Jean Tremblay spoke yesterday with the President of Mexico, Ana Ruiz.\n\n"
        "Ruiz spoke at a ceremony in Monterrey."
    )
    spoke = [e for e in extraction.events if e.trigger == "spoke"]
    assert [(e.type, e.sentence) for e in spoke] == [("CONSULT", 2)]
    assert {p.key for p in spoke[0].participants} == {"CAN", "MEX"}
