"""SHACL conformance, exports that round-trip, and every canned query on real data."""

import re
import shutil
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from diplograph.graph.ingest.rdf import ArticleGraph
from diplograph.graph.store import GraphStore, open_store
from diplograph.graph.validate import validate_graph
from diplograph.graph.vocab import DG

from .conftest import KENYA, SEED, diplograph, rows

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def test_seed_graph_conforms_to_the_shapes(seed_store: Path):
    proc = diplograph("validate", "--store", seed_store)
    assert "Conforms: True" in proc.stdout


def test_an_article_dated_only_by_its_dateline_conforms(tmp_path: Path):
    # No --published: the seed's dateline "Beijing, September 28" gives a date without a year.
    store = tmp_path / "store"
    diplograph("ingest", SEED, "--store", store)
    assert rows(store, "SELECT ?d WHERE { ?a schema:datePublished ?d }") == [{"d": "--09-28"}]
    assert "Conforms: True" in diplograph("validate", "--store", store).stdout


def test_shapes_catch_a_broken_event():
    event = URIRef("https://w3id.org/diplograph/id/article/x/event/1")
    graph = Graph()
    graph.add((event, RDF.type, DG.Event))
    graph.add((event, DG.status, Literal("happened")))
    conforms, report = validate_graph(graph)
    assert not conforms
    assert "dg:status" in report or "status" in report


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_export_format_round_trips(seed_store: Path, tmp_path: Path, name: str):
    target = tmp_path / f"export.{name}"
    diplograph("export", "--format", name, "-o", target, "--store", seed_store)
    fmt = FORMATS[name]
    parsed = list(ox.parse(path=str(target), format=fmt))
    stored = list(GraphStore(seed_store, read_only=True).quads())
    if fmt.supports_datasets:
        assert {(q.subject, q.predicate, q.object, q.graph_name) for q in parsed} == {
            (q.subject, q.predicate, q.object, q.graph_name) for q in stored
        }
    else:
        assert {t.triple if isinstance(t, ox.Quad) else t for t in parsed} == {
            q.triple for q in stored
        }


CONTRACT = {
    "countries": {"country", "iso3", "name"},
    "relations": {"relation", "isoA", "isoB", "established", "qualifier"},
    "persons": {"person", "name", "role", "affiliation"},
    "organizations": {"org", "name", "type", "country"},
    "cooperation-areas": {"relation", "area", "areaCode"},
    "events": {"event", "type", "date", "participant", "actor", "recipient", "sentence"},
    "positions": {"position", "holder", "stance", "target", "sentence"},
    "trade": {"flow", "exporter", "importer", "product", "fact", "sentence"},
}
QUERIES = sorted(
    p.name.removesuffix(".rq")
    for p in files("diplograph.queries").iterdir()
    if p.name.endswith(".rq")
)


def test_the_contract_queries_are_all_there():
    assert set(CONTRACT) <= set(QUERIES)
    assert len(QUERIES) >= len(CONTRACT) + 4


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_answers_on_the_seed(seed_store: Path, name: str):
    text = files("diplograph.queries").joinpath(f"{name}.rq").read_text("utf-8")
    assert text.startswith("#"), "each query starts with a comment saying what it answers"
    head = set(re.findall(r"\?(\w+)", text.split("WHERE")[0]))
    assert CONTRACT.get(name, set()) <= head
    assert rows(seed_store, name), f"{name} found nothing in the seed"


class _CutOffGraph(Graph):
    """A graph whose N-Triples break off in the middle, as a write interrupted by bad data."""

    def serialize(self, *args, **kwargs) -> str:
        return super().serialize(*args, **kwargs) + "<https://example.org/s> <broken"


def test_a_failed_write_changes_nothing(seed_store: Path, tmp_path: Path):
    """Replacing an article's graph is one transaction: if the new content is refused halfway,
    the old content is all still there and none of the new content is."""
    copy = tmp_path / "store"
    shutil.copytree(seed_store, copy)
    store = GraphStore(copy)
    article = next(g for g in store.named_graphs() if "/article/" in g)
    before = sorted(map(str, store.quads()))
    broken = _CutOffGraph()
    broken.add((URIRef("https://example.org/new"), RDF.type, DG.Event))
    entities = Graph()
    entities.add((URIRef("https://example.org/person"), RDF.type, DG.Person))
    with pytest.raises(SyntaxError):
        store.write_article(ArticleGraph(URIRef(article), broken, entities))
    assert sorted(map(str, store.quads())) == before


@pytest.fixture(scope="module")
def three_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed as two articles (two URLs), and the Kenya article: much is said twice."""
    store = tmp_path_factory.mktemp("three") / "store"
    for source in ("https://example.org/a/1", "https://example.org/b/2"):
        diplograph("ingest", SEED, "--store", store, "--source", source)
    diplograph("ingest", KENYA, "--store", store)
    return store


@pytest.mark.parametrize("name", QUERIES)
def test_what_several_articles_say_alike_comes_back_once(three_articles: Path, name: str):
    """Oxigraph 0.5 repeats a triple of the union graph once per graph that holds it; shared
    descriptions live in one graph, so no canned query answers the same row twice."""
    answer = rows(three_articles, name)
    assert answer
    assert len({tuple(sorted(row.items())) for row in answer}) == len(answer)


def test_a_description_no_article_needs_is_dropped(tmp_path: Path):
    """Re-ingesting an article without a person removes the person; what others need stays."""
    store, article = tmp_path / "store", tmp_path / "kenya.md"
    text = KENYA.read_text("utf-8")
    article.write_text(text, "utf-8")
    diplograph("ingest", article, "--store", store)
    people = "SELECT ?name WHERE { ?p a dg:Person ; rdfs:label ?name }"
    assert {row["name"] for row in rows(store, people)} == {"William Ruto", "Li Qiang"}
    article.write_text(text.replace("met Chinese Premier Li Qiang in Beijing", "visited Beijing"))
    diplograph("ingest", article, "--store", store)
    assert {row["name"] for row in rows(store, people)} == {"William Ruto"}
    based = "SELECT ?iso WHERE { ?o dg:basedIn/dg:iso3 ?iso ; rdfs:label ?n }"
    assert {row["iso"] for row in rows(store, based)} >= {"KEN", "CHN"}


def test_a_closed_store_can_be_opened_again(tmp_path: Path):
    """`diplograph demo` ingests, then hands the same store to the server's engine."""
    with open_store(tmp_path / "store") as store:
        store.ensure_ontology()
    assert GraphStore(tmp_path / "store").named_graphs()
