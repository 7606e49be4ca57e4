"""The browser query page, driven by headless Chromium against the real Diplograph server.

Every request that does not go to the local server is aborted and recorded: the page must work
offline, and the last test checks that nothing tried to leave the machine.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright import sync_api
from playwright.sync_api import expect

from .browser import Watch

ROOT = Path(__file__).resolve().parents[1]
COUNTRY = "https://w3id.org/diplograph/id/country/"
CONSTRUCT = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?c rdfs:label ?name ; dg:iso3 ?iso3 }
WHERE { ?c a dg:Country ; rdfs:label ?name ; dg:iso3 ?iso3 }"""

expect.set_options(timeout=15_000)


def open_page(page: sync_api.Page, url: str) -> None:
    """Load the query page and wait until the examples have arrived."""
    page.goto(url)
    expect(page.locator("#examples option[value='countries']")).to_have_count(1)


def run(page: sync_api.Page, query: str | None = None) -> None:
    if query is not None:
        page.get_by_label("SPARQL query").fill(query)
    page.get_by_role("button", name="Run query").click()


def status_rows(page: sync_api.Page) -> int:
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(r"^\d+ rows? · \d+ ms$"))
    return int(status.inner_text().split()[0])


def test_page_loads_without_errors(page: sync_api.Page, endpoint, watch: Watch) -> None:
    open_page(page, endpoint.url + "/")
    expect(page).to_have_title(re.compile("Diplograph"))
    expect(page.get_by_role("button", name="Run query")).to_be_enabled()
    assert watch.page_errors == []
    assert watch.console_errors == []
    # Browsers asking for /sparql get the same page.
    open_page(page, endpoint.url + "/sparql")
    expect(page.get_by_label("SPARQL query")).to_be_visible()
    assert watch.page_errors == []
    assert watch.console_errors == []


def test_examples_list_holds_the_canned_queries(page: sync_api.Page, endpoint) -> None:
    open_page(page, endpoint.url + "/")
    options = page.locator("#examples option:not([value=''])")
    names = options.evaluate_all("options => options.map(o => o.value)")
    assert set(names) == {path.stem for path in (ROOT / "queries").glob("*.rq")}
    assert all(text.strip() for text in options.all_inner_texts())
    page.get_by_label("Example queries").select_option("events")
    expect(page.get_by_label("SPARQL query")).to_have_value(re.compile(r"SELECT \?event \?type"))


def test_countries_example_shows_a_table(page: sync_api.Page, endpoint) -> None:
    open_page(page, endpoint.url + "/")
    page.get_by_label("Example queries").select_option("countries")
    run(page)
    table = page.locator("table.results-table")
    expect(table).to_be_visible()
    expect(table.locator("thead th")).to_have_text(["?country", "?iso3", "?name", "?mentions"])
    iso3 = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert {"CUB", "CHN", "USA"} <= set(iso3)
    assert status_rows(page) == table.locator("tbody tr").count() == len(iso3)
    # IRIs are shown as text with the full IRI in the title; literals keep their language tag.
    expect(table.locator(f"[title='{COUNTRY}CUB']")).to_have_count(1)
    expect(table.locator("tbody tr td:nth-child(3)").first).to_contain_text("@en")
    # The query travels in the URL: a new tab opened on that link gets the same query back.
    query = page.get_by_label("SPARQL query").input_value()
    assert "#query=" in page.url
    other = page.context.new_page()
    open_page(other, page.url)
    expect(other.get_by_label("SPARQL query")).to_have_value(query)


def test_syntax_error_shows_the_error_box(page: sync_api.Page, endpoint, watch: Watch) -> None:
    open_page(page, endpoint.url + "/")
    before = len(watch.console_errors)
    run(page, "SELECT * WHERE { ?s ?p")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(re.compile(r"HTTP 4\d\d"))
    assert alert.locator("pre").inner_text().strip(), "the server's message is shown"
    expect(page.locator("table")).to_have_count(0)
    expect(page.get_by_role("group", name="Download results")).to_be_hidden()
    # Chromium itself logs the 4xx answer as a console error; that one is expected here.
    logged = watch.console_errors[before:]
    del watch.console_errors[before:]
    assert all(re.search(r"status of 4\d\d", text) for text in logged), logged


def test_csv_download_has_the_header(page: sync_api.Page, endpoint) -> None:
    open_page(page, endpoint.url + "/")
    page.get_by_label("Example queries").select_option("countries")
    run(page)
    expect(page.locator("table.results-table")).to_be_visible()
    downloads = page.get_by_role("group", name="Download results")
    expect(downloads.get_by_role("button")).to_have_text(["JSON", "XML", "CSV", "TSV"])
    with page.expect_download() as info:
        downloads.get_by_role("button", name="CSV").click()
    assert info.value.suggested_filename == "results.csv"
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == ["country", "iso3", "name", "mentions"]
    assert any(",CUB," in line for line in lines[1:])


def test_construct_shows_turtle(page: sync_api.Page, endpoint) -> None:
    open_page(page, endpoint.url + "/")
    run(page, CONSTRUCT)
    turtle = page.locator("pre.graph")
    expect(turtle).to_contain_text('"Cuba"@en')
    expect(turtle).to_contain_text("CUB")
    expect(page.get_by_role("status")).to_contain_text("text/turtle")
    downloads = page.get_by_role("group", name="Download results")
    expect(downloads.get_by_role("button")).to_have_text(
        ["Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF/XML"]
    )
    with page.expect_download() as info:
        downloads.get_by_role("button", name="N-Triples").click()
    triples = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert f'<{COUNTRY}CUB> <http://www.w3.org/2000/01/rdf-schema#label> "Cuba"@en .' in triples


def test_ask_runs_with_ctrl_enter(page: sync_api.Page, endpoint) -> None:
    open_page(page, endpoint.url + "/")
    editor = page.get_by_label("SPARQL query")
    editor.fill('ASK { ?c <https://w3id.org/diplograph/ontology#iso3> "CUB" }')
    editor.press("Control+Enter")
    expect(page.locator(".boolean")).to_have_text("true")
    expect(page.get_by_role("status")).to_contain_text("ASK answered true")


def test_nothing_left_the_machine(page: sync_api.Page, endpoint, watch: Watch) -> None:
    """Runs last: after everything above, no outside request and no page or console error."""
    open_page(page, endpoint.url + "/")
    page.get_by_label("Example queries").select_option("events")
    run(page)
    assert status_rows(page) > 0
    assert watch.local_requests > 0
    assert watch.outside == []
    assert watch.page_errors == []
    assert watch.console_errors == []
