"""The embedded store: Oxigraph on disk, one named graph per article, the shared entity graph
and the ontology graph.

SPARQL always goes to Oxigraph's own engine as a string, with the union of all graphs as the
default graph, so the canned queries see every article at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .ingest.rdf import ArticleGraph
from .ontology import ontology_graph
from .vocab import ENTITY_GRAPH, ONTOLOGY_GRAPH, PREFIXES

STORE_ENV = "DIPLOGRAPH_STORE"
# A description in the entity graph stays while an article mentions its subject, or mentions
# a thing whose description points to it (a country that only an organization is based in).
PRUNE_ENTITIES = f"""DELETE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}
WHERE {{
  GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?q ?x }} FILTER (?g != <{ENTITY_GRAPH}>) }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?s }} FILTER (?g != <{ENTITY_GRAPH}>) }}
  FILTER NOT EXISTS {{
    GRAPH <{ENTITY_GRAPH}> {{ ?t ?r ?s }}
    GRAPH ?g {{ ?x ?q ?t }} FILTER (?g != <{ENTITY_GRAPH}>)
  }}
}}"""


class StoreError(RuntimeError):
    """The store cannot be opened or does not hold what was asked for."""


def default_store_path() -> Path:
    """$DIPLOGRAPH_STORE, else $XDG_DATA_HOME/diplograph/store (~/.local/share by default)."""
    if env := os.environ.get(STORE_ENV):
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "diplograph" / "store"


class GraphStore:
    """A Diplograph store on disk."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if read_only:
                if not (path / "CURRENT").exists():
                    raise StoreError(f"no Diplograph store at {path}: ingest an article first")
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as err:
            if "lock" in str(err).lower():
                raise StoreError(
                    f"the store at {path} is in use by another process (a running "
                    "`diplograph serve`?): stop it, or write through its endpoint"
                ) from err
            raise StoreError(f"cannot open the store at {path}: {err}") from err

    def replace_graph(self, name: URIRef, graph: Graph) -> None:
        """Swap a named graph's content in one transaction: all of it lands, or nothing changes."""
        triples = graph.serialize(format="nt")
        self._store.update(
            f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{triples}\n}} }}"
        )

    def write_article(self, article: ArticleGraph) -> None:
        """Replace an article's graph and bring the entity graph in step, in one transaction.

        The entity graph gains the descriptions of what the article mentions and loses those of
        things no article mentions any more (a name an earlier extraction got wrong, say).
        """
        facts = article.facts.serialize(format="nt")
        entities = article.entities.serialize(format="nt")
        self._store.update(
            f"DROP SILENT GRAPH <{article.name}> ;\n"
            f"INSERT DATA {{ GRAPH <{article.name}> {{\n{facts}\n}}\n"
            f"GRAPH <{ENTITY_GRAPH}> {{\n{entities}\n}} }} ;\n" + PRUNE_ENTITIES
        )

    def ensure_ontology(self) -> None:
        self.replace_graph(ONTOLOGY_GRAPH, ontology_graph())

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query on the union of all graphs (the store's default graph included)."""
        prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
        return self._store.query(sparql, use_default_graph_as_union=True, prefixes=prefixes)

    def select(self, sparql: str) -> list[dict[str, str]]:
        """The rows of a SELECT query as plain values (unbound variables left out)."""
        results = self.query(sparql)
        names = [variable.value for variable in results.variables]
        return [
            {name: row[name].value for name in names if row[name] is not None} for row in results
        ]

    def named_graphs(self) -> list[str]:
        return sorted(node.value for node in self._store.named_graphs())

    def quads(self) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, None)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """The whole dataset; formats without named graphs get the union of all graphs."""
        prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
        if fmt.supports_datasets:
            return self._store.dump(format=fmt, prefixes=prefixes)
        union = {quad.triple for quad in self.quads()}
        return ox.serialize(sorted(union, key=str), format=fmt, prefixes=prefixes)

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        """Let go of the store, and so of its lock: `diplograph demo` serves it right after."""
        del self._store


@contextmanager
def open_store(path: Path | None, *, read_only: bool = False) -> Iterator[GraphStore]:
    store = GraphStore(path or default_store_path(), read_only=read_only)
    try:
        yield store
    finally:
        if not read_only:
            store.flush()
        store.close()
