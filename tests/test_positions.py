"""Stances in any article: who supports or opposes what, in the words news uses for it. Every
sentence and article here was written for these tests (news story, press release, joint
statement, call readout, analysis; many country pairs); none comes from a scored article."""

from __future__ import annotations

import pytest

from diplograph.graph.ingest.model import Extraction

from .conftest import extracted


def _extract(text: str) -> Extraction:
    return extracted(text + "\n")


def _stances(text: str) -> set[tuple[str, str]]:
    return {(p.holder.key, p.stance) for p in _extract(text).positions}


def _by_sentence(extraction: Extraction) -> list[tuple[int, str, str, str]]:
    return [(p.sentence, p.holder.key, p.stance, p.target) for p in extraction.positions]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mexico welcomed the agreement between Guatemala and Honduras on border controls.",
         {("MEX", "support")}),
        ("Argentina rejected the British claims over the islands as null and void.",
         {("ARG", "oppose")}),
        ("Iran accused Israel of sabotaging its nuclear facilities.", {("IRN", "oppose")}),
        ("Pakistan called for an independent investigation into the attack.",
         {("PAK", "support")}),
        ("Germany urged Serbia to recognize the independence of Kosovo.", {("DEU", "support")}),
        ("Vietnam reaffirmed its commitment to the peaceful settlement of disputes with China.",
         {("VNM", "support")}),
        ("Indonesia expressed concern over the military buildup of Australia near its borders.",
         {("IDN", "oppose")}),
        ("Kenya hailed the decision of Ethiopia to reopen the border.", {("KEN", "support")}),
        ("France praised Morocco's reform programme.", {("FRA", "support")}),
        ("Egypt deplored the violence against civilians in Sudan.", {("EGY", "oppose")}),
        ("Poland stands with Ukraine against the aggression.",
         {("POL", "support"), ("POL", "oppose")}),
        ("Australia is firmly opposed to the resumption of commercial whaling by Japan.",
         {("AUS", "oppose")}),
        ("Bolivia declared itself in solidarity with the people of Cuba.", {("BOL", "support")}),
        ("Israel recognizes Morocco's sovereignty over Western Sahara.", {("ISR", "support")}),
        ("Brazil voiced opposition to the tariffs proposed by Argentina.", {("BRA", "oppose")}),
        ("Italy is supportive of the enlargement talks with Albania.", {("ITA", "support")}),
        ("Greece objected to the drilling by Turkey off Cyprus.", {("GRC", "oppose")}),
        ("Saudi Arabia warned against any escalation by Iran.", {("SAU", "oppose")}),
        ("New Zealand expressed deep concern about the crackdown on protesters in Iran.",
         {("NZL", "oppose")}),
        ("Colombia expressed its appreciation for the humanitarian assistance of Spain.",
         {("COL", "support")}),
        ("Thailand accused Cambodia of violating the ceasefire.", {("THA", "oppose")}),
        ("Lithuania has been a staunch supporter of Ukraine since the start of the war.",
         {("LTU", "support")}),
        ("The plan was backed by Spain and Portugal.", {("ESP", "support"), ("PRT", "support")}),
        ("Sweden threw its weight behind the candidacy of Finland.", {("SWE", "support")}),
        ("Switzerland came out in favour of the new rules on migration proposed by Italy.",
         {("CHE", "support")}),
        ("Cuba sided with Venezuela in its dispute with Guyana.", {("CUB", "support")}),
        ("Belgium voted against the resolution on Israel.", {("BEL", "oppose")}),
        ("Singapore lent its support to the proposal of Malaysia.", {("SGP", "support")}),
        ("Austria expressed reservations about the accession of Bulgaria to the Schengen area.",
         {("AUT", "oppose")}),
        ("Ukraine is against any deal that would cede territory to Russia.", {("UKR", "oppose")}),
        ("Ghana was among the countries that condemned the coup in Burkina Faso.",
         {("GHA", "oppose")}),
        ("Brazil reaffirmed its adherence to the one-China principle.", {("BRA", "support")}),
        ("Malaysia underscored the importance of freedom of navigation in the South China Sea.",
         {("MYS", "support")}),
        ("Kenya stressed the need for dialogue between Sudan and South Sudan.",
         {("KEN", "support")}),
        ("The report discussed the importance of trade between Chile and Peru.", set()),
        # relative clauses: the stance is about what the clause relates to
        ("Egypt signed an agreement with Greece in 2020, which Turkey rejected as null and void.",
         {("TUR", "oppose")}),
        ("Japan raised tariffs on Chinese goods, a step Beijing called unjustified.",
         {("CHN", "oppose")}),
        ("The countries that protested the decision of Mali included Senegal.", set()),
        ("Pakistan's backing of the Taliban has strained its ties with Iran.",
         {("PAK", "support")}),
        ("China urged restraint from all parties in the conflict between Thailand and Cambodia.",
         {("CHN", "support")}),
        ("Iraq summoned the Turkish ambassador to protest the strikes in the Kurdistan region.",
         {("IRQ", "oppose")}),
        ("Sri Lanka has repeatedly rejected calls from India to allow research vessels of China "
         "to dock.", {("LKA", "oppose")}),
        ("Benin and Togo pledged their support for the regional force against jihadist groups.",
         {("BEN", "support"), ("TGO", "support")}),
        ("Slovakia will not back the use of frozen Russian assets, Prime Minister Robert Fico of "
         "Slovakia said.", set()),
        ("Indonesia does not recognise Israel.", set()),
        ("The proposal was rejected.", set()),
        ("India abstained in the vote on the resolution against Russia.", set()),
        ("Kenya threatened to suspend trade with Tanzania.", set()),
        # judgements of what someone names or reports
        ("Iran called the sanctions illegal.", {("IRN", "oppose")}),
        ("China described the visit as a provocation.", {("CHN", "oppose")}),
        ("The sanctions are illegal and unacceptable, the Iranian foreign minister said.",
         {("IRN", "oppose")}),
        ("Seoul termed the agreement a milestone in relations with Tokyo.",
         {("KOR", "support")}),
        ("Moscow said the deployment was not a violation of the treaty.", set()),
        ("The deployment by Russia was a violation of the treaty.", set()),
        ("Russia called the meeting with Ukraine in Istanbul a first step.", set()),
        # a ministry, a spokesperson, a minister, a capital hold their country's stance
        ("The Kremlin criticized the decision of Finland to close the border.",
         {("RUS", "oppose")}),
        ("Russian Foreign Minister Sergei Lavrov condemned the strikes on Syria.",
         {("RUS", "oppose")}),
        ("The Chinese Foreign Ministry said it firmly opposed the arms sale by the United States.",
         {("CHN", "oppose")}),
        ("Ghana's Foreign Minister Samuel Ablakwa said Accra fully backs the mediation efforts of "
         "Nigeria in Niger.", {("GHA", "support")}),
        ('"We reject these accusations," the spokesperson of the Vietnamese Foreign Ministry told '
         "reporters after China protested.", {("VNM", "oppose")}),
        ("Kazakhstan has consistently supported the territorial integrity of Ukraine, a spokesman "
         "for its Foreign Ministry said.", {("KAZ", "support")}),
        ("South Africa said it was deeply disappointed by the decision of the United Kingdom to "
         "impose visa requirements.", {("ZAF", "oppose")}),
        ("Ireland, Spain and Norway announced they would recognise the State of Palestine.",
         {("IRL", "support"), ("ESP", "support"), ("NOR", "support")}),
        ("Israel strongly criticised the decision of Ireland, Spain and Norway to recognise a "
         "Palestinian state.", {("ISR", "oppose")}),
        ("Peru supports the candidacy of Chile to host the summit, but opposes the proposal of "
         "Bolivia on maritime access.", {("PER", "support"), ("PER", "oppose")}),
        ("The Chinese Foreign Ministry issued a statement on the visit of the Philippine "
         "president to Japan. The ministry urged Manila to stop provocations in the South China "
         "Sea.", {("CHN", "support")}),
        ("Chile and Peru welcomed the ruling of the International Court of Justice.",
         {("CHL", "support"), ("PER", "support")}),
    ],
)  # fmt: skip
def test_stance_words_judgements_and_holders_in_reported_speech(sentence, expected):
    assert _stances(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Hungary did not support the sanctions package against Russia.",
        "India refused to condemn the invasion of Ukraine.",
        "Brazil declined to endorse the declaration of the summit in Switzerland.",
        "Mexico never backed the plan of the United States.",
        "Serbia does not recognize the independence of Kosovo.",
        "Uruguay was reluctant to endorse the trade pact with China.",
        "Analysts say Beijing is unlikely to support any resolution against Pyongyang.",
        "Whether Beijing would back the plan of Russia remains unclear.",
        "South Korea has no plans to back the initiative of China.",
        "Germany will not support the proposal of France on common debt.",
        # stance words that take no side here
        "The opposition leader of Kenya visited Uganda.",
        "China donated vaccines against Covid-19 to Cuba.",
        "Brazil will play against Argentina on Sunday.",
        "South Korea and Japan discussed the support programme.",
        "China welcomed the Kenyan delegation in Beijing.",
        "Tanzania welcomed the new Chinese ambassador to Dodoma.",
        "Indonesia expressed concern about the situation in Myanmar.",
        "Brazil called Argentina on Tuesday.",
        "Nigeria's opposition leader criticized the president over the deal with China.",
        "The support of Qatar was crucial for the talks between Hamas and Israel.",
        "Support for the ruling party fell in Japan.",
        "The United States backed away from the deal.",
        "Poland's president welcomed his Lithuanian counterpart in Warsaw.",
        "Vietnam reaffirmed its position on the South China Sea.",
    ],
)
def test_no_stance_when_negated_refused_doubted_or_not_a_stance(sentence):
    assert _stances(sentence) == set()


