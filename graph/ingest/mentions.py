"""Find the actors an article names: countries, persons, organizations.

Countries are found by name, official name, short form, capital, demonym and epithet. Epithets
that only make sense in context ("the island", "the Asian giant") resolve to the one country the
article already names that fits them. Names inside an organization's name ("Radio Habana Cuba")
and in the dateline ("Beijing, September 28 --") are not the country acting.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .gazetteer import (
    countries,
    country_epithets,
    country_forms,
    country_names,
    organization_by_alias,
    region_names,
)
from .model import EntityRef, Extraction, Mention, OrganizationInfo
from .posts import ROLES

REGION_WORDS = {
    "asian": "Asia",
    "african": "Africa",
    "european": "Europe",
    "caribbean": "Caribbean",
    "latin": "Latin America",
    "american": "America",
    "south": "South",
    "north": "North",
    "east": "East",
    "eastern": "East",
    "west": "West",
    "western": "West",
    "central": "Central",
    "southeast": "South-Eastern",
    "middle": "Western Asia",
    "eastern_asia": "Eastern Asia",
    "pacific": "Oceania",
    "oceanian": "Oceania",
    "antillean": "Caribbean",
    "andean": "South America",
    "nordic": "Northern Europe",
    "baltic": "Northern Europe",
    "balkan": "Southern Europe",
}
EPITHET_HEADS = {
    "country", "nation", "giant", "island", "state", "republic", "kingdom", "neighbour",
    "neighbor", "power", "archipelago", "ally", "partner", "government",
}  # fmt: skip
ORG_KIND_CUES = [
    (
        r"\b(Ministry|Ministries|Department|Office|Embassy|Consulate|Council of Ministers|Cabinet|"
        r"Parliament|Assembly|Senate|Congress|Government|Presidency|Commission|Agency|Army|Navy|"
        r"Air Force|Forces|Force|Coast Guard|Guard|Police|Customs|Directorate|Authority|Bureau|"
        r"Secretariat|Survey|Corps|Court|Railways)\b",
        "government",
    ),
    (r"\b(Party)\b", "party"),
    (
        r"(\b(Development|Investment|Reconstruction|Export-Import) Bank\b|[a-z]bank\b)",
        "international",
    ),
    (
        r"(\.com|\.cn|\b(Inc|Corp|Corporation|Company|Co|Ltd|Group|Holdings?|Bank|Airlines|Airways|"
        r"Motors|Industries|Energy|Power|Petroleum|Oil|Gas|Telecom|Mining|Steel|Shipping|"
        r"Logistics|Pharmaceuticals?|Electric|Electronics|Technology|Technologies|Instruments|"
        r"Semiconductors?|Chemicals?|Systems|Cement|Foods|Telecommunications|Motor))\b",
        "company",
    ),
    (
        r"\b(News|Agency|Radio|Television|TV|Times|Post|Herald|Tribune|Daily|Press|Gazette)\b",
        "media",
    ),
    (r"\b(Organization|Organisation|Union|Alliance|Forum|Community|League)\b", "international"),
    (r"\b(Institute|Center|Centre|University|Foundation|Academy)\b", "other"),
]
# Government bodies named by what they are, renamed "<body> of <country>" whatever the wording.
GENERIC_BODY = re.compile(
    r"^(?:the )?(?:Ministry|Ministries|Department|Embassy|Consulate|Government|Presidency|Cabinet|"
    r"Parliament|Foreign Office|Council of Ministers|(?:\w+ )?(?:Affairs )?Ministry)\b",
    re.I,
)
FEATURE_WORDS = {
    "sea", "ocean", "strait", "straits", "gulf", "bay", "channel", "basin", "current", "peninsula",
}  # fmt: skip
CURRENCY_WORDS = {"dollar", "cent", "peso", "rupee", "franc", "pound", "real", "yuan", "won"}
VENUE_PREPOSITIONS = {"in", "at", "near", "outside", "around", "inside", "across"}
PERSON_TITLE_WORDS = {
    "president",
    "ambassador",
    "minister",
    "premier",
    "king",
    "queen",
    "mr",
    "ms",
    "mrs",
    "dr",
    "prime",
    "foreign",
    "secretary",
    "general",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
}
ROLE_WORDS = {word for role in ROLES for word in re.split(r"[ -]", role)} | {
    "affairs", "external", "foreign", "state", "defence", "defense", "trade", "finance", "-",
}  # fmt: skip
TITLE_HEADS = {role.split()[-1].split("-")[-1] for role in ROLES} - {"of", "state", "affairs"}
TITLE_FILLERS = {"of", "the", "to", "for", "'s", "’s"}
INITIAL = re.compile(r"^[A-Z]\.$")
# Chinese, Korean and Vietnamese family names, written before the given name ("Xi Jinping").
FAMILY_NAME_FIRST = {
    "Xi", "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu",
    "Sun", "Hu", "Zhu", "Gao", "Lin", "Guo", "Luo", "Liang", "Song", "Zheng", "Xie", "Han",
    "Tang", "Feng", "Dong", "Xiao", "Cheng", "Cao", "Deng", "Zeng", "Peng", "Jiang", "Cai",
    "Ding", "Wei", "Qin", "Mao", "Kim", "Park", "Lee", "Moon", "Yoon", "Nguyen", "Tran", "Pham",
}  # fmt: skip
DOMAIN_NAME = re.compile(r"^[A-Z][\w-]*\.(com|cn|net|org)$")


@dataclass
class Matchers:
    countries: PhraseMatcher
    epithets: PhraseMatcher
    organizations: PhraseMatcher
    contextual: Matcher


@cache
def _matchers(nlp: Language) -> Matchers:
    country = PhraseMatcher(nlp.vocab, attr="ORTH")
    for form, iso3 in country_names().items():
        country.add(iso3, [nlp.make_doc(form)])
    epithet = PhraseMatcher(nlp.vocab, attr="LOWER")
    for form, iso3 in country_epithets().items():
        epithet.add(iso3, [nlp.make_doc(form)])
    org = PhraseMatcher(nlp.vocab, attr="ORTH")
    for form, entry in organization_by_alias().items():
        org.add(entry.name, [nlp.make_doc(form)])
    contextual = Matcher(nlp.vocab)
    adjectives = {"IN": sorted(REGION_WORDS)}
    contextual.add(
        "EPITHET",
        [
            [
                {"LOWER": "the"},
                {"LOWER": adjectives},
                {"LOWER": adjectives, "OP": "?"},
                {"LOWER": {"IN": sorted(EPITHET_HEADS)}},
            ],
            [{"LOWER": "the"}, {"LOWER": {"IN": ["island", "archipelago"]}}],
        ],
        greedy="LONGEST",
    )
    return Matchers(country, epithet, org, contextual)


def find_mentions(doc: Doc, extraction: Extraction, nlp: Language) -> None:
    """Fill the extraction's mentions and organizations (persons are counted once their later
    references are resolved, in posts.py)."""
    matchers = _matchers(nlp)
    dateline = _dateline_range(extraction)
    taken: set[int] = set()

    def claim(span: Span, entity: EntityRef, how: str) -> None:
        if any(i in taken for i in range(span.start, span.end)) or span.start_char in dateline:
            return
        taken.update(range(span.start, span.end))
        sentence = extraction.sentence_of[span.start]
        venue = how == "capital" and _is_venue(span)
        extraction.mentions.append(Mention(span.start, span.end, entity, sentence, how, venue))

    places = _longest(doc, matchers.countries(doc))
    for span in _organizations(doc, matchers, extraction, places):
        claim(span, EntityRef("organization", span.label_), "name")
    not_names = taken | {i for span in places for i in range(span.start, span.end)}
    persons = _person_names(doc, taken, not_names)
    for span in _person_spans(doc, persons):
        claim(span, EntityRef("person", span.label_), "name")
    forms = country_forms()
    for span in places:
        if not _inside_foreign_person(doc, span) and not _inside_feature_name(doc, span):
            claim(span, EntityRef("country", span.label_), forms[span.text][1])
    for span in _longest(doc, matchers.epithets(doc)):
        claim(span, EntityRef("country", span.label_), "epithet")
    for span, iso3 in _contextual_epithets(doc, matchers, extraction):
        claim(span, EntityRef("country", iso3), "epithet")
    extraction.mentions.sort(key=lambda m: m.start)


def _is_venue(span: Span) -> bool:
    """ "Held talks in Ankara": a capital after a preposition of place is where something
    happens; "Ankara said" is the government acting."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in VENUE_PREPOSITIONS


