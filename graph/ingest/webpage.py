"""Read a saved web page: trafilatura finds the article's main text and its metadata (title,
date, outlet, URL, author) and leaves navigation, adverts and scripts behind."""

from __future__ import annotations

from pathlib import Path

import trafilatura

from ..dates import parse_iso
from .reader import Article, ArticleError, assemble, valid_iri


def parse_html(raw: bytes | str, path: Path, title: str | None = None) -> Article:
    """The page's article; trafilatura detects the encoding of raw bytes from the page itself.
    `title` is used when the page has none."""
    page = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=False
    )
    if page is None or not (page.text or "").strip():
        raise ArticleError(f"{path}: no article text found in the web page")
    blocks = [line.strip() for line in page.text.splitlines() if line.strip()]
    title = (page.title or "").strip() or title
    if title and blocks and blocks[0] == title:
        blocks.pop(0)
    source = page.url if page.url and valid_iri(page.url) else None
    article = assemble(path, title, blocks, source=source, publisher=page.sitename or None)
    article.author = page.author or None
    if page.date:
        article.published = parse_iso(page.date[:10])
    return article
