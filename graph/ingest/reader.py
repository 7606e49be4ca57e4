"""Read a plain-text or Markdown news article into its text and the metadata the text gives.

The text kept is the article as a reader sees it (title, caption, body), without Markdown marks,
source line or outlet line; every character offset Diplograph stores refers to this text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pyoxigraph import NamedNode

from ..dates import PartialDate, normalize

MAX_CHARACTERS = 1_000_000  # spaCy's own limit for one text
_JUNK_LINES = {"image not found or type unknown"}
_URL = re.compile(r"^<?(https?://\S+?)>?$")
_RULE = re.compile(r"^([-*_]\s*){3,}$")
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTHS}(?:\s+\d{{4}})?)"
# "Beijing, September 28 (RHC)--", "NAIROBI, March 14 (Reuters) -", or a line of its own:
# "Brussels, 19 June 2025".
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][\w .'’-]{{1,40}}?),?\s+(?P<date>{_DATE})"
    r"\s*(?:\((?P<agency>[^)]{1,30})\))?\s*(?:--|[–—-]|$)\s*"
)
_CAPS_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40})\s*\((?P<agency>[^)]{1,30})\)\s*(?:--|[–—-])\s*"
)
_CREDIT = re.compile(r"\((?P<agency>[A-Z][A-Za-z]{1,10})\)\s*$")


class ArticleError(ValueError):
    """An input that cannot be read as an article; the message says why."""


@dataclass
class Article:
    """One article: its text, where its paragraphs are, and what it says about itself."""

    path: Path
    text: str
    paragraphs: list[tuple[int, int]]
    title: str | None = None
    source: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None
    dateline: str | None = None
    author: str | None = None
    agencies: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """What makes two ingestions the same article: its URL, else its text. A URL with no
        path (an outlet's home page) names no article in particular, so the text decides."""
        names_an_article = self.source and urlsplit(self.source).path.strip("/")
        basis = self.source if names_an_article else self.text
        return hashlib.sha256(basis.encode()).hexdigest()[:16]

    @property
    def title_span(self) -> tuple[int, int] | None:
        return self.paragraphs[0] if self.title else None


def read_article(path: Path) -> Article:
    """Read one plain-text or Markdown file."""
    return parse_text(decode(path.read_bytes(), path), path)


def decode(raw: bytes, path: Path) -> str:
    """The file's text, refusing empty, binary and non-UTF-8 input."""
    refuse_binary(raw, path)
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ArticleError(
            f"{path}: not UTF-8 text (byte {err.start}); re-save it as UTF-8"
        ) from err
    if not content.strip():
        raise ArticleError(f"{path}: empty file")
    return content


def refuse_binary(raw: bytes, path: Path) -> None:
    if not raw.strip():
        raise ArticleError(f"{path}: empty file")
    if b"\x00" in raw:
        raise ArticleError(f"{path}: binary file, not a text article")


def parse_text(content: str, path: Path) -> Article:
    """A plain-text or Markdown article: heading, body, and a source URL line at the end."""
    _check_length(content, path)
    lines = [line.strip() for line in content.splitlines()]
    title, body_lines, source, trailer = _split(lines)
    return assemble(path, title, _paragraphs(body_lines), source=source, publisher=trailer)


def assemble(
    path: Path,
    title: str | None,
    blocks: list[str],
    source: str | None = None,
    publisher: str | None = None,
) -> Article:
    """Join title and paragraphs into the article's text, reading its dateline and credits."""
    if title is None and blocks and _looks_like_title(blocks[0]):
        title = blocks.pop(0)
    if not blocks and title is None:
        raise ArticleError(f"{path}: no article text found")
    article = Article(path=path, text="", paragraphs=[], title=title, source=source)
    article.publisher = publisher
    _read_dateline(article, blocks)
    pieces = ([title] if title else []) + blocks
    offset = 0
    for piece in pieces:
        article.paragraphs.append((offset, offset + len(piece)))
        offset += len(piece) + 2
    article.text = "\n\n".join(pieces)
    article.agencies.extend(m.group("agency") for b in blocks if (m := _CREDIT.search(b)))
    return article


def _check_length(content: str, path: Path) -> None:
    if len(content) > MAX_CHARACTERS:
        raise ArticleError(f"{path}: {len(content):,} characters; the limit is {MAX_CHARACTERS:,}")


def _split(lines: list[str]) -> tuple[str | None, list[str], str | None, str | None]:
    """Separate the heading, the body, and the source URL line at the end (with the outlet's
    name after it, if any). A URL line inside the body stays body text."""
    title = None
    source = None
    trailer = None
    body: list[str] = []
    for index, line in enumerate(lines):
        if line.lower() in _JUNK_LINES or line.startswith("![") or _RULE.match(line):
            body.append("")
            continue
        url = _URL.match(line)
        rest = [r for r in lines[index + 1 :] if r and not _RULE.match(r)]
        if url and len(rest) <= 1 and valid_iri(url.group(1)):
            source = url.group(1)
            trailer = _trailer(rest)
            break
        if line.startswith("#") and title is None and not any(body):
            title = _unmark(line.lstrip("#"))
            continue
        body.append(_unmark(line))
    return title, body, source, trailer


def valid_iri(text: str) -> bool:
    """Whether RDF stores will take the text as an IRI."""
    try:
        NamedNode(text)
    except ValueError:
        return False
    return True


def _trailer(rest: list[str]) -> str | None:
    """A short line after the source URL names the outlet (e.g. "**Radio Habana Cuba**")."""
    remaining = [_unmark(line) for line in rest]
    if len(remaining) == 1 and len(remaining[0].split()) <= 6 and remaining[0][-1] not in ".!?":
        return remaining[0]
    return None


def _unmark(line: str) -> str:
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1", r"\2", line)
    return line.strip().strip("*_").strip()


def _paragraphs(lines: list[str]) -> list[str]:
    blocks: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            blocks.append(" ".join(current))
            current = []
    return blocks


def _looks_like_title(block: str) -> bool:
    return len(block.split()) <= 25 and block[-1] not in ".!?\"'”’"


def _read_dateline(article: Article, blocks: list[str]) -> None:
    for block in blocks[:3]:
        match = _DATELINE.match(block) or _CAPS_DATELINE.match(block)
        if not match:
            continue
        article.dateline = block[: match.end()].strip()
        if match.groupdict().get("date"):
            article.published = normalize(match.group("date"), None)
        if match.group("agency"):
            article.agencies.append(match.group("agency"))
        return