def _dateline_range(extraction: Extraction) -> range:
    article = extraction.article
    if not article.dateline:
        return range(0)
    start = article.text.find(article.dateline)
    return range(start, start + len(article.dateline))


def _longest(doc: Doc, matches: list[tuple[int, int, int]]) -> list[Span]:
    spans = [Span(doc, start, end, label=match_id) for match_id, start, end in matches]
    spans.sort(key=lambda s: (-(s.end - s.start), s.start))
    chosen: list[Span] = []
    used: set[int] = set()
    for span in spans:
        if not any(i in used for i in range(span.start, span.end)):
            chosen.append(span)
            used.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def _inside_foreign_person(doc: Doc, span: Span) -> bool:
    """ "Jordan" in "Michael Jordan" is a person's name, not the country: the model's PERSON
    entity covers the span and goes on before or after it."""
    if any(token.ent_type_ != "PERSON" for token in span):
        return False
    return span[0].ent_iob_ == "I" or (span.end < len(doc) and doc[span.end].ent_iob_ == "I")


def _inside_feature_name(doc: Doc, span: Span) -> bool:
    """ "China" in "the South China Sea", "Indian" in "the Indian Ocean", "Thailand" in "the
    Gulf of Thailand" name a sea, not the state; "US" in "US dollars" a currency."""
    if span.end < len(doc) and doc[span.end].lemma_.lower() in CURRENCY_WORDS:
        return True  # "US dollars", "Australian dollar": a currency
    before = doc[span.start - 2] if span.start >= 2 else None
    if before and doc[span.start - 1].lower_ == "of" and _is_feature(before):
        return True
    end = span.end
    while end < len(doc) and end - span.end < 2 and doc[end].pos_ == "PROPN":
        if doc[end].lower_ in FEATURE_WORDS:
            return True
        end += 1
    return end < len(doc) and _is_feature(doc[end])


