"""Extraction: one article's text in, everything Diplograph can say about it out."""

from __future__ import annotations

from spacy.language import Language

from .events import find_events
from .mentions import find_mentions
from .model import Extraction, Sentence
from .nlp import describe
from .positions import find_positions
from .posts import find_posts
from .reader import Article
from .relations import area_matcher, find_areas, find_relations
from .roles import Roles
from .trade import BUYING_VERBS, SELLING_VERBS, find_trade


def extract(article: Article, nlp: Language) -> Extraction:
    doc = nlp(article.text)
    extraction = Extraction(article, describe(nlp))
    title = article.title_span
    extraction.sentences = [
        Sentence(s, title is not None and s.start_char < title[1]) for s in doc.sents
    ]
    extraction.sentence_of = [n for n, s in enumerate(extraction.sentences) for _ in s.span]
    find_mentions(doc, extraction, nlp)
    find_posts(doc, extraction)
    find_relations(doc, extraction)
    find_areas(doc, extraction, area_matcher(nlp))
    roles = Roles(doc, extraction)
    find_events(doc, extraction, nlp, roles)
    find_positions(doc, extraction, roles)
    find_trade(extraction, roles)
    _drop_trade_events(extraction)
    return extraction


def _drop_trade_events(extraction: Extraction) -> None:
    """Selling and buying that the sentence states as a trade fact ("X exports cars to Y") is
    the ordinary course of trade, not an event of cooperation between governments."""
    with_trade = {flow.sentence for flow in extraction.trade}
    doc = extraction.sentences[0].span.doc if extraction.sentences else None
    trading = SELLING_VERBS | BUYING_VERBS | {"trade"}
    extraction.events = [
        event
        for event in extraction.events
        if not (event.sentence in with_trade and doc[event.token].lemma_ in trading)
    ]
