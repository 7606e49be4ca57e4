"""Read JSON Lines: one article per line, as news APIs and scrapers export them.

Each line is an object with `text` (plain text or Markdown) or `html`, and optionally `title`,
`url`, `published` (ISO date or a date as written), `publisher` and `author`. A bad line is
reported with its number; the other lines are still read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..dates import PartialDate, normalize, parse_iso
from .reader import Article, ArticleError, parse_text, valid_iri
from .webpage import parse_html

_ISO_START = re.compile(r"\d{4}(?:-\d{2}){0,2}(?=$|T|\s)")


def read_lines(path: Path, content: str) -> Iterator[Article | ArticleError]:
    """Every article of the file, or for a line that is not one, the error that says why."""
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = Path(f"{path}:{number}")
        try:
            yield _article(json.loads(line), where)
        except json.JSONDecodeError as err:
            yield ArticleError(f"{where}: not a JSON object ({err.msg}, column {err.colno})")
        except ArticleError as err:
            yield err


def count_lines(content: str) -> int:
    return sum(1 for line in content.splitlines() if line.strip())


def _article(record: object, where: Path) -> Article:
    if not isinstance(record, dict):
        raise ArticleError(f"{where}: not a JSON object")
    text, html = record.get("text"), record.get("html")
    if not _is_text(text) and not _is_text(html):
        raise ArticleError(f'{where}: needs a non-empty "text" or "html" string')
    title = _field(record, "title", where)
    if _is_text(text):
        if title and not text.lstrip().startswith(title):
            text = f"# {title}\n\n{text}"
        article = parse_text(text, where)
    else:
        article = parse_html(html, where, title)
    url = _field(record, "url", where) or _field(record, "source", where)
    if url and not valid_iri(url):
        raise ArticleError(f"{where}: url {url!r} is not a valid URL")
    article.source = url or article.source
    article.publisher = _field(record, "publisher", where) or article.publisher
    article.author = _field(record, "author", where) or article.author
    published = _field(record, "published", where) or _field(record, "date", where)
    if published:
        article.published = _date(published, where)
    return article


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _field(record: dict, name: str, where: Path) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArticleError(f"{where}: {name!r} must be a string, not {type(value).__name__}")
    return value.strip() or None


def _date(text: str, where: Path) -> PartialDate:
    if iso := _ISO_START.match(text):
        try:
            return parse_iso(iso.group())
        except ValueError:
            pass
    date = normalize(text, None)
    if date is None:
        raise ArticleError(f"{where}: published {text!r} is not a date")
    return date
