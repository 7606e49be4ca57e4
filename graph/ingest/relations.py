"""Bilateral relations, when they were established, how they are qualified, and the areas of
cooperation the article places in them.

A relation is a pair of countries that a sentence links with a word such as "relations",
"ties" or "cooperation"; failing that, the two countries the article names most, if some
sentence names both. Areas come from the trigger words of the cooperation-area scheme.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from ..dates import PartialDate, normalize, of_day, of_year
from ..ontology import area_triggers
from .gazetteer import countries
from .model import AreaMention, EntityRef, Extraction, Relation

RELATION_WORDS = {
    "relation",
    "relations",
    "tie",
    "ties",
    "relationship",
    "partnership",
    "friendship",
    "cooperation",
    "contact",
    "bond",
    "bonds",
}
QUALIFIERS = {
    "strategic",
    "comprehensive",
    "all-weather",
    "special",
    "privileged",
    "fraternal",
    "brotherly",
    "historic",
    "diplomatic",
    "economic",
    "trade",
    "military",
    "political",
    "bilateral",
    "friendly",
    "close",
    "cultural",
}
_KEEP_QUALIFIERS = QUALIFIERS - {"bilateral", "diplomatic"}
CONFLICT_HEADS = {
    "blockade",
    "sanction",
    "sanctions",
    "embargo",
    "war",
    "attack",
    "interference",
    "aggression",
    "campaign",
    "campaigns",
    "threat",
    "pressure",
}
_YEARS = re.compile(
    r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)?\s+(?:years?|anniversary)\b(?P<rest>[^.]{0,80})", re.I
)
_ESTABLISHED = re.compile(
    r"\b(?:established|establishment of)\b[^.]{0,40}?\b(?:relations|ties)\b[^.]{0,12}?"
    r"\b(?:on|in|since)\s+(?P<date>[A-Z][a-z]+ \d{1,2},? \d{4}|\d{4}|[A-Z][a-z]+ \d{4})"
)


def find_relations(doc: Doc, extraction: Extraction) -> None:
    counts = Counter(m.entity.key for m in extraction.mentions if m.entity.kind == "country")
    for number, sentence in enumerate(extraction.sentences):
        if not any(t.lower_ in RELATION_WORDS for t in sentence.span):
            continue
        for pair in _pairs_in(extraction, number):
            relation = extraction.relations.setdefault(pair, Relation(pair))
            relation.sentences.append(number)
            _read_qualifiers(sentence.span, relation, number)
    if not extraction.relations:
        _main_dyad(extraction, counts)
    if not extraction.relations:
        _bloc_relation(extraction)
    if len(extraction.relations) == 1:
        relation = next(iter(extraction.relations.values()))
        _read_establishment(extraction, relation)


def main_relation(extraction: Extraction) -> Relation | None:
    """The relation the article is about: the one with most evidence."""
    if not extraction.relations:
        return None
    return max(extraction.relations.values(), key=lambda r: len(r.sentences))


def _pairs_in(extraction: Extraction, sentence: int) -> list[tuple[str, str]]:
    named = sorted(
        {m.entity.key for m in extraction.mentions_in(sentence) if m.entity.kind == "country"}
    )
    if len(named) == 2:
        return [(named[0], named[1])]
    return []


def _main_dyad(extraction: Extraction, counts: Counter) -> None:
    top = [iso3 for iso3, n in counts.most_common(2) if n >= 2]
    if len(top) < 2:
        return
    pair = tuple(sorted(top))
    together = [
        n
        for n in range(len(extraction.sentences))
        if set(pair) <= {m.entity.key for m in extraction.mentions_in(n)}
    ]
    if together:
        extraction.relations[pair] = Relation(pair, sentences=together[:1])


def _bloc_relation(extraction: Extraction) -> None:
    """No two countries make a relation: the article may be about a country and a bloc such as
    the EU or ASEAN ("the EU-Kenya partnership"): the country it names most and a bloc it names
    at least twice (not a passing "at the UN"), once together."""
    ranked = Counter(m.entity for m in extraction.mentions).most_common()
    country = next((e for e, _ in ranked if e.kind == "country"), None)
    bloc = next((e for e, n in ranked if n >= 2 and is_bloc(e, extraction)), None)
    if country is None or bloc is None:
        return
    together = [
        n
        for n in range(len(extraction.sentences))
        if {country, bloc} <= {m.entity for m in extraction.mentions_in(n)}
    ]
    if together:
        pair = (country.key, bloc.key)
        extraction.relations[pair] = Relation(pair, sentences=together)


def is_bloc(entity: EntityRef, extraction: Extraction) -> bool:
    """An international organization that can be a party, as the EU or ASEAN is."""
    info = extraction.organizations.get(entity.key) if entity.kind == "organization" else None
    return info is not None and info.kind == "international"


def party(key: str) -> EntityRef:
    """A relation's party: a country by its ISO3 code, else an international organization."""
    return EntityRef("country" if key in countries() else "organization", key)


