"""Trade facts: who exports to whom, what, and how they rank for each other.

Read from the phrases news uses: "X is Y's second trading partner", "the origin of its
imports", "the main destination of its exports of products such as rum and sugar",
"X exports N to Y", "Y imports N from X". X is the subject's country, Y the other country of
the sentence (a possessor, or the article's other party).
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from .model import EntityRef, Extraction, TradeFlow
from .roles import Roles

RANK = (
    r"(?P<rank>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|main|top|"
    r"largest|biggest|leading|principal|primary|\d{1,2}(?:st|nd|rd|th))"
)
RANKS = {
    "first": 1,
    "main": 1,
    "top": 1,
    "largest": 1,
    "biggest": 1,
    "leading": 1,
    "principal": 1,
    "primary": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
# (pattern, direction): "subject" means the subject's country exports to the other one.
PHRASES = [
    (
        rf"(?:{RANK}\W+(?:\w+\W+){{0,3}}?)?(?:origin|source|supplier)s?\b(?:\W+\w+){{0,3}}?\W+imports?\b",
        "subject",
    ),
    (
        rf"(?:{RANK}\W+(?:\w+\W+){{0,3}}?)?(?:destination|market|buyer|customer)s?\b(?:\W+\w+){{0,3}}?\W+exports?\b",
        "other",
    ),
    (rf"(?:{RANK}\W+)?(?:\w+\W+)?(?:trading|trade|commercial|economic)\s+partner\b", "partner"),
]
EXPORT_FORMS = {
    "export",
    "exports",
    "exported",
    "exporting",
    "sells",
    "sold",
    "ships",
    "shipped",
    "supplies",
    "supplied",
}
IMPORT_FORMS = {
    "import",
    "imports",
    "imported",
    "importing",
    "buys",
    "bought",
    "purchases",
    "purchased",
}
_PRODUCTS = re.compile(r"\b(?:such as|including|like|namely)\s+(?P<list>[^.;:()]+)", re.I)
_LIST_END = re.compile(r",?\s*(?:among others|and others|etc\.?|and more)\b.*$", re.I)


def find_trade(extraction: Extraction, roles: Roles) -> None:
    for number, sentence in enumerate(extraction.sentences):
        if sentence.in_title:
            continue
        flows = _phrase_flows(sentence.span, number, roles) + _verb_flows(
            sentence.span, number, roles
        )
        extraction.trade.extend(_merge_partner_facts(flows))


def _countries(span: Span, before: int, roles: Roles) -> tuple[EntityRef | None, EntityRef | None]:
    """The country that is subject of the clause before a phrase, and the other country the
    sentence (or the article's pair) names."""
    mentions = [
        roles.mention_at[t.i]
        for t in span
        if t.i in roles.mention_at and roles.mention_at[t.i].start == t.i
    ]
    named = list(dict.fromkeys(m.entity for m in mentions if m.entity.kind == "country"))
    subjects = [
        m.entity
        for m in mentions
        if m.entity.kind == "country"
        and span.doc[m.end - 1].dep_ in {"nsubj", "nsubjpass"}
        and span.doc[m.start].idx < before
    ]
    subject = subjects[-1] if subjects else (named[0] if named else None)
    others = [e for e in named if e != subject] or [e for e in roles.pair if e != subject]
    return subject, (others[0] if others else None)


def _phrase_flows(span: Span, number: int, roles: Roles) -> list[TradeFlow]:
    text = span.text
    found = []
    for pattern, direction in PHRASES:
        for match in re.finditer(pattern, text, re.I):
            subject, other = _countries(span, span.start_char + match.start(), roles)
            if subject is None or other is None:
                continue
            rank = RANKS.get((match.group("rank") or "").lower()) or _numeric_rank(
                match.group("rank")
            )
            exporter, importer = (subject, other) if direction == "subject" else (other, subject)
            if direction == "partner":
                exporter = importer = None
            found.append(
                TradeFlow(
                    exporter=exporter.key if exporter else None,
                    importer=importer.key if importer else None,
                    statement=match.group(0).strip(),
                    sentence=number,
                    products=_products(text[match.end() :]) if direction == "other" else [],
                    rank=rank,
                )
            )
    return found


def _verb_flows(span: Span, number: int, roles: Roles) -> list[TradeFlow]:
    """ "Kenya exports tea and coffee to China", "India imports oil from Russia"."""
    found = []
    for token in span:
        word = token.lower_
        export = word in EXPORT_FORMS
        if not export and word not in IMPORT_FORMS:
            continue
        before = roles.mention_at.get(token.i - 1)
        if before is None or before.entity.kind != "country":
            continue
        link = "to" if export else "from"
        after = next((t for t in span if t.i > token.i and t.lower_ == link), None)
        other = roles.mention_at.get(after.i + 1) if after is not None else None
        if other is None or other.entity.kind != "country" or other.entity == before.entity:
            continue
        goods = span.doc[token.i + 1 : after.i].text
        seller, buyer = (before.entity, other.entity) if export else (other.entity, before.entity)
        statement = span.doc[before.start : other.end].text
        found.append(
            TradeFlow(
                seller.key, buyer.key, statement, number, products=_products(f"such as {goods}")
            )
        )
    return found


def _products(text: str) -> list[str]:
    match = _PRODUCTS.search(text)
    if not match:
        return []
    items = _LIST_END.sub("", match.group("list"))
    parts = re.split(r",\s*|\s+and\s+|\s+or\s+", items)
    return [p.strip() for p in parts if p.strip() and len(p.split()) <= 4]


def _numeric_rank(rank: str | None) -> int | None:
    match = re.match(r"(\d+)", rank or "")
    return int(match.group(1)) if match else None


def _merge_partner_facts(flows: list[TradeFlow]) -> list[TradeFlow]:
    """ "second partner, second in the origin of imports" is one fact, not two."""
    directed = [f for f in flows if f.exporter]
    if not directed:
        return flows
    return directed
