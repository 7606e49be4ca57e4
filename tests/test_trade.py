"""Trade facts through the real `diplograph` CLI: who sells to whom, what, how much.

Every text here was written for these tests (none comes from a scored article). Each case is
one document; its last sentence must yield exactly the facts listed: (exporter, importer) with
None where the side is not a country (the EU) or the fact has no direction ("bilateral trade
stood at …"), and the products and words the facts must carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import diplograph, rows

PAIR = "{a} and {b} have had diplomatic relations since 1960."


@dataclass
class Case:
    text: str
    facts: set[tuple[str | None, str | None]]
    products: set[str] = field(default_factory=set)
    words: tuple[str, ...] = ()

    @property
    def sentence(self) -> str:
        return self.text.split("\n\n")[-1]


CASES = [
    # trade verbs: subject and "to"/"from", goods as the object, measures looked through
    Case("Kenya exports tea, coffee and cut flowers to Egypt.", {("KEN", "EGY")}, {"cut flowers"}),
    Case(
        "Chile shipped 180,000 tonnes of lithium carbonate to China last year.",
        {("CHL", "CHN")},
        {"lithium carbonate"},
        ("180,000 tonnes", "last year"),
    ),
    Case("Iraq imports cement, steel and food from Turkey.", {("TUR", "IRQ")}, {"cement", "food"}),
    Case(
        "The Netherlands buys 40 percent of Ethiopia's cut flowers.",
        {("ETH", "NLD")},
        {"cut flowers"},
    ),
    Case(
        "Ethiopia supplies a third of the roses sold in the Netherlands.",
        {("ETH", "NLD")},
        {"roses"},
    ),
    Case(
        "Argentina exported wheat to Brazil, while Brazil exported cars to Argentina.",
        {("ARG", "BRA"), ("BRA", "ARG")},
        {"wheat", "cars"},
    ),
    Case(
        "Uzbekistan exports cotton yarn to Bangladesh and Turkey.",
        {("UZB", "BGD"), ("UZB", "TUR")},
    ),
    Case(
        "Australia exported coal and iron ore worth A$50 billion to Japan in 2022.",
        {("AUS", "JPN")},
        {"coal", "iron ore"},
    ),
    Case(
        "Qatar supplies about a quarter of the liquefied gas imported by Japan.",
        {("QAT", "JPN")},
        {"liquefied gas"},
    ),
    Case("Poland signed a contract to buy tanks from South Korea.", {("KOR", "POL")}, {"tanks"}),
    Case(
        "Russia delivered 1.5 million tonnes of fertiliser to Brazil in the first quarter.",
        {("RUS", "BRA")},
        {"fertiliser"},
    ),
    Case(
        "Palm oil is imported into Pakistan mainly from Indonesia and Malaysia.",
        {("IDN", "PAK"), ("MYS", "PAK")},
        {"Palm oil"},
    ),
    Case(
        "China imported 2.1 million barrels per day of Russian crude in May.",
        {("RUS", "CHN")},
    ),
    Case(
        "Tunisia sells olive oil to Italy and buys machinery from it.",
        {("TUN", "ITA"), ("ITA", "TUN")},
        {"olive oil", "machinery"},
    ),
    # trade nouns: possessor or demonym, "to"/"from", a share of them
    Case(
        "South Korea's imports from Peru were worth $4.1 billion in 2023.",
        {("PER", "KOR")},
        words=("$4.1 billion", "2023"),
    ),
    Case("Japanese car exports to Thailand slowed in 2023.", {("JPN", "THA")}, {"car"}),
    Case(
        "The Philippines imports nearly all its rice from Vietnam and Thailand.",
        {("VNM", "PHL"), ("THA", "PHL")},
        {"rice"},
    ),
    Case(
        "China accounts for 39 percent of Chile's exports, mainly copper, lithium and cherries.",
        {("CHL", "CHN")},
        {"copper", "lithium", "cherries"},
    ),
    Case(
        "Spanish purchases of Moroccan phosphate rose 10 percent.", {("MAR", "ESP")}, {"phosphate"}
    ),
    Case(
        PAIR.format(a="Peru", b="South Korea")
        + "\n\nThe two governments agreed to raise exports of blueberries to South Korea.",
        {("PER", "KOR")},
        {"blueberries"},
    ),
    Case("Japan sources 30 percent of its salmon from Norway.", {("NOR", "JPN")}, {"salmon"}),
    Case(
        "Ghana earned $2.2 billion from cocoa exports to the Netherlands last year.",
        {("GHA", "NLD")},
        {"cocoa"},
        ("$2.2 billion",),
    ),
    Case("India's purchases of Russian crude oil have soared.", {("RUS", "IND")}, {"crude oil"}),
    # role nouns said of a country, with their rank
    Case(
        "Peru is South Korea's largest supplier of copper concentrate.",
        {("PER", "KOR")},
        {"copper concentrate"},
    ),
    Case(
        "Australia remains a major source of wheat, beef and live cattle for Indonesia.",
        {("AUS", "IDN")},
        {"wheat", "live cattle"},
    ),
    Case("Indonesia is a key buyer of Australian wheat.", {("AUS", "IDN")}, {"wheat"}),
    Case(
        "Norway overtook Chile as Japan's biggest supplier of salmon in 2022.",
        {("NOR", "JPN")},
        {"salmon"},
    ),
    Case("Japan is the top export destination for Norwegian mackerel.", {("NOR", "JPN")}),
    Case("Iraq is the fifth destination of Turkish exports.", {("TUR", "IRQ")}, words=("fifth",)),
    Case("Spain is Morocco's leading trade partner and its first customer.", {("MAR", "ESP")}),
    Case(
        "Kenya is Egypt's main source of tea, while Egypt exports sugar to Kenya.",
        {("KEN", "EGY"), ("EGY", "KEN")},
        {"tea", "sugar"},
    ),
    Case("Morocco's share of the Spanish tomato market has doubled.", {("MAR", "ESP")}, {"tomato"}),
    # amounts of trade: no direction, but a surplus or deficit has one
    Case(
        "Total trade in goods between Peru and South Korea reached $6.3 billion last year.",
        {(None, None)},
        words=("$6.3 billion", "last year"),
    ),
    Case(
        PAIR.format(a="Ghana", b="India") + "\n\nBilateral trade stood at $820 million in 2022.",
        {(None, None)},
        words=("$820 million", "2022"),
    ),
    Case("Japan's trade with South Korea grew 5 percent to $85 billion.", {(None, None)}),
    Case("South Korea ran a trade deficit of $1.9 billion with Peru in 2023.", {("PER", "KOR")}),
    Case("Germany ran a trade surplus of 60 billion euros with France.", {("DEU", "FRA")}),
    # a non-state party: its side stays unbound
    Case(
        "Vietnam's exports to the EU reached 46 billion euros in 2022, led by phones and shoes.",
        {("VNM", None)},
        {"phones", "shoes"},
    ),
    Case("Vietnam recorded a trade surplus of 33 billion euros with the EU.", {("VNM", None)}),
    Case(
        "Peru and the EU held talks.\n\nThe EU's trade deficit with Peru narrowed.",
        {("PER", None)},
    ),
    Case(
        "The EU is Peru's second trading partner.\n\nExports to the EU rose 8 percent in 2023.",
        {("PER", None)},
        words=("8 percent", "2023"),
    ),
    # "its" across a sentence boundary
    Case(
        "China buys most of Chile's copper.\n\nIts exports of cherries to China grew by a quarter.",
        {("CHL", "CHN")},
        {"cherries"},
    ),
    Case("China is Angola's largest creditor and the main buyer of its oil.", {("AGO", "CHN")}),
    # no trade fact
    Case("The two leaders discussed trade, investment and energy cooperation.", set()),
    Case(PAIR.format(a="Ghana", b="India") + "\n\nThey agreed to expand bilateral trade.", set()),
    Case("The border dispute between Chad and Niger remains a source of concern.", set()),
    Case("Kenya does not export tea to Sudan.", set()),
    Case("Norway supplied humanitarian aid to Sudan after the floods.", set()),
    Case("The Egyptian president delivered a speech to Sudan's parliament.", set()),
    Case("Kenya is a popular tourist destination for Chinese visitors.", set()),
    Case("Germany is the largest source of foreign investment in Poland.", set()),
    Case("France is Morocco's strategic partner.", set()),
    Case("China will sell its stake in a Peruvian copper mine.", set()),
    Case("Norway and Japan signed a bilateral trade agreement worth $2 billion.", set()),
    Case("Ghana and India agreed to double bilateral trade by 2030.", set()),
]


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """Trade rows by evidence sentence, from one ingest of all cases, each its own document."""
    docs = tmp_path_factory.mktemp("trade-docs")
    for n, case in enumerate(CASES):
        (docs / f"case-{n:02}.txt").write_text(case.text + "\n", encoding="utf-8")
    store: Path = tmp_path_factory.mktemp("trade") / "store"
    diplograph("ingest", docs, "--store", store)
    flows: dict[str, dict] = {}
    for r in rows(store, "trade"):
        flow = flows.setdefault(r["flow"], {**r, "products": set()})
        flow["products"] |= {r["product"]} if "product" in r else set()
    by_sentence: dict[str, list[dict]] = {}
    for flow in flows.values():
        by_sentence.setdefault(flow["sentence"], []).append(flow)
    return by_sentence


@pytest.mark.parametrize("case", CASES, ids=[c.sentence[:50] for c in CASES])
def test_trade_facts(found: dict[str, list[dict]], case: Case) -> None:
    flows = found.get(case.sentence, [])
    assert {(f.get("exporter"), f.get("importer")) for f in flows} == case.facts
    assert case.products <= {p for f in flows for p in f["products"]}
    for word in case.words:
        assert any(word in f["fact"] for f in flows), (word, flows)


def test_a_fact_keeps_its_own_clause(found: dict[str, list[dict]]) -> None:
    """Two facts in one sentence each keep their clause, not the other's."""
    flows = found["Kenya is Egypt's main source of tea, while Egypt exports sugar to Kenya."]
    facts = {(f["exporter"], f["importer"]): f["fact"] for f in flows}
    assert facts[("KEN", "EGY")] == "Kenya is Egypt's main source of tea"
    assert facts[("EGY", "KEN")] == "Egypt exports sugar to Kenya"
    assert {f["rank"] for f in flows if f["exporter"] == "KEN"} == {"1"}
