"""Ingestion end to end: files → articles → extraction → RDF → one atomic write per article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..dates import PartialDate
from ..store import GraphStore
from . import nlp as pipeline
from .extract import extract
from .model import Extraction
from .rdf import GraphBuilder
from .reader import Article, ArticleError
from .sources import article_files, count_articles, read_articles


@dataclass(frozen=True)
class Metadata:
    """What the command line says about an article; it overrides what the text says."""

    published: PartialDate | None = None
    source: str | None = None
    publisher: str | None = None


@dataclass
class Outcome:
    path: Path
    extraction: Extraction | None = None
    error: str | None = None
    triples: int = 0


def ingest(
    paths: list[Path],
    store: GraphStore,
    metadata: Metadata = Metadata(),
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Ingest every article; a bad one is reported and skipped, the store keeps the rest."""
    files = article_files(paths)
    if metadata.source and count_articles(files) > 1:
        raise ArticleError("--source names one article, but several articles were given")
    nlp = pipeline.load()
    store.ensure_ontology()
    outcomes = []
    for path in files:
        for article in read_articles(path):
            if isinstance(article, ArticleError):
                outcome = Outcome(path, error=str(article))
            else:
                outcome = _ingest_one(article, store, metadata, nlp)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    return outcomes


def _ingest_one(article: Article, store: GraphStore, metadata: Metadata, nlp) -> Outcome:
    path = article.path
    article.published = metadata.published or article.published
    article.source = metadata.source or article.source
    article.publisher = metadata.publisher or article.publisher
    started = datetime.now(UTC)
    try:
        extraction = extract(article, nlp)
        graph = GraphBuilder(extraction, started, datetime.now(UTC)).build()
        store.write_article(graph)
    except (ValueError, SyntaxError) as err:  # one bad article must not stop the others
        return Outcome(path, error=f"{path}: not ingested: {err}")
    return Outcome(path, extraction=extraction, triples=len(graph.facts) + len(graph.entities))