def _is_feature(token: Token) -> bool:
    return token.lower_ in FEATURE_WORDS and token.text.istitle()


def _organizations(
    doc: Doc, matchers: Matchers, extraction: Extraction, places: list[Span]
) -> list[Span]:
    """Known organizations by name, then organization-like names the model finds."""
    known = _longest(doc, matchers.organizations(doc))
    found = list(known)
    aliases = organization_by_alias()
    for span in known:
        entry = aliases[span.label_]
        if entry.name not in extraction.organizations:
            extraction.organizations[entry.name] = entry.info(said=span.text)
    covered = {i for span in known for i in range(span.start, span.end)}
    place_at = {i: span for span in places for i in range(span.start, span.end)}
    for span in _organization_candidates(doc):
        if any(i in covered for i in range(span.start, span.end)):
            continue
        kind = organization_kind(span.text)
        if kind is None:
            continue
        whole = re.sub(r"^the ", "", span.text, flags=re.I)
        span, country = _whose_body(doc, span, place_at) if kind == "government" else (span, None)
        generic = country and GENERIC_BODY.match(span.text)
        name = _body_name(span.text, country) if generic else whole
        if kind != "international":  # the Inter-American Development Bank is no US body
            country = country or country_inside(whole)
        extraction.organizations.setdefault(name, OrganizationInfo(name, kind, country))
        found.append(Span(doc, span.start, span.end, label=name))
        covered.update(range(span.start, span.end))
    return found