NEWS_STORY = """\
# Turkey condemns attack on embassy in Libya (written for tests)

Ankara, March 3 -- Turkey condemned on Sunday the attack on its embassy in Libya. It also called \
for the perpetrators to be brought to justice.

The Libyan government said it shared the concern of Turkey and pledged to protect foreign \
missions in Tripoli.
"""


def test_news_story_it_is_the_country_the_sentence_before_was_about():
    found = _by_sentence(_extract(NEWS_STORY))
    holders = {(holder, stance) for _, holder, stance, _ in found}
    assert {("TUR", "oppose"), ("TUR", "support")} <= holders
    called = next(p for p in found if p[2] == "support" and p[1] == "TUR")
    assert called[3].startswith("the perpetrators to be brought to justice")


JOINT_STATEMENT = """\
# Joint statement of Jordan and Egypt (written for tests)

Jordan and Egypt held the fourth round of their political consultations in Cairo on 12 May. \
Jordan and Egypt agreed to expand trade and to open a new crossing.

Both sides reaffirmed their support for the two-state solution. The two ministers also \
expressed their opposition to the expansion of settlements.

Egypt thanked Jordan for hosting the next round.
"""


def test_joint_statement_both_sides_give_one_position_each():
    found = _by_sentence(_extract(JOINT_STATEMENT))
    both = {(holder, stance) for _, holder, stance, _ in found}
    assert both == {
        ("JOR", "support"),
        ("EGY", "support"),
        ("JOR", "oppose"),
        ("EGY", "oppose"),
    }
    assert {target for *_, target in found} == {
        "the two-state solution",
        "the expansion of settlements",
    }


