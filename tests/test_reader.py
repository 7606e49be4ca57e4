from pathlib import Path

import pytest

from diplograph.graph.ingest.reader import ArticleError, read_article
from diplograph.graph.ingest.sources import article_files

from .conftest import KENYA, SEED


def test_seed_metadata_comes_from_its_text():
    article = read_article(SEED)
    assert (
        article.title
        == "Cuba and China strengthen strategic relations 61 years after establishment"
    )
    assert article.source.startswith("https://www.radiohc.cu/")
    assert article.publisher == "Radio Habana Cuba"
    assert article.dateline == "Beijing, September 28 (RHC)--"
    # No year in the dateline: the date stays partial instead of being guessed.
    assert (article.published.value, article.published.datatype.rsplit("#")[-1]) == (
        "--09-28",
        "gMonthDay",
    )
    assert "RHC" in article.agencies and "PL" in article.agencies


def test_markdown_marks_and_boilerplate_are_not_part_of_the_text():
    article = read_article(SEED)
    assert "**" not in article.text and "#" not in article.text
    assert "Image not found" not in article.text
    assert "radiohc.cu" not in article.text
    for start, end in article.paragraphs:
        assert article.text[start:end].strip() == article.text[start:end]


def test_offsets_point_into_the_text():
    article = read_article(KENYA)
    start, end = article.paragraphs[0]
    assert article.text[start:end] == article.title


def test_same_source_is_the_same_article(tmp_path: Path):
    copy = tmp_path / "copy.txt"
    edited = SEED.read_text("utf-8").replace("fluid growth", "steady growth")
    copy.write_text(edited, encoding="utf-8")
    assert read_article(copy).key == read_article(SEED).key


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Caf\u00e9 in Havana".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message):
        read_article(path)


def test_missing_paths_and_empty_folders_are_refused(tmp_path: Path):
    with pytest.raises(ArticleError, match="no such file"):
        article_files([tmp_path / "nope.txt"])
    with pytest.raises(ArticleError, match="folder holds no article"):
        article_files([tmp_path])


def test_a_folder_is_every_article_in_it(tmp_path: Path):
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Two.", encoding="utf-8")
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")
    assert [p.name for p in article_files([tmp_path])] == ["a.txt", "b.md"]


def test_only_a_url_at_the_end_is_the_source(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Kenya and Uganda talk trade\n\nThe ministers met.\n\nhttps://example.org/inside\n\n"
        "They agreed to meet again.\n\nhttps://example.org/news/kenya-uganda\n\nExample Wire\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.source == "https://example.org/news/kenya-uganda"
    assert article.publisher == "Example Wire"
    assert "https://example.org/inside" in article.text and "meet again" in article.text


def test_a_home_page_url_does_not_make_two_articles_one(tmp_path: Path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Kenya and China meet.\n\nhttps://example.org/\n", encoding="utf-8")
    second.write_text("Cuba and Russia talk.\n\nhttps://example.org/\n", encoding="utf-8")
    assert read_article(first).key != read_article(second).key


def test_a_broken_url_line_is_not_taken_as_the_source(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text('Kenya and China meet.\n\nhttps://example.com/a{b}"c\n', encoding="utf-8")
    assert read_article(path).source is None


def test_old_mac_line_endings(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"# Kenya and China meet\r\rThe two leaders met in Nairobi.\r")
    article = read_article(path)
    assert article.title == "Kenya and China meet"
    assert article.text.endswith("The two leaders met in Nairobi.")


def test_too_long_articles_are_refused(tmp_path: Path):
    path = tmp_path / "long.txt"
    path.write_text("Kenya and China meet. " * 50_000, encoding="utf-8")
    with pytest.raises(ArticleError, match="the limit is"):
        read_article(path)


@pytest.mark.parametrize(
    ("first_lines", "dateline", "published"),
    [
        ("Brussels, 19 June 2025\n\nThe EU and Kenya met.", "Brussels, 19 June 2025", "2025-06-19"),
        (
            "NAIROBI, March 14 (Reuters) - Kenya and China met.",
            "NAIROBI, March 14 (Reuters) -",
            "--03-14",
        ),
        ("Lima, 3 May -- Peru and Chile met.", "Lima, 3 May --", "--05-03"),
    ],
)
def test_datelines_day_or_month_first_inline_or_on_their_own_line(
    tmp_path: Path, first_lines: str, dateline: str, published: str
):
    path = tmp_path / "a.md"
    path.write_text(f"# Talks (written for tests)\n\n{first_lines}\n", encoding="utf-8")
    article = read_article(path)
    assert (article.dateline, article.published.value) == (dateline, published)