def _whose_body(doc: Doc, span: Span, place_at: dict[int, Span]) -> tuple[Span, str | None]:
    """A government body and its country, from the words around it: "Russia's Foreign
    Ministry", "the Chinese Foreign Ministry", "the Ministry of Foreign Affairs of Cuba". The
    country before the body stays a mention of its own."""
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ == "the" or start in place_at):
        start += 1
    while start < end and doc[start].lower_ in {"'s", "’s"}:
        start += 1
    before = start - 1
    while before >= 0 and doc[before].lower_ in {"'s", "’s", "the"}:
        before -= 1
    country = place_at.get(before)
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        after = end + 1 + (doc[end + 1].lower_ == "the")
        if after in place_at:
            country, end = place_at[after], place_at[after].end
    return doc[start:end], country.label_ if country else None


def _body_name(text: str, country: str) -> str:
    """One name per body whatever the wording: "Foreign Ministry" and "Ministry of Foreign
    Affairs" of Russia are both "Ministry of Foreign Affairs of Russia"."""
    text = re.sub(r"^(?:the )?(\w+(?: Affairs)?) Ministry\b", r"Ministry of \1", text, flags=re.I)
    text = re.sub(r"^Ministry of Foreign\b(?! Affairs)", "Ministry of Foreign Affairs", text)
    name = countries()[country].in_sentence
    return text if text.endswith(name) or country_inside(text) else f"{text} of {name}"


def _organization_candidates(doc: Doc) -> list[Span]:
    spans = [_trimmed(ent) for ent in doc.ents if ent.label_ == "ORG"]
    spans += [doc[t.i : t.i + 1] for t in doc if DOMAIN_NAME.match(t.text)]
    return [span for span in spans if len(span)]


def _trimmed(span: Span) -> Span:
    """The name without what the model ran on into: a paragraph break or a model number
    ("Japan Self-Defense Forces F-35A")."""
    end = span.end
    while end > span.start and (
        span.doc[end - 1].is_space or re.search(r"\d", span.doc[end - 1].text)
    ):
        end -= 1
    return span.doc[span.start : end]


def organization_kind(name: str) -> str | None:
    """The kind of an organization from the words of its name, None if nothing says."""
    if re.search(r"\d", name) and not DOMAIN_NAME.search(name):
        return None
    for pattern, kind in ORG_KIND_CUES:
        if re.search(pattern, name):
            return kind
    return None


def country_inside(name: str) -> str | None:
    for form, iso3 in sorted(country_names().items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(form)}\b", name):
            return iso3
    return None


def _person_names(doc: Doc, taken: set[int], not_names: set[int]) -> dict[str, str]:
    """Full names from the model's PERSON entities and from titles ("Foreign Minister Wang
    Yi"); each full name, its surname and (for names written family name first) its family
    name → the full name."""
    full: dict[str, str] = {}
    spans = [ent for ent in doc.ents if ent.label_ == "PERSON"] + _titled_names(doc, not_names)
    for span in spans:
        if any(i in taken for i in range(span.start, span.end)) or span.text in country_names():
            continue
        if span.text in region_names():
            continue
        words = [t for t in span if t.text.lower().strip(".") not in PERSON_TITLE_WORDS]
        parts = [t for t in words if t.text != "-"]  # "Traoré-Keita" is one name
        if len(parts) < 2 or not all(_name_word(t) for t in parts) or words[-1].text == "-":
            continue
        name = doc[words[0].i : words[-1].i + 1].text
        full[name] = name
    for name in full:  # "Minister Cardoso Vieira" is Helena Cardoso Vieira
        full[name] = next((n for n in full if n.endswith(f" {name}")), name)
    places = country_names()
    for name, person in list(full.items()):
        words = name.split()
        if words[-1] not in places:  # "PT Dirgantara Indonesia" must not take every "Indonesia"
            full.setdefault(words[-1], person)
        if words[0] in FAMILY_NAME_FIRST:
            full.setdefault(words[0], person)
    return full