CALL_READOUT = """\
# Readout of the call between Secretary Blinken and Foreign Secretary Manalo (written for tests)

U.S. Secretary of State Antony Blinken spoke today with Philippine Foreign Secretary \
Enrique Manalo. Secretary Blinken underscored the United States' commitment to a free and open \
Indo-Pacific and condemned the dangerous manoeuvres of China near Second Thomas Shoal.

Foreign Secretary Manalo welcomed the support of the United States for the arbitral award.
"""


def test_call_readout_ministers_hold_their_countrys_stance():
    found = {(holder, stance) for _, holder, stance, _ in _by_sentence(_extract(CALL_READOUT))}
    assert found == {("USA", "support"), ("USA", "oppose"), ("PHL", "support")}


PRESS_RELEASE = """\
# Ghana welcomes peace agreement (written for tests)

The Ministry of Foreign Affairs of Ghana welcomes the signing of the peace agreement between \
Ethiopia and Eritrea. Ghana calls on both parties to implement the agreement in good faith and \
stands ready to support the African Union in monitoring it.
"""


def test_press_release_a_ministry_speaks_for_its_country():
    found = _by_sentence(_extract(PRESS_RELEASE))
    assert {(holder, stance) for _, holder, stance, _ in found} == {("GHA", "support")}
    assert found[0][3] == "the signing of the peace agreement between Ethiopia and Eritrea"


