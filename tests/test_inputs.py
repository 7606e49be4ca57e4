"""Web pages and JSON Lines as input: what is read, what is left out, and how bad input fails.

The page and the records below were written for these tests."""

import json
import shutil
from pathlib import Path

import pytest

from diplograph.graph.ingest.jsonl import read_lines
from diplograph.graph.ingest.reader import ArticleError
from diplograph.graph.ingest.sources import article_files, read_articles
from diplograph.graph.ingest.webpage import parse_html

from .conftest import diplograph, quad_count, rows

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="{charset}">
<title>Viet Nam and Japan upgrade ties | Harbour Post</title>
<meta property="og:title" content="Viet Nam and Japan agree to expand energy cooperation">
<meta property="og:site_name" content="Harbour Post">
<meta property="og:url" content="https://harbour-post.example/world/vietnam-japan-energy">
<meta name="author" content="Lan Nguyen">
<meta property="article:published_time" content="2025-02-11T08:30:00+07:00">
<script>var tracker = "Subscribe to the Harbour Post newsletter";</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World news</a> | <a href="/login">Sign in</a></nav>
<article>
<h1>Viet Nam and Japan agree to expand energy cooperation</h1>
<p>HANOI, Feb 11 (Reuters) - Viet Nam and Japan agreed on Tuesday to expand cooperation in
energy and infrastructure, the foreign ministry in Hanoi said in a statement.</p>
<p>Japanese Foreign Minister Takeshi Iwaya met Vietnamese Prime Minister Pham Minh Chinh in
Hanoi and signed a memorandum on liquefied natural gas. {accented}</p>
<p>Japan is Viet Nam's third largest trading partner and its largest source of development aid.</p>
</article>
<aside>Most read: Weather warning for the weekend</aside>
<footer>© Harbour Post. All rights reserved.</footer>
</body></html>
"""
ACCENTED = "The talks took place at the Café Thăng Long."


def page(charset: str = "utf-8") -> bytes:
    text = PAGE.format(charset=charset, accented=ACCENTED if charset == "utf-8" else "Café.")
    return text.encode(charset)


def test_a_web_page_gives_its_main_text_and_metadata():
    article = parse_html(page(), Path("page.html"))
    assert article.title == "Viet Nam and Japan agree to expand energy cooperation"
    assert article.source == "https://harbour-post.example/world/vietnam-japan-energy"
    assert article.publisher == "Harbour Post"
    assert article.author == "Lan Nguyen"
    assert article.published.value == "2025-02-11"
    assert article.dateline == "HANOI, Feb 11 (Reuters) -"
    assert ACCENTED in article.text
    for boilerplate in ("Sign in", "newsletter", "Most read", "All rights reserved"):
        assert boilerplate not in article.text
    # The title is the first paragraph, once; every paragraph is a span of the text.
    assert article.text.count(article.title) == 1
    assert article.text[slice(*article.paragraphs[0])] == article.title
    assert [article.text[s:e] for s, e in article.paragraphs][-1].startswith("Japan is Viet Nam")


def test_a_page_in_a_legacy_encoding_is_decoded_by_its_own_charset():
    article = parse_html(page("windows-1252"), Path("page.htm"))
    assert "Café." in article.text


def test_a_page_without_article_text_is_refused(tmp_path: Path):
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>Log in</title></head><body></body></html>")
    [result] = read_articles(empty)
    assert isinstance(result, ArticleError)
    assert "no article text" in str(result)


def test_json_lines_give_one_article_per_line_with_their_metadata():
    lines = [
        {
            "title": "Chile and India launch trade talks",
            "text": "Chile and India opened talks on a trade agreement on Monday.",
            "url": "https://example.org/chile-india",
            "published": "2025-04-07T10:00:00Z",
            "publisher": "Andes Wire",
        },
        {"html": page().decode(), "published": "March 3, 2025"},
    ]
    first, second = read_lines(Path("feed.jsonl"), "\n".join(map(json.dumps, lines)))
    assert first.title == "Chile and India launch trade talks"
    assert first.text.startswith(first.title + "\n\nChile and India opened")
    assert (first.source, first.publisher) == ("https://example.org/chile-india", "Andes Wire")
    assert first.published.value == "2025-04-07"
    assert str(first.path) == "feed.jsonl:1"
    # The record's own fields win over what the page says.
    assert second.published.value == "2025-03-03"
    assert second.source == "https://harbour-post.example/world/vietnam-japan-energy"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not a JSON object"),
        ("[1, 2]", "not a JSON object"),
        ('{"title": "No body"}', 'needs a non-empty "text" or "html"'),
        ('{"text": "   "}', 'needs a non-empty "text" or "html"'),
        ('{"text": "Peru and Brazil met.", "url": "not a url"}', "not a valid URL"),
        ('{"text": "Peru and Brazil met.", "published": "someday"}', "is not a date"),
        ('{"text": "Peru and Brazil met.", "title": 7}', "'title' must be a string"),
    ],
)
def test_a_bad_line_is_reported_with_its_number(line: str, message: str):
    good = json.dumps({"text": "Peru and Brazil signed a health agreement."})
    results = list(read_lines(Path("feed.jsonl"), f"{good}\n\n{line}\n{good}"))
    assert [type(r).__name__ for r in results] == ["Article", "ArticleError", "Article"]
    assert str(results[1]).startswith("feed.jsonl:3: ")
    assert message in str(results[1])


def test_a_folder_holds_text_markdown_pages_and_json_lines(tmp_path: Path):
    for name in ("a.txt", "b.md", "c.html", "d.htm", "e.jsonl", "notes.json", "f.csv"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in article_files([tmp_path])] == [
        "a.txt",
        "b.md",
        "c.html",
        "d.htm",
        "e.jsonl",
    ]


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    """Three lines: a text article, a broken line, and a web page."""
    path = tmp_path / "feed.jsonl"
    records = [
        json.dumps(
            {
                "title": "Kenya and Ethiopia sign a power deal",
                "text": "Kenya and Ethiopia signed an agreement on electricity trade in Nairobi "
                "on Monday, the Kenyan energy ministry said.",
                "url": "https://example.org/kenya-ethiopia-power",
                "published": "2025-05-05",
            }
        ),
        '{"text": "unterminated',
        json.dumps({"html": page().decode()}),
    ]
    path.write_text("\n".join(records), encoding="utf-8")
    return path


def test_ingesting_json_lines_keeps_the_good_lines_and_names_the_bad_one(
    tmp_path: Path, feed: Path
):
    store = tmp_path / "store"
    proc = diplograph("ingest", feed, "--store", store, check=False)
    assert proc.returncode == 1
    assert "feed.jsonl:2: not a JSON object" in proc.stderr
    articles = rows(
        store,
        "SELECT ?url ?date WHERE { ?a a dg:Article ; schema:url ?url ;"
        " schema:datePublished ?date }",
    )
    assert sorted((r["url"], r["date"]) for r in articles) == [
        ("https://example.org/kenya-ethiopia-power", "2025-05-05"),
        ("https://harbour-post.example/world/vietnam-japan-energy", "2025-02-11"),
    ]
    relations = {frozenset((r["isoA"], r["isoB"])) for r in rows(store, "relations")}
    assert {frozenset({"KEN", "ETH"}), frozenset({"VNM", "JPN"})} <= relations


def test_a_web_page_is_ingested_without_its_boilerplate(tmp_path: Path):
    path = tmp_path / "vietnam-japan.html"
    path.write_bytes(page())
    store = tmp_path / "store"
    diplograph("ingest", path, "--store", store)
    literals = " ".join(
        r["o"] for r in rows(store, "SELECT ?o WHERE { ?s ?p ?o FILTER isLiteral(?o) }")
    )
    assert "Viet Nam and Japan agree to expand energy cooperation" in literals
    assert "Harbour Post" in literals
    for boilerplate in ("Sign in", "newsletter", "Most read"):
        assert boilerplate not in literals


def test_one_source_for_many_lines_is_refused_and_nothing_is_written(
    tmp_path: Path, feed: Path, seed_store: Path
):
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    before = quad_count(store)
    proc = diplograph(
        "ingest", feed, "--store", store, "--source", "https://x.example/a", check=False
    )
    assert proc.returncode == 1
    assert "--source names one article" in proc.stderr
    assert quad_count(store) == before
