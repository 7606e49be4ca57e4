"""The network view in headless Chromium: the standalone file of `diplograph view` and the served
`/graph` page (under its Content Security Policy).

Every request that does not go to the local server is aborted and recorded; the last test checks
that no page tried to leave the machine and that no page or console error happened.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright import sync_api
from playwright.sync_api import expect

from .browser import Watch
from .conftest import KENYA, SEED, SEED_URL, Endpoint, diplograph, rows

ID = "https://w3id.org/diplograph/id/"
CUB, CHN, USA = (f"{ID}country/{iso}" for iso in ("CUB", "CHN", "USA"))
PEREIRA = f"{ID}person/carlos-miguel-pereira"
PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""
# Independent of graph/view.py: what each class of node should count, straight from the store.
COUNTS = {
    "country": "?n a dg:Country . ?m itsrdf:taIdentRef ?n",
    "person": "?n a dg:Person . ?m itsrdf:taIdentRef ?n",
    "organization": """VALUES ?c { dg:GovernmentBody dg:Company dg:MediaOutlet dg:PoliticalParty
        dg:InternationalOrganization dg:Initiative dg:Organization }
        ?n a ?c . FILTER NOT EXISTS { ?n a dg:Country } FILTER NOT EXISTS { ?n a dg:Person }
        ?m itsrdf:taIdentRef ?n ; nif:sentence ?s""",
    "event": "?n a dg:Event",
    "relation": "?n a dg:BilateralRelation",
}
EVENT_TO_COUNTRY = """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?e ?c WHERE {
  ?e a dg:Event ; dg:actor|dg:recipient|dg:participant ?c . ?c a dg:Country } }"""
RELATION_TO_COUNTRY = """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?r ?c WHERE {
  ?r a dg:BilateralRelation ; dg:party ?c } }"""
# The article's text carries markup; the source URL is a javascript: link.
XSS_ARTICLE = """Kenya and China <script>window.__pwned=1</script> sign a trade deal

Written for Diplograph's tests; not a real news report.

Nairobi, March 3 (KNA) -- Kenya <script>window.__pwned=1</script> and China signed an agreement \
to expand trade cooperation on Monday.

Ruto said Kenya <img src=x onerror="window.__pwned=2"> supports China and rejects sanctions.

The Chinese government <img src=x onerror="window.__pwned=2"> donated vaccines to Kenya.

Evil <b>Wire</b>
"""

expect.set_options(timeout=15_000)


def write_view(store: Path, folder: Path) -> str:
    output = folder / "view.html"
    diplograph("view", "--store", store, "-o", output)
    return output.as_uri()


@pytest.fixture(scope="module")
def seed_view(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_view(seed_store, tmp_path_factory.mktemp("seed-view"))


@pytest.fixture(scope="module")
def two_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article (2021) and the Kenya article written for tests (2024) in one store."""
    store = tmp_path_factory.mktemp("two") / "store"
    diplograph("ingest", SEED, "--store", store, "--published", "2021-09-28", "--source", SEED_URL)
    diplograph("ingest", KENYA, "--store", store, "--published", "2024-06-14")
    return store


