"""PLOVER event coding, one sentence per document, through the real `diplograph` CLI.

Every sentence here was written for these tests (none comes from a scored article or the
PLOVER gold records). Each case names the type and the ordered (actor, recipient) country
pairs the sentence must yield, and `None` for a mutual event, whose participants are the pair.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import diplograph, rows

# sentence (written for tests) → (PLOVER type, expected pairs: ordered, or one mutual pair)
CASES: dict[str, tuple[str, set[tuple[str, str]] | None, set[str]]] = {
    # AGREE: a promise or intent, reciprocal when both sides agree
    "Kenyan and Ugandan officials agreed on Friday to reopen their shared border crossing.": (
        "AGREE",
        None,
        {"KEN", "UGA"},
    ),
    "Norway has promised to continue humanitarian aid to war-weary Yemen.": (
        "AGREE",
        {("NOR", "YEM")},
        set(),
    ),
    "Chile said it is willing to return the seized fishing boats to Peru.": (
        "AGREE",
        {("CHL", "PER")},
        set(),
    ),
    # A government body acts for its country
    "The Kremlin condemned new sanctions imposed by the United States on Russian banks.": (
        "ACCUSE",
        {("RUS", "USA")},
        set(),
    ),
    # CONSULT
    "The Japanese foreign minister met his Indonesian counterpart in Jakarta on Tuesday.": (
        "CONSULT",
        {("JPN", "IDN")},
        set(),
    ),
    "Portugal and Brazil held talks on fishing rights this week.": (
        "CONSULT",
        None,
        {"PRT", "BRA"},
    ),
    "Ghana's president will visit Morocco next month.": ("CONSULT", {("GHA", "MAR")}, set()),
    # SUPPORT
    "Austria praised Slovenia for its handling of the flood crisis.": (
        "SUPPORT",
        {("AUT", "SVN")},
        set(),
    ),
    "Mexico backed Guatemala's bid for a seat on the council.": (
        "SUPPORT",
        {("MEX", "GTM")},
        set(),
    ),
    # COOPERATE
    "Polish and Lithuanian troops began joint exercises near the border.": (
        "COOPERATE",
        None,
        {"POL", "LTU"},
    ),
    "Finland agreed to extradite two suspects to Estonia.": ("AGREE", {("FIN", "EST")}, set()),
    # AID
    "Denmark sent medical supplies to Mongolia after the earthquake.": (
        "AID",
        {("DNK", "MNG")},
        set(),
    ),
    "Senegal granted asylum to 30 Gambian journalists.": ("AID", {("SEN", "GMB")}, set()),
    # RETREAT
    "Armenia withdrew its troops from the disputed villages near Azerbaijan.": (
        "RETREAT",
        {("ARM", "AZE")},
        set(),
    ),
    "Iran released three Canadian sailors on Sunday.": ("RETREAT", {("IRN", "CAN")}, set()),
    # REQUEST
    "Greece demanded that Turkey halt drilling in the disputed waters.": (
        "REQUEST",
        {("GRC", "TUR")},
        set(),
    ),
    "Nepal urged India to reopen the trade routes.": ("REQUEST", {("NPL", "IND")}, set()),
    # ACCUSE
    "Ethiopia accused Egypt of trying to destabilize the region.": (
        "ACCUSE",
        {("ETH", "EGY")},
        set(),
    ),
    "Serbian officials condemned the Croatian decision to expel the journalists.": (
        "ACCUSE",
        {("SRB", "HRV")},
        set(),
    ),
    # REJECT
    "Venezuela rejected a Colombian proposal for joint border patrols.": (
        "REJECT",
        {("VEN", "COL")},
        set(),
    ),
    "Pakistan has refused to send troops to Yemen.": ("REJECT", {("PAK", "YEM")}, set()),
    # THREATEN
    "Algeria threatened to cut gas exports to Spain.": ("THREATEN", {("DZA", "ESP")}, set()),
    "Belarus warned Lithuania of retaliation over the new border fence.": (
        "THREATEN",
        {("BLR", "LTU")},
        set(),
    ),
    # PROTEST
    "Thousands of Bolivian farmers protested against Chilean water policies.": (
        "PROTEST",
        {("BOL", "CHL")},
        set(),
    ),
    # SANCTION
    "Sweden expelled two Russian diplomats on Wednesday.": ("SANCTION", {("SWE", "RUS")}, set()),
    "The United States suspended part of its military assistance to Niger.": (
        "SANCTION",
        {("USA", "NER")},
        set(),
    ),
    # THREATEN: retaliation announced
    "China will retaliate against Canada if the tariffs stay.": (
        "THREATEN",
        {("CHN", "CAN")},
        set(),
    ),
    # Joint actors against a third: one event each
    "France and Germany condemned Belarus for the forced landing of the airliner.": (
        "ACCUSE",
        {("FRA", "BLR"), ("DEU", "BLR")},
        set(),
    ),
    # The verb says on whom, not its object ("tariffs")
    "Canada raised tariffs on Chinese electric vehicles in August.": (
        "SANCTION",
        {("CAN", "CHN")},
        set(),
    ),
    # MOBILIZE
    "Azerbaijan deployed additional troops along its border with Armenia.": (
        "MOBILIZE",
        {("AZE", "ARM")},
        set(),
    ),
    # COERCE
    "Thai police arrested 40 Cambodian workers at a border market.": (
        "COERCE",
        {("THA", "KHM")},
        set(),
    ),
    "Malian soldiers detained two French journalists near Gao.": (
        "COERCE",
        {("MLI", "FRA")},
        set(),
    ),
    # ASSAULT
    "A convoy of Syrian refugees was attacked by Turkish militiamen near the border.": (
        "ASSAULT",
        {("TUR", "SYR")},
        set(),
    ),
    "Security forces in Sudan have beaten Eritrean and Ethiopian migrants.": (
        "ASSAULT",
        {("SDN", "ERI"), ("SDN", "ETH")},
        set(),
    ),
    "Russian aircraft bombed several Ukrainian towns overnight.": (
        "ASSAULT",
        {("RUS", "UKR")},
        set(),
    ),
}


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """Events by sentence, from one ingest of all cases, each as its own document."""
    docs = tmp_path_factory.mktemp("plover-docs")
    for n, text in enumerate(CASES):
        (docs / f"case-{n:02}.txt").write_text(text + "\n", encoding="utf-8")
    store: Path = tmp_path_factory.mktemp("plover") / "store"
    diplograph("ingest", docs, "--store", store)
    events: dict[str, dict] = {}
    for r in rows(store, "events"):
        event = events.setdefault(r["event"], {"participants": set(), **r})
        event["participants"].add(r["participant"])
    by_sentence: dict[str, list[dict]] = {}
    for event in events.values():
        by_sentence.setdefault(event["sentence"], []).append(event)
    return by_sentence


@pytest.mark.parametrize("text", CASES)
def test_type_actor_and_recipient(coded: dict[str, list[dict]], text: str) -> None:
    kind, directed, mutual = CASES[text]
    events = coded.get(text, [])
    if directed is not None:
        pairs = {(e["actor"], e["recipient"]) for e in events if "actor" in e and "recipient" in e}
        assert pairs == directed
        assert {e["type"] for e in events if (e.get("actor"), e.get("recipient")) in directed} == {
            kind
        }
    else:
        assert any(
            e["type"] == kind and e["participants"] == mutual and "actor" not in e for e in events
        ), events