def _name_word(token: Token) -> bool:
    return bool(INITIAL.match(token.text)) or (token.is_alpha and token.text[0].isupper())


def _titled_names(doc: Doc, not_names: set[int]) -> list[Span]:
    """Names the model misses that follow a title: "President of the People's Republic of
    China Xi Jinping", "Secretary-General António Guterres". Country and organization names
    between the title and the name are skipped, never taken as the name."""
    found = []
    for token in doc:
        if not (token.text.istitle() and token.lower_ in TITLE_HEADS):
            continue
        i = token.i + 1
        while i < len(doc) and (
            i in not_names or doc[i].lower_ in TITLE_FILLERS or doc[i].lower_ in ROLE_WORDS
        ):
            i += 1
        name = _name_at(doc, i, not_names) or _appositive_name(doc, i, not_names)
        if name is not None:
            found.append(name)
    return found


def _name_at(doc: Doc, start: int, not_names: set[int]) -> Span | None:
    """Two to four capitalized proper nouns that are no role, country or organization."""
    end = start
    while end < len(doc) and end - start < 4 and end not in not_names and _name_word(doc[end]):
        if doc[end].pos_ != "PROPN" or doc[end].lower_ in ROLE_WORDS:
            break
        end += 1
    return doc[start:end] if end - start >= 2 else None


def _appositive_name(doc: Doc, start: int, not_names: set[int]) -> Span | None:
    """The name set off by commas after a long title: "Minister of Industry, Trade and
    Investment, Ifeoma Okafor, said"."""
    for i in range(start, min(start + 10, len(doc))):
        if doc[i].text != ",":
            if not (doc[i].text.istitle() or doc[i].lower_ in TITLE_FILLERS | {"and"}):
                return None
            continue
        name = _name_at(doc, i + 1, not_names)
        if name is not None and (name.end == len(doc) or not doc[name.end].is_alpha):
            return name
    return None


def _person_spans(doc: Doc, names: dict[str, str]) -> list[Span]:
    """Every place a known person is named, even where the model tagged it as something else."""
    spans = []
    for name, full in names.items():
        parts = re.findall(r"[^\s-]+|-", name)
        size = len(parts)
        for i in range(len(doc) - size + 1):
            if [t.text for t in doc[i : i + size]] == parts:
                spans.append(Span(doc, i, i + size, label=full))
    return _longest(doc, [(doc.vocab.strings.add(s.label_), s.start, s.end) for s in spans])


def _contextual_epithets(
    doc: Doc, matchers: Matchers, extraction: Extraction
) -> list[tuple[Span, str]]:
    """ "the Asian giant" → the Asian country the article names (most recently, if several)."""
    named = [m for m in extraction.mentions if m.entity.kind == "country"]
    table = countries()
    resolved = []
    for _, start, end in matchers.contextual(doc):
        span = doc[start:end]
        if end < len(doc) and doc[end].lower_ in {"of", "nations", "states", "countries"}:
            continue
        words = [t.lower_ for t in span[1:-1]]
        head = span[-1].lower_
        candidates = []
        for mention in named:
            country = table.get(mention.entity.key)
            if country and _fits(country, words, head):
                candidates.append(mention)
        if not candidates:
            continue
        before = [m for m in candidates if m.start < start] or candidates
        counts = Counter(m.entity.key for m in candidates)
        best = max(
            counts,
            key=lambda k: (
                counts[k],
                max(m.start for m in before if m.entity.key == k)
                if any(m.entity.key == k for m in before)
                else -1,
            ),
        )
        if len(counts) == 1 or counts.most_common(2)[0][1] > counts.most_common(2)[1][1]:
            resolved.append((span, best))
        else:
            resolved.append((span, before[-1].entity.key))
    return resolved


def _fits(country, words: list[str], head: str) -> bool:
    where = f"{country.region} {country.subregion}"
    if head in {"island", "archipelago"} and not country.is_island:
        return False
    return all(REGION_WORDS[w] in where for w in words)