@pytest.fixture(scope="module")
def two_view(two_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_view(two_store, tmp_path_factory.mktemp("two-view"))


def open_view(page: sync_api.Page, url: str) -> None:
    """Load the view and wait until vis has laid the network out."""
    page.goto(url)
    # Not wait_for_function: under the served page's CSP it would need 'unsafe-eval'.
    expect(page.locator("#loading")).to_be_hidden(timeout=30_000)
    assert page.evaluate("window.__diplographStabilizedMs") > 0


def js(page: sync_api.Page, body: str, arg: object = None) -> object:
    """Evaluate `body` with `d` bound to the page's DataSets and network."""
    return page.evaluate(f"(arg) => {{ const d = window.__diplograph; {body} }}", arg)


def shown(page: sync_api.Page) -> dict[str, int]:
    return js(
        page,
        """const count = {};
        d.nodesView.forEach((n) => { count[n.group] = (count[n.group] || 0) + 1; });
        return count;""",
    )


def embedded(page: sync_api.Page) -> dict:
    return page.evaluate("JSON.parse(document.getElementById('diplograph-data').textContent)")


def count(store: Path, pattern: str) -> int:
    query = f"{PREFIXES}SELECT (COUNT(DISTINCT ?n) AS ?k) WHERE {{ {pattern} }}"
    return int(rows(store, query)[0]["k"])


def node_point(page: sync_api.Page, node: str) -> dict[str, float]:
    """Where vis draws the node in the page, once the view has stopped moving (animations)."""
    where = "return d.network.canvasToDOM(d.network.getPositions([arg])[arg]);"
    point, previous = js(page, where, node), None
    while point != previous:
        page.wait_for_timeout(150)
        point, previous = js(page, where, node), point
    box = page.locator("#network").bounding_box()
    return {"x": box["x"] + point["x"], "y": box["y"] + point["y"]}


def click_node(page: sync_api.Page, node: str) -> None:
    """A real mouse click where vis drew the node."""
    point = node_point(page, node)
    page.mouse.click(point["x"], point["y"])


def details(page: sync_api.Page) -> sync_api.Locator:
    return page.get_by_role("complementary", name="Details")


@pytest.mark.parametrize("view", ["seed_view", "two_view"])
def test_counts_match_the_store(page, request, view: str) -> None:
    store = request.getfixturevalue("seed_store" if view == "seed_view" else "two_store")
    open_view(page, request.getfixturevalue(view))
    data = embedded(page)
    sizes = js(
        page,
        """return [d.nodes.length, d.edges.length, d.nodesView.length,
        d.edgesView.length];""",
    )
    assert sizes == [len(data["nodes"]), len(data["edges"])] * 2
    # The standalone file holds the whole graph.
    assert data["total"] == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}
    expect(page.locator("#count")).to_have_text(
        f"showing {sizes[0]} of {sizes[0]} nodes · {sizes[1]} of {sizes[1]} links"
    )
    expected = {group: count(store, pattern) for group, pattern in COUNTS.items()}
    assert shown(page) == {group: n for group, n in expected.items() if n}
    assert expected["country"] >= 3 and expected["event"] >= 14
    groups = {node["id"]: node["group"] for node in data["nodes"]}
    pairs = [(groups[e["from"]], groups[e["to"]]) for e in data["edges"]]
    assert pairs.count(("event", "country")) == int(
        rows(store, PREFIXES + EVENT_TO_COUNTRY)[0]["n"]
    )
    relation = int(rows(store, PREFIXES + RELATION_TO_COUNTRY)[0]["n"])
    assert pairs.count(("relation", "country")) == relation > 0
    # Each class has a checkbox in the legend, with the count of its nodes.
    for group, n in expected.items():
        if n:
            expect(page.get_by_role("checkbox", name=f"{group} ({n})")).to_be_checked()


def test_search_focuses_and_selects_a_node(page, seed_view: str) -> None:
    open_view(page, seed_view)
    search = page.get_by_label("Find a country")
    search.fill("the island")  # an alias of Cuba
    search.press("Enter")
    expect(details(page).get_by_role("heading", level=2)).to_have_text("Cuba")
    assert js(page, "return d.network.getSelectedNodes();") == [CUB]
    # Cuba is now where the view looks: the middle of the canvas.
    box = page.locator("#network").bounding_box()
    centre = node_point(page, CUB)
    assert abs(centre["x"] - box["x"] - box["width"] / 2) < 5
    assert abs(centre["y"] - box["y"] - box["height"] / 2) < 5
    # Picking a name from the suggestions selects at once, without Enter.
    options = page.locator("#node-names option").evaluate_all("os => os.map(o => o.value)")
    assert {"Cuba", "China", "the island", "Carlos Miguel Pereira"} <= set(options)
    search.fill("Carlos Miguel Pereira")
    expect(details(page).get_by_role("heading", level=2)).to_have_text("Carlos Miguel Pereira")
    assert js(page, "return d.network.getSelectedNodes();") == [PEREIRA]
    search.fill("no such thing")
    search.press("Enter")
    expect(page.locator("#search-message")).to_contain_text("Nothing matches")


