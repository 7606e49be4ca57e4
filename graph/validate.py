"""SHACL validation of what the store holds, against the shapes in `ontology/shapes.ttl`."""

from __future__ import annotations

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph

from .ontology import ontology_graph, shapes_graph
from .store import GraphStore


def validate_graph(data: Graph) -> tuple[bool, str]:
    """Validate a graph, with the concept schemes added so that sh:class finds their types."""
    conforms, _, text = validate(
        data + ontology_graph(),
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
    )
    return bool(conforms), text


def validate_store(store: GraphStore) -> tuple[bool, str]:
    """Validate the union of all the store's graphs."""
    data = Graph().parse(data=store.dump(ox.RdfFormat.N_TRIPLES), format="nt")
    return validate_graph(data)
