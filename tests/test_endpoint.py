"""The SPARQL endpoint over real HTTP: a `diplograph serve` process (uvicorn + Oxigraph)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from .conftest import Endpoint, serving

COUNTRIES = "SELECT ?iso WHERE { ?c a dg:Country ; dg:iso3 ?iso } ORDER BY ?iso"
PREFIXED = "PREFIX dg: <https://w3id.org/diplograph/ontology#> "
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def post_query(
    endpoint: Endpoint, query: str, accept: str | None = None, **params
) -> httpx.Response:
    headers = {"Content-Type": "application/sparql-query"}
    if accept:
        headers["Accept"] = accept
    return httpx.post(endpoint.sparql, content=query, headers=headers, params=params, timeout=30)


def isos(response: httpx.Response) -> list[str]:
    return [b["iso"]["value"] for b in response.json()["results"]["bindings"]]


def test_query_by_get_post_form_and_post_direct(endpoint: Endpoint):
    query = PREFIXED + COUNTRIES
    by_get = httpx.get(endpoint.sparql, params={"query": query})
    by_form = httpx.post(endpoint.sparql, data={"query": query})
    direct = post_query(endpoint, query)
    assert isos(by_get) == isos(by_form) == isos(direct) == ["CHN", "CUB", "USA"]
    assert by_get.headers["content-type"].startswith("application/sparql-results+json")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0.9, text/tab-separated-values;q=0.2", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_negotiates_by_q_value(endpoint: Endpoint, accept: str, expected: str):
    response = post_query(endpoint, PREFIXED + COUNTRIES, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)
    if expected == "text/csv":  # CSV is lossy: pyoxigraph does not read it back
        assert response.text.splitlines()[1:] == ["CHN", "CUB", "USA"]
    else:
        fmt = ox.QueryResultsFormat.from_media_type(expected)
        assert len(list(ox.parse_query_results(response.content, format=fmt))) == 3


@pytest.mark.parametrize(
    "accept",
    [
        "text/turtle",
        "application/n-triples",
        "application/n-quads",
        "application/trig",
        "application/ld+json",
        "application/rdf+xml",
    ],
)
def test_construct_in_every_rdf_format(endpoint: Endpoint, accept: str):
    query = PREFIXED + "CONSTRUCT { ?c dg:iso3 ?i } WHERE { ?c a dg:Country ; dg:iso3 ?i }"
    response = post_query(endpoint, query, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    parsed = list(ox.parse(response.content, format=ox.RdfFormat.from_media_type(accept)))
    assert len(parsed) == 3


def test_ask_and_describe(endpoint: Endpoint):
    ask = post_query(
        endpoint, PREFIXED + "ASK { ?c dg:iso3 'CUB' }", "application/sparql-results+xml"
    )
    assert "<boolean>true</boolean>" in ask.text
    describe = post_query(
        endpoint, "DESCRIBE <https://w3id.org/diplograph/id/country/CUB>", "text/turtle"
    )
    assert "CUB" in describe.text


def test_bad_requests_get_clear_4xx(endpoint: Endpoint):
    assert post_query(endpoint, PREFIXED + COUNTRIES, "image/png").status_code == 406
    syntax = post_query(endpoint, "SELECT ?x WHERE {")
    assert syntax.status_code == 400 and syntax.text.strip()
    wrong_type = httpx.post(
        endpoint.sparql, content="ASK {}", headers={"Content-Type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    assert httpx.post(endpoint.sparql, data={"nothing": "here"}).status_code == 400
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    two = httpx.post(endpoint.sparql, content="query=ASK+%7B%7D&query=ASK+%7B%7D", headers=form)
    assert two.status_code == 400
    assert httpx.get(endpoint.sparql, params={"update": "CLEAR ALL"}).status_code == 400
    latin1 = httpx.post(
        endpoint.sparql,
        content="ASK { ?s ?p 'Pek\u00edn' }".encode("latin-1"),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert latin1.status_code == 400


def test_dataset_parameters_are_honoured(endpoint: Endpoint):
    graphs = post_query(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").json()
    article = next(
        b["g"]["value"] for b in graphs["results"]["bindings"] if "/article/" in b["g"]["value"]
    )
    ontology = "https://w3id.org/diplograph/ontology"
    entities = "https://w3id.org/diplograph/entities"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def n(**params) -> int:
        return int(
            post_query(endpoint, count, **params).json()["results"]["bindings"][0]["n"]["value"]
        )

    graph_counts = [n(**{"default-graph-uri": g}) for g in (article, entities, ontology)]
    assert all(graph_counts)
    assert sum(graph_counts) == n()  # the seed's three graphs share no triple
    named = post_query(
        endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }", **{"named-graph-uri": ontology}
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [ontology]


def test_service_description_names_the_real_endpoint(endpoint: Endpoint):
    response = httpx.get(endpoint.sparql, headers={"Accept": "text/turtle"})
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    endpoints = [t.object.value for t in triples if t.predicate.value.endswith("#endpoint")]
    assert endpoints == [endpoint.sparql]


def test_a_browser_gets_the_query_page(endpoint: Endpoint):
    for path in ("/", "/sparql"):
        response = httpx.get(endpoint.url + path, headers={"Accept": "text/html,*/*;q=0.8"})
        assert response.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in response.headers["content-security-policy"]
    examples = httpx.get(f"{endpoint.url}/examples").json()
    assert {"countries", "events", "timeline"} <= {e["name"] for e in examples}


def test_updates_need_the_token(endpoint: Endpoint):
    update = "INSERT DATA { GRAPH <urn:test:auth> { <urn:a> <urn:b> 'c' } }"
    form = {"update": update}
    assert httpx.post(endpoint.sparql, data=form).status_code == 401
    wrong = httpx.post(endpoint.sparql, data=form, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = httpx.post(endpoint.sparql, data=form, headers=endpoint.auth())
    assert right.status_code == 204
    stored = post_query(endpoint, "ASK { GRAPH <urn:test:auth> { <urn:a> <urn:b> 'c' } }")
    assert stored.json()["boolean"] is True
    direct = httpx.post(
        endpoint.sparql,
        content="DROP GRAPH <urn:test:auth>",
        headers={"Content-Type": "application/sparql-update", **endpoint.auth()},
    )
    assert direct.status_code == 204


def test_without_a_token_updates_are_refused(tmp_path: Path):
    with serving(tmp_path / "store", token=None) as server:
        response = httpx.post(server.sparql, data={"update": "CLEAR ALL"})
        assert response.status_code == 403 and "--update-token" in response.text


def test_federation_and_remote_load_are_refused(endpoint: Endpoint):
    service = post_query(
        endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    )
    assert service.status_code == 403 and "SERVICE" in service.text
    load = httpx.post(
        endpoint.sparql,
        data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"},
        headers=endpoint.auth(),
    )
    assert load.status_code == 403 and "LOAD" in load.text
    # The words inside strings and IRIs are not operations.
    harmless = post_query(endpoint, "SELECT * WHERE { ?s ?p 'SERVICE LOAD' } LIMIT 1")
    assert harmless.status_code == 200


def test_body_size_and_row_limits(endpoint: Endpoint):
    huge = "ASK {} #" + "x" * 2_000_000
    assert post_query(endpoint, huge).status_code == 413
    many = post_query(endpoint, "SELECT ?s WHERE { ?s ?p ?o }", "text/csv")
    assert many.headers["x-diplograph-row-limit"] == "50"
    assert len(many.text.splitlines()) == 51  # header + 50 rows


def test_cors_is_off_by_default_and_configurable(endpoint: Endpoint, tmp_path: Path):
    origin = {"Origin": "https://analyst.example"}
    plain = httpx.get(endpoint.sparql, params={"query": "ASK {}"}, headers=origin)
    assert "access-control-allow-origin" not in plain.headers
    with serving(tmp_path / "store", "--cors-origin", "https://analyst.example") as server:
        allowed = httpx.get(server.sparql, params={"query": "ASK {}"}, headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"


def test_graph_store_protocol(endpoint: Endpoint):
    store = f"{endpoint.url}/store"
    graph = {"graph": "urn:test:gsp"}
    turtle = '<urn:s> <urn:p> "o" .'
    ntriples = {"Content-Type": "application/n-triples"}
    assert httpx.put(store, params=graph, content=turtle, headers=ntriples).status_code == 401
    put = httpx.put(store, params=graph, content=turtle, headers={**ntriples, **endpoint.auth()})
    assert put.status_code in {201, 204}
    got = httpx.get(store, params=graph, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and "urn:s" in got.text
    assert httpx.head(store, params=graph).status_code == 200
    assert httpx.delete(store, params=graph, headers=endpoint.auth()).status_code == 204
    assert httpx.get(store, params=graph).status_code == 404


def test_health_and_openapi(endpoint: Endpoint):
    health = httpx.get(f"{endpoint.url}/health").json()
    assert health["status"] == "ok" and health["engine_pid"]
    assert "/sparql" in httpx.get(f"{endpoint.url}/openapi.json").json()["paths"]
    assert httpx.get(f"{endpoint.url}/docs").status_code == 200


def test_only_loopback_host_names_are_answered(endpoint: Endpoint):
    """A page whose DNS name was rebound to 127.0.0.1 still sends its own name: refused."""
    port = endpoint.url.rsplit(":", 1)[1]
    query = {"query": "ASK {}"}
    rebound = httpx.get(f"{endpoint.url}/sparql", params=query, headers={"Host": "evil.example"})
    assert rebound.status_code == 400
    local = httpx.get(f"{endpoint.url}/sparql", params=query, headers={"Host": f"localhost:{port}"})
    assert local.status_code == 200


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    return (int(fields[11]) + int(fields[12])) / 100


def test_a_runaway_query_is_stopped_and_the_server_stays_responsive(endpoint: Endpoint):
    engine = httpx.get(f"{endpoint.url}/health").json()["engine_pid"]
    outcome: dict[str, httpx.Response | float] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["response"] = post_query(endpoint, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(1.0)
    assert thread.is_alive(), "the runaway query should still be running"
    started = time.monotonic()
    assert httpx.get(f"{endpoint.url}/health", timeout=5).json()["status"] == "ok"
    assert isos(post_query(endpoint, PREFIXED + COUNTRIES)) == ["CHN", "CUB", "USA"]
    assert time.monotonic() - started < 2.0, "health and queries must answer during a runaway query"
    thread.join(timeout=30)
    response = outcome["response"]
    assert response.status_code == 503 and "stopped" in response.text
    assert outcome["seconds"] < 3 + 5
    # The engine that ran it no longer burns CPU: it was stopped (killed and replaced).
    before = _cpu_seconds(engine)
    time.sleep(1.0)
    after = _cpu_seconds(engine)
    assert before is None or after is None or after - before < 0.2
    health = httpx.get(f"{endpoint.url}/health").json()
    assert health["status"] == "ok" and health["engine_restarts"] >= 1
    assert isos(post_query(endpoint, PREFIXED + COUNTRIES)) == ["CHN", "CUB", "USA"]


def test_requests_are_logged_as_json_lines(tmp_path: Path):
    with serving(tmp_path / "store") as server:
        httpx.get(server.sparql, params={"query": "ASK {}"})
        server.process.terminate()
        logs = server.process.stderr.read()
    entries = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    asked = [e for e in entries if e.get("path") == "/sparql"]
    assert asked and asked[0]["status"] == 200 and asked[0]["method"] == "GET" and "ms" in asked[0]


def test_federation_cannot_hide_in_comments_or_iris(endpoint: Endpoint):
    hidden = "SELECT * WHERE {\n# '''\nSERVICE <http://127.0.0.1:9/x> { ?s ?p ?o }\n# '''\n}"
    assert post_query(endpoint, hidden).status_code == 403
    in_iri = (
        "SELECT * WHERE { <urn:a'''> ?p ?o . SERVICE <http://127.0.0.1:9/x> {} <urn:a'''> ?p ?o }"
    )
    assert post_query(endpoint, in_iri).status_code == 403
    names = "PREFIX SERVICE: <urn:x:> SELECT * WHERE { ?SERVICE SERVICE:a 'x'@service } LIMIT 1"
    assert post_query(endpoint, names).status_code == 200


def test_from_in_the_query_names_the_default_graph(endpoint: Endpoint):
    ontology = "https://w3id.org/diplograph/ontology"
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"

    def n(query: str, **params) -> int:
        return int(
            post_query(endpoint, query, **params).json()["results"]["bindings"][0]["n"]["value"]
        )

    by_parameter = n(count.format(""), **{"default-graph-uri": ontology})
    assert n(count.format(f"FROM <{ontology}>")) == by_parameter < n(count.format(""))


def test_q_zero_excludes_even_under_a_wildcard(endpoint: Endpoint):
    response = post_query(endpoint, PREFIXED + COUNTRIES, "text/*;q=0.5, text/csv;q=0")
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    nan = post_query(
        endpoint, PREFIXED + COUNTRIES, "text/csv;q=nan, application/sparql-results+xml"
    )
    assert nan.headers["content-type"].startswith("application/sparql-results+xml")


def test_the_bearer_scheme_is_case_insensitive(endpoint: Endpoint):
    update = {"update": "DROP SILENT GRAPH <urn:test:none>"}
    lower = httpx.post(
        endpoint.sparql, data=update, headers={"Authorization": f"bearer {endpoint.token}"}
    )
    assert lower.status_code == 204


def test_answers_say_nosniff(endpoint: Endpoint):
    assert httpx.get(f"{endpoint.url}/health").headers["x-content-type-options"] == "nosniff"


def test_an_engine_that_dies_is_restarted(tmp_path: Path):
    import os
    import signal

    with serving(tmp_path / "store") as server:
        engine = httpx.get(f"{server.url}/health").json()["engine_pid"]
        os.kill(engine, signal.SIGKILL)
        first = post_query(server, "ASK {}")
        assert first.status_code in {200, 503}
        again = post_query(server, "ASK {}")
        assert again.status_code == 200 and again.json()["boolean"] is True
        assert httpx.get(f"{server.url}/health").json()["engine_pid"] != engine


def test_ingesting_into_a_served_store_says_why_it_cannot(endpoint: Endpoint):
    from .conftest import KENYA, diplograph

    proc = diplograph("ingest", KENYA, "--store", endpoint.store, check=False)
    assert proc.returncode != 0 and "in use by another process" in proc.stderr