def test_class_filter_hides_events(page, seed_view: str) -> None:
    open_view(page, seed_view)
    before = shown(page)
    total = js(page, "return [d.nodes.length, d.edges.length];")
    page.get_by_role("checkbox", name=re.compile(r"^event \(")).uncheck()
    after = shown(page)
    assert "event" not in after and before["event"] == 14
    assert after == {group: n for group, n in before.items() if group != "event"}
    # No edge is left dangling towards a hidden event.
    dangling = js(
        page,
        """return d.edgesView.get().filter((e) =>
        d.nodes.get(e.from).group === 'event' || d.nodes.get(e.to).group === 'event').length;""",
    )
    links = js(page, "return d.edgesView.length;")
    assert dangling == 0 and 0 < links < total[1]
    expect(page.locator("#count")).to_have_text(
        f"showing {total[0] - 14} of {total[0]} nodes · {links} of {total[1]} links"
    )
    # The data stay loaded: ticking the box brings the events back.
    assert js(page, "return d.nodes.length;") == total[0]
    page.get_by_role("checkbox", name=re.compile(r"^event \(")).check()
    assert shown(page) == before
    # The cooperation-area and event-type filters narrow the same way.
    page.get_by_label("Event type").select_option("AID")
    assert shown(page)["event"] == 1
    page.get_by_label("Cooperation area").select_option("health")
    assert set(shown(page)) == {"country", "event", "relation"}


def test_slider_hides_events_dated_after_it(page, two_view: str) -> None:
    open_view(page, two_view)
    events = [n for n in embedded(page)["nodes"] if n["group"] == "event"]
    dates = sorted({n["date"] for n in events if n["date"]})
    assert dates[0] < "2023-06-01" < dates[-1], dates
    slider = page.get_by_label("Events up to")
    assert slider.get_attribute("max") == slider.input_value()  # starts with everything shown
    day = js(page, "return Math.floor(Date.UTC(2023, 5, 1) / 86400000);")
    slider.fill(str(day))
    expect(page.locator("#time-value")).to_have_text("2023-06-01")
    visible = visible_events(page)
    later = {n["id"] for n in events if n["date"] >= "2024"}
    undated = {n["id"] for n in events if not n["date"]}
    assert later and undated and visible.isdisjoint(later)
    assert visible == {n["id"] for n in events} - later  # "2023" and 2021 stay, undated stay
    assert shown(page)["country"] == sum(n["group"] == "country" for n in embedded(page)["nodes"])
    slider.fill(slider.get_attribute("max"))
    assert visible_events(page) == {n["id"] for n in events}


def visible_events(page: sync_api.Page) -> set[str]:
    return set(js(page, "return d.nodesView.getIds({filter: (n) => n.group === 'event'});"))


