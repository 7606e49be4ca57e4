"""Where articles come from: files and folders of plain text, Markdown, saved web pages and
JSON Lines (one article per line). Each kind has its own reader; this module picks it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .jsonl import count_lines, read_lines
from .reader import Article, ArticleError, decode, parse_text, refuse_binary
from .webpage import parse_html

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


def article_files(paths: list[Path]) -> list[Path]:
    """Expand folders into the article files they hold; fail early on anything missing.
    A file named on its own is read whatever its suffix (as text unless it says otherwise)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
                raise ArticleError(f"{path}: folder holds no article ({kinds})")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ArticleError(f"{path}: no such file or folder")
    return files


def read_articles(path: Path) -> Iterator[Article | ArticleError]:
    """The articles of one file; an article that cannot be read comes as the error saying why."""
    try:
        raw = path.read_bytes()
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            refuse_binary(raw, path)
            yield parse_html(raw, path)
        elif suffix in JSONL_SUFFIXES:
            yield from read_lines(path, decode(raw, path))
        else:
            yield parse_text(decode(raw, path), path)
    except ArticleError as err:
        yield err
    except OSError as err:
        yield ArticleError(f"{path}: {err.strerror or err}")


def count_articles(files: list[Path]) -> int:
    """How many articles the files hold (a JSON Lines file holds one per non-blank line)."""
    total = 0
    for path in files:
        if path.suffix.lower() in JSONL_SUFFIXES:
            total += count_lines(path.read_text("utf-8", errors="replace"))
        else:
            total += 1
    return total