ANALYSIS = """\
# Why Ankara holds out (analysis, written for tests)

Ankara has long opposed the membership of Sweden in the alliance. Whether Turkey would back \
the bid of Finland is less clear.

Few expect Hungary to object to the accession of Finland, though Budapest has not endorsed it \
either.
"""


def test_analysis_keeps_what_is_said_and_drops_what_is_wondered():
    found = _by_sentence(_extract(ANALYSIS))
    assert [(holder, stance) for _, holder, stance, _ in found] == [("TUR", "oppose")]
    assert found[0][3].startswith("the membership of Sweden")


def test_target_is_a_phrase_without_its_opening_preposition():
    extraction = _extract("Qatar called on Israel to allow aid into Gaza.")
    assert [p.target for p in extraction.positions] == ["Israel to allow aid into Gaza"]
    assert {a.key for a in extraction.positions[0].target_actors} == {"ISR"}


MOROCCO_MAURITANIA = """\
# Morocco and Mauritania deepen ties (news story, written for tests)

Nouakchott, June 4 (Reuters) -- Morocco and Mauritania signed six agreements on energy and \
fisheries on Tuesday during a visit by Moroccan Foreign Minister Nasser Bourita to Nouakchott.

Bourita said Rabat appreciated Mauritania's "positive neutrality" on the Western Sahara conflict \
and hoped Nouakchott would join the growing list of countries that support the autonomy plan.

Mauritanian Foreign Minister Mohamed Salem Ould Merzoug did not endorse the plan, but he \
welcomed the agreements as a sign of trust between the two neighbours.

Algeria, which backs the Polisario Front, criticised the visit. The Algerian Foreign Ministry \
said in a statement that it rejected "any attempt to impose a fait accompli" in the territory.
"""


def test_news_story_hopes_relative_clauses_and_a_negation_that_stops_at_but():
    found = _by_sentence(_extract(MOROCCO_MAURITANIA))
    assert [(holder, stance) for _, holder, stance, _ in found] == [
        ("MAR", "support"),  # appreciated; the countries hoped for hold no stance
        ("MRT", "support"),  # "did not endorse ..., but he welcomed"
        ("DZA", "support"),  # "Algeria, which backs"
        ("DZA", "oppose"),
        ("DZA", "oppose"),
    ]
    assert found[-1][3] == "any attempt to impose a fait accompli in the territory"


JOINT_MEETING = """\
# Joint Statement of the Canada-Korea Foreign and Defence Ministers' Meeting (written for tests)

1. The Foreign and Defence Ministers of Canada and the Republic of Korea met in Ottawa for the \
fifth meeting under the Canada-Korea comprehensive strategic partnership. Canada and Korea \
agreed to deepen their cooperation in defence.

2. The Ministers condemned the continued development of nuclear weapons by North Korea.

3. Canada expressed its support for the candidacy of Korea to host the World Expo. Korea thanked \
Canada for its support.

4. The Ministers discussed the situation in the Middle East.
"""


def test_joint_statement_the_ministers_are_the_two_sides():
    extraction = _extract(JOINT_MEETING)
    found = _by_sentence(extraction)
    assert {(holder, stance) for _, holder, stance, _ in found} == {
        ("CAN", "oppose"),
        ("KOR", "oppose"),
        ("CAN", "support"),
    }
    relative = _extract("Egypt signed an agreement with Greece in 2020, which Turkey rejected.")
    assert [p.target for p in relative.positions] == ["an agreement with Greece"]


def test_refusing_to_accept_something_is_opposing_it():
    text = (
        "Mexico and Canada (written for tests)\n\n"
        "President Ana Ruiz stressed that Mexico would not accept tariffs on its steel exports."
    )
    [position] = _extract(text).positions
    assert (position.holder.key, position.stance) == ("MEX", "oppose")
    assert position.target.startswith("tariffs")
    assert _stances("Chile and Peru (written for tests)\n\nChile did support the plan.") == {
        ("CHL", "support")
    }
