"""Real SPARQL clients against the real server: SPARQLWrapper and rdflib's SPARQL stores."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from .conftest import Endpoint

COUNTRIES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
SELECT ?iso WHERE { ?c a dg:Country ; dg:iso3 ?iso } ORDER BY ?iso"""


def test_sparqlwrapper_select_and_construct(endpoint: Endpoint):
    client = SPARQLWrapper(endpoint.sparql)
    client.setQuery(COUNTRIES)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [row["iso"]["value"] for row in rows] == ["CHN", "CUB", "USA"]
    client.setQuery("CONSTRUCT { ?c ?p ?o } WHERE { ?c ?p ?o FILTER(?o = 'CUB') }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert (URIRef("https://w3id.org/diplograph/id/country/CUB"), None, Literal("CUB")) in graph


def test_sparqlwrapper_post_method(endpoint: Endpoint):
    client = SPARQLWrapper(endpoint.sparql)
    client.setMethod("POST")
    client.setQuery("ASK { ?s ?p 'CUB' }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore_reads(endpoint: Endpoint):
    graph = Graph(store=SPARQLStore(endpoint.sparql))
    rows = list(graph.query(COUNTRIES))
    assert [str(row.iso) for row in rows] == ["CHN", "CUB", "USA"]


def test_rdflib_sparqlupdatestore_writes_with_the_token(endpoint: Endpoint):
    store = SPARQLUpdateStore(
        endpoint.sparql, endpoint.sparql, auth=None, headers=endpoint.auth(), autocommit=True
    )
    graph = Graph(store=store, identifier=URIRef("urn:test:rdflib-client"))
    triple = (URIRef("urn:test:s"), URIRef("urn:test:p"), Literal("written by rdflib"))
    graph.add(triple)
    assert triple in graph
    graph.remove(triple)
    assert triple not in graph