def _read_qualifiers(span, relation: Relation, sentence: int) -> None:
    for token in span:
        if token.lower_ in RELATION_WORDS:
            for child in token.children:
                word = child.lower_
                if child.dep_ in {"amod", "compound"} and word in _KEEP_QUALIFIERS:
                    relation.qualifiers.setdefault(word, sentence)


def _read_establishment(extraction: Extraction, relation: Relation) -> None:
    """ "celebrating today 61 years of relations" → published minus 61 years, to the day.

    Of all the sentences that date the relation, the most precise one wins.
    """
    published = extraction.article.published
    found: list[tuple[PartialDate, int]] = []
    for number, sentence in enumerate(extraction.sentences):
        match = _ESTABLISHED.search(sentence.text)
        date = normalize(match.group("date"), published) if match else None
        date = date or _from_anniversary(sentence.text, published)
        if date:
            found.append((date, number))
    if found:
        relation.established, relation.established_sentence = max(
            found, key=lambda item: len(item[0].value)
        )


def _from_anniversary(text: str, published: PartialDate | None) -> PartialDate | None:
    if not published or published.year is None:
        return None
    for match in _YEARS.finditer(text):
        around = text[max(0, match.start() - 60) : match.end()].lower()
        if not re.search(r"\b(relations|ties|establishment)\b", around):
            continue
        years = int(match.group("n"))
        day = published.full
        if day and re.search(r"\b(today|anniversary|celebrat\w*)\b", around):
            try:
                return of_day(day.replace(year=day.year - years))
            except ValueError:
                return of_year(day.year - years)
        return of_year(published.year - years)
    return None


def find_areas(doc: Doc, extraction: Extraction, matcher: PhraseMatcher) -> None:
    """Areas of cooperation named in the article, attached to the relation they are about."""
    relation = main_relation(extraction)
    if relation is None:
        return
    seen: set[tuple[str, int]] = set()
    for match_id, start, end in matcher(doc):
        number = extraction.sentence_of[start]
        if _in_conflict(doc[end - 1]) or _title_of_person(doc[end - 1]):
            continue
        pair = next(
            (r.parties for r in extraction.relations.values() if number in r.sentences),
            relation.parties,
        )
        code = doc.vocab.strings[match_id]
        if (code, number) in seen:
            continue
        seen.add((code, number))
        extraction.areas.append(AreaMention(pair, code, doc[start:end].text, number))


def area_matcher(nlp) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for code, triggers in area_triggers().items():
        matcher.add(code, [nlp.make_doc(trigger) for trigger in triggers])
    return matcher


def _title_of_person(token: Token) -> bool:
    """ "said researcher Nadia Fahmy" names a person's job, not an area of cooperation."""
    return token.dep_ in {"compound", "appos"} and token.head.ent_type_ == "PERSON"


def _in_conflict(token: Token) -> bool:
    """ "financial blockade" names what a country opposes, not an area of cooperation."""
    head = token.head
    return token.dep_ in {"amod", "compound", "conj"} and (
        head.lower_ in CONFLICT_HEADS or head.head.lower_ in CONFLICT_HEADS
    )
