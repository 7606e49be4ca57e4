"""The command line end to end, on real on-disk stores."""

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import KENYA, SEED, diplograph, quad_count, rows


@pytest.fixture
def store(tmp_path: Path, seed_store: Path) -> Path:
    """A private copy of the seed store that a test may change."""
    copy = tmp_path / "store"
    shutil.copytree(seed_store, copy)
    return copy


def test_reingesting_an_article_replaces_it(store: Path):
    before = quad_count(store)
    events = rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a dg:Event }")
    diplograph("ingest", SEED, "--store", store, "--published", "2021-09-28")
    # Same URL (from the text itself): same article, same graph, nothing duplicated.
    assert quad_count(store) == before
    assert rows(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a dg:Event }") == events


def test_another_article_adds_to_the_graph(store: Path):
    before = quad_count(store)
    diplograph("ingest", KENYA, "--store", store, "--published", "2024-06-14")
    assert quad_count(store) > before
    codes = {r["iso3"] for r in rows(store, "countries")}
    assert {"CUB", "CHN", "USA", "KEN"} <= codes
    articles = rows(store, "SELECT ?a WHERE { ?a a dg:Article }")
    assert len(articles) == 2
    # One IRI per country across articles: China is one node, mentioned by both.
    china = rows(
        store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?m itsrdf:taIdentRef id:country\\/CHN } }"
    )
    assert len(china) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("latin1.txt", "Canciller cubano en Pek\u00edn".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_input_fails_clearly_and_keeps_the_store(
    store: Path, tmp_path: Path, name, content, message
):
    before = quad_count(store)
    bad = tmp_path / name
    bad.write_bytes(content)
    proc = diplograph("ingest", bad, "--store", store, check=False)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert quad_count(store) == before


def test_missing_file_fails_clearly_and_keeps_the_store(store: Path, tmp_path: Path):
    before = quad_count(store)
    proc = diplograph("ingest", tmp_path / "missing.txt", "--store", store, check=False)
    assert proc.returncode != 0
    assert "no such file" in proc.stderr
    assert quad_count(store) == before


def test_a_bad_file_in_a_folder_does_not_stop_the_others(tmp_path: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(KENYA, folder / "kenya.md")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    store = tmp_path / "store"
    proc = diplograph("ingest", folder, "--store", store, check=False)
    assert proc.returncode == 1
    assert "empty file" in proc.stderr
    assert "KEN" in {r["iso3"] for r in rows(store, "countries")}


def test_bad_dates_and_bad_sparql_are_refused(seed_store: Path):
    proc = diplograph(
        "ingest", SEED, "--store", seed_store, "--published", "28/09/2021", check=False
    )
    assert proc.returncode != 0 and "not a date" in proc.stderr
    proc = diplograph("query", "SELECT ?x WHERE {", "--store", seed_store, check=False)
    assert proc.returncode == 2 and "invalid SPARQL" in proc.stderr
    proc = diplograph("query", "nothing-here.rq", "--store", seed_store, check=False)
    assert proc.returncode != 0 and "no such query file" in proc.stderr


def test_querying_a_missing_store_says_so(tmp_path: Path):
    proc = diplograph("query", "countries", "--store", tmp_path / "none", check=False)
    assert proc.returncode != 0 and "ingest an article first" in proc.stderr


def test_result_formats(seed_store: Path):
    query = "SELECT ?iso3 WHERE { ?c a dg:Country ; dg:iso3 ?iso3 } ORDER BY ?iso3"

    def run(fmt: str) -> str:
        return diplograph("query", query, "--store", seed_store, "--format", fmt).stdout

    assert [b["iso3"]["value"] for b in json.loads(run("json"))["results"]["bindings"]] == [
        "CHN", "CUB", "USA",
    ]  # fmt: skip
    assert next(csv.reader(io.StringIO(run("csv")))) == ["iso3"]
    assert run("tsv").splitlines()[0] == "?iso3"
    assert ET.fromstring(run("xml")).tag.endswith("sparql")
    assert "CUB" in run("table")
    turtle = diplograph(
        "query",
        "CONSTRUCT { ?c dg:iso3 ?i } WHERE { ?c dg:iso3 ?i }",
        "--store",
        seed_store,
        "--format",
        "turtle",
    ).stdout
    assert "dg:iso3" in turtle and '"CUB"' in turtle
    ask = diplograph("query", "ASK { ?c dg:iso3 'CUB' }", "--store", seed_store, "--format", "json")
    assert json.loads(ask.stdout)["boolean"] is True


def test_stats_counts_what_the_store_holds(seed_store: Path):
    out = diplograph("stats", "--store", seed_store).stdout
    events = rows(seed_store, "SELECT (COUNT(?e) AS ?n) WHERE { ?e a dg:Event }")[0]["n"]
    assert f"events        │ {events}" in out or f"events │ {events}" in " ".join(out.split())


def test_demo_ingests_the_sample_and_shows_events(tmp_path: Path):
    proc = diplograph("demo", "--store", tmp_path / "demo", "--no-serve")
    assert "Events" in proc.stdout and "CONSULT" in proc.stdout
    assert {"CUB", "CHN"} <= {r["iso3"] for r in rows(tmp_path / "demo", "countries")}


def test_a_bad_source_url_is_refused(tmp_path: Path):
    proc = diplograph(
        "ingest", KENYA, "--store", tmp_path / "s", "--source", "not a url", check=False
    )
    assert proc.returncode != 0 and "not a valid URL" in proc.stderr
