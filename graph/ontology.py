"""The ontology, concept schemes and SHACL shapes shipped in `ontology/`, loaded once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from rdflib import Graph
from rdflib.namespace import SKOS

from .vocab import AREA, DG, PLOVER

ONTOLOGY_FILES = ("diplograph.ttl", "areas.ttl", "plover.ttl")


def _parse(name: str) -> Graph:
    return Graph().parse(
        data=files("diplograph.ontology").joinpath(name).read_text("utf-8"), format="turtle"
    )


@cache
def ontology_graph() -> Graph:
    """The ontology with its concept schemes (cooperation areas, PLOVER event types)."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        graph += _parse(name)
    return graph


@cache
def shapes_graph() -> Graph:
    return _parse("shapes.ttl")


@cache
def area_triggers() -> dict[str, tuple[str, ...]]:
    """Cooperation-area code → the words that signal it (its SKOS hidden labels)."""
    graph = ontology_graph()
    triggers = {}
    for concept in graph.subjects(SKOS.inScheme, AREA[""]):
        code = str(graph.value(concept, SKOS.notation))
        triggers[code] = tuple(
            sorted(str(label) for label in graph.objects(concept, SKOS.hiddenLabel))
        )
    return triggers


@cache
def cameo_roots() -> dict[str, str]:
    """PLOVER event type → its first CAMEO root code."""
    graph = ontology_graph()
    roots = {}
    for concept in graph.subjects(SKOS.inScheme, PLOVER[""]):
        code = str(graph.value(concept, SKOS.notation))
        roots[code] = min(str(root) for root in graph.objects(concept, DG.cameoRoot))
    return roots
