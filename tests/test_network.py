"""The network view's projection and its JSON API, on the seed article."""

from __future__ import annotations

import json
import re

import httpx

from diplograph.graph.store import GraphStore
from diplograph.graph.view import project, to_view

from .conftest import Endpoint, rows, serving

CUB = "https://w3id.org/diplograph/id/country/CUB"
USA = "https://w3id.org/diplograph/id/country/USA"
PEREIRA = "https://w3id.org/diplograph/id/person/carlos-miguel-pereira"


def test_projection_matches_the_store(seed_store):
    graph = project(GraphStore(seed_store, read_only=True).select)
    groups = {
        group: sum(1 for _, d in graph.nodes(data=True) if d["group"] == group)
        for group in ("country", "person", "event", "relation")
    }
    assert groups["country"] == len(rows(seed_store, "countries"))
    assert groups["person"] == len({r["person"] for r in rows(seed_store, "persons")})
    assert groups["event"] == len({r["event"] for r in rows(seed_store, "events")})
    assert groups["relation"] == len(rows(seed_store, "relations"))
    kinds = {key for _, _, key in graph.edges(keys=True)}
    assert {"actor", "recipient", "participant", "holds a post of", "party", "opposes"} <= kinds
    assert "health" in graph.nodes[CUB]["areas"]
    articles = {row["a"] for row in rows(seed_store, "SELECT ?a WHERE { ?a a dg:Article }")}
    attested = [data["articles"] for _, data in graph.nodes(data=True)]
    attested += [data["articles"] for _, _, data in graph.edges(data=True)]
    assert all(found and found <= articles for found in attested)


def test_a_limited_view_keeps_the_best_connected(seed_store):
    graph = project(GraphStore(seed_store, read_only=True).select)
    view = to_view(graph, limit=5)
    assert len(view.nodes) == 5 and view.total_nodes == graph.number_of_nodes()
    assert CUB in {node["id"] for node in view.nodes}
    assert all(node["title"] is None for node in view.nodes)


def test_neighbours_are_cut_at_the_limit(endpoint: Endpoint):
    answer = httpx.get(f"{endpoint.url}/graph/neighbours", params={"node": CUB, "limit": 3}).json()
    assert answer["shown"] == 3 and answer["total"] > 3
    assert len(answer["nodes"]) == 4  # the node and three neighbours
    missing = httpx.get(f"{endpoint.url}/graph/neighbours", params={"node": "urn:nothing"})
    assert missing.status_code == 404


def test_shortest_path_between_two_actors(endpoint: Endpoint):
    answer = httpx.get(
        f"{endpoint.url}/graph/path", params={"source": PEREIRA, "target": USA}
    ).json()
    path = answer["path"]
    assert path[0] == PEREIRA and path[-1] == USA and len(path) >= 3
    assert {node["id"] for node in answer["nodes"]} == set(path)


def test_the_server_opens_with_as_many_nodes_as_it_is_told(seed_store):
    with serving(seed_store, "--view-nodes", "5") as server:
        page = httpx.get(f"{server.url}/graph").text
    block = re.search(r'<script type="application/json" id="diplograph-data">(.*?)</script>', page)
    data = json.loads(block.group(1))
    assert len(data["nodes"]) == 5 and data["total"]["nodes"] > 5