def test_clicking_a_node_or_an_edge_shows_its_provenance(page, seed_view: str) -> None:
    open_view(page, seed_view)
    person = next(n for n in embedded(page)["nodes"] if n["id"] == PEREIRA)
    click_node(page, PEREIRA)
    panel = details(page)
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", level=2)).to_have_text("Carlos Miguel Pereira")
    expect(panel.locator(".class-name")).to_have_text("person")
    quotes = panel.locator("blockquote").all_inner_texts()
    assert person["evidence"][0]["sentence"] in quotes
    link = panel.get_by_role("link", name=re.compile("Cuba and China strengthen")).first
    expect(link).to_have_attribute("href", SEED_URL)
    expect(panel).to_contain_text("Radio Habana Cuba")
    # An edge: the first point on the line between an edge's nodes where vis finds that edge and
    # no node; edges with a sentence first. The details panel is closed so it hides nothing.
    page.keyboard.press("Escape")
    hit = js(
        page,
        """const byEvidence = (x, y) => y.evidence.length - x.evidence.length;
        for (const e of d.edgesView.get().sort(byEvidence)) {
          const [a, b] = [e.from, e.to].map((id) =>
            d.network.canvasToDOM(d.network.getPositions([id])[id]));
          for (let t = 0.1; t <= 0.9; t += 0.02) {
            const x = Math.round(a.x + t * (b.x - a.x)), y = Math.round(a.y + t * (b.y - a.y));
            // Whole pixels, and only where the pixels around hit the same edge: the mouse
            // lands on whole pixels and edges are thin.
            const around = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]].map(([i, j]) =>
              ({x: x + i, y: y + j}));
            if (around.every((p) => d.network.getEdgeAt(p) === e.id && !d.network.getNodeAt(p))) {
              return {edge: e, point: {x, y}};
            }
          }
        }
        return null;""",
    )
    assert hit, "some edge can be clicked"
    edge = hit["edge"]
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + hit["point"]["x"], box["y"] + hit["point"]["y"])
    expect(panel.get_by_role("heading", level=2)).to_have_text(edge["label"])
    expect(panel.locator(".class-name")).to_have_text("link")
    ends = {
        n["id"]: n["label"]
        for n in embedded(page)["nodes"]
        if n["id"] in (edge["from"], edge["to"])
    }
    expect(panel.locator("dd").nth(0)).to_have_text(ends[edge["from"]])
    expect(panel.locator("dd").nth(1)).to_have_text(ends[edge["to"]])
    assert edge["evidence"], "an edge with a sentence was clickable"
    expect(panel.locator("blockquote").first).to_have_text(edge["evidence"][0]["sentence"])
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()


def test_local_path_and_png_in_the_standalone_file(page, seed_view: str, tmp_path) -> None:
    open_view(page, seed_view)
    page.get_by_label("From", exact=True).fill("Carlos Miguel Pereira")
    page.get_by_label("To", exact=True).fill("United States")
    page.get_by_role("button", name="Find path").click()
    expect(page.locator("#path-result")).to_contain_text("Carlos Miguel Pereira →")
    path = js(page, "return d.state.path.nodes;")
    assert path[0] == PEREIRA and path[-1] == USA and len(path) == 3
    assert js(page, "return d.nodes.get({filter: (n) => n.onPath}).length;") == 3
    assert js(page, "return d.edges.get({filter: (e) => e.onPath}).length;") == 2
    page.get_by_role("button", name="Clear").click()
    assert js(page, "return d.nodes.get({filter: (n) => n.onPath}).length;") == 0
    check_png(page, tmp_path)


def check_png(page: sync_api.Page, folder: Path) -> None:
    with page.expect_download() as info:
        page.get_by_role("button", name="PNG").click()
    assert info.value.suggested_filename == "diplograph-network.png"
    saved = folder / "network.png"
    info.value.save_as(saved)
    content = saved.read_bytes()
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) > 10_000


def test_article_markup_stays_text(page, tmp_path: Path) -> None:
    article = tmp_path / "xss-written-for-tests.txt"
    article.write_text(XSS_ARTICLE, encoding="utf-8")
    store = tmp_path / "store"
    diplograph(
        "ingest",
        article,
        "--store",
        store,
        "--published",
        "2024-03-04",
        "--source",
        "javascript:window.__pwned=3",
    )
    open_view(page, write_view(store, tmp_path))
    data = embedded(page)
    groups = {n["group"] for n in data["nodes"]}
    assert {"country", "event"} <= groups
    sentences = [e["sentence"] for n in data["nodes"] for e in n["evidence"]]
    assert any("<script>" in s for s in sentences) and any("<img" in s for s in sentences)
    title = next(iter(data["articles"].values()))["title"]
    assert "<script>" in title
    page.get_by_label("Article").select_option(next(iter(data["articles"])))
    assert shown(page) == {g: sum(n["group"] == g for n in data["nodes"]) for g in groups}
    page.get_by_label("Article").select_option("")
    quoted = []
    for node in data["nodes"]:
        page.get_by_label("Find a country").fill(node["label"])
        page.get_by_label("Find a country").press("Enter")
        expect(details(page).get_by_role("heading", level=2)).to_have_text(node["label"])
        click_node(page, node["id"])
        expect(details(page).get_by_role("heading", level=2)).to_have_text(node["label"])
        quotes = details(page).locator("blockquote").all_inner_texts()
        assert quotes == [item["sentence"] for item in node["evidence"]]
        quoted += quotes
    # The markup was shown as text, and nothing it carries ran or was created.
    assert any("<img src=x" in q for q in quoted) and any("<script>" in q for q in quoted)
    expect(details(page).locator("p.article span").first).to_contain_text("<script>")
    expect(details(page).locator("a[href^='javascript']")).to_have_count(0)
    assert page.evaluate("[typeof window.__pwned, typeof window.pwned]") == ["undefined"] * 2
    assert page.evaluate("document.images.length") == 0
    # vis renders string titles as HTML in some versions: no node or edge may carry one.
    assert (
        js(page, "return [...d.nodes.get(), ...d.edges.get()].filter((x) => 'title' in x);") == []
    )
    assert page.evaluate("document.scripts.length") == 3  # the data block, vis, the view


def test_served_page_expands_finds_paths_and_exports(page, endpoint: Endpoint, tmp_path, watch):
    answer = httpx.get(f"{endpoint.url}/graph")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert "<script>" not in answer.text  # no inline script in the served page
    before = len(watch.console_errors)
    open_view(page, f"{endpoint.url}/graph")
    assert watch.console_errors[before:] == [] and watch.page_errors == []
    assert embedded(page)["api"] == {"neighbours": "/graph/neighbours", "path": "/graph/path"}
    loaded = js(page, "return d.nodes.length;")
    # Keep only Cuba, as if the first view had been cut, then double-click it.
    js(page, "d.nodes.remove(d.nodes.getIds({filter: (n) => n.id !== arg}));", CUB)
    expect(page.locator("#count")).to_contain_text("showing 1 of")
    with page.expect_response(re.compile(r"/graph/neighbours\?node=.*&limit=50$")) as info:
        point = node_point(page, CUB)
        page.mouse.dblclick(point["x"], point["y"])
    neighbours = info.value.json()
    grown = js(page, "return d.nodes.length;")
    assert grown == 1 + neighbours["shown"] and 1 < grown <= loaded
    expect(page.locator("#count")).to_contain_text(f"showing {grown} of {loaded} nodes")
    panel = details(page)
    expect(panel.locator(".neighbours")).to_have_text(f"all {neighbours['total']} neighbours shown")
    # The details panel has the same action, and says so when the server cut the answer (here
    # asked for 3 neighbours rather than 50).
    page.route(
        re.compile(r"/graph/neighbours\?"),
        lambda route: route.continue_(url=route.request.url.replace("limit=50", "limit=3")),
    )
    click_node(page, CHN)
    expect(panel.get_by_role("heading", level=2)).to_have_text("China")
    with page.expect_response(re.compile(r"/graph/neighbours\?")) as info:
        panel.get_by_role("button", name="Expand neighbours").click()
    total = info.value.json()["total"]
    assert total > 3
    expect(panel.locator(".neighbours")).to_have_text(f"showing 3 of {total} neighbours")
    # The path tool asks the server, which knows the whole graph.
    page.get_by_label("From", exact=True).fill("Cuba")
    page.get_by_label("To", exact=True).fill("United States")
    with page.expect_response(re.compile(r"/graph/path\?")) as info:
        page.get_by_role("button", name="Find path").click()
    path = info.value.json()["path"]
    assert path[0] == CUB and path[-1] == USA
    assert js(page, "return d.nodes.get(arg) !== null;", USA)  # brought back with the path
    expect(page.locator("#path-result")).to_contain_text(f"{len(path) - 1} steps: Cuba →")
    assert set(js(page, "return d.nodes.getIds({filter: (n) => n.onPath});")) == set(path)
    assert js(page, "return d.edges.get({filter: (e) => e.onPath}).length;") == len(path) - 1
    check_png(page, tmp_path)
    assert watch.console_errors[before:] == []


def test_nothing_left_the_machine(page, seed_view: str, watch: Watch) -> None:
    """Runs last: after everything above, no outside request and no page or console error."""
    open_view(page, seed_view)
    assert watch.local_requests > 0
    assert watch.outside == []
    assert watch.page_errors == []
    assert watch.console_errors == []
