"""The network view: the RDF graph projected onto actors, events and relations (networkx), laid
out by vis-network through pyvis, in a page Diplograph owns (no CDN: vis-network ships with the
package).

The projection only needs a way to run SPARQL SELECT queries, so the same code serves the
`diplograph view` command (embedded store) and the server's `/graph` (through its engine).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.resources import files

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

Select = Callable[[str], list[dict[str, str]]]

PREFIXES = """PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX schema: <https://schema.org/>
"""
ARTICLES = """SELECT ?article ?title ?url ?date ?publisher WHERE {
  ?article a dg:Article .
  OPTIONAL { ?article schema:headline ?title }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:publisher/rdfs:label ?publisher }
}"""
ACTORS = """SELECT ?node ?class ?label ?iso3 ?alias ?article ?sentence WHERE {
  VALUES ?class { dg:Country dg:Person dg:GovernmentBody dg:Company dg:MediaOutlet
                  dg:PoliticalParty dg:InternationalOrganization dg:Initiative dg:Organization }
  ?node a ?class ; rdfs:label ?label .
  GRAPH ?article { ?mention itsrdf:taIdentRef ?node ; nif:anchorOf ?alias ; nif:sentence ?s . }
  ?s nif:anchorOf ?sentence .
  OPTIONAL { ?node dg:iso3 ?iso3 }
}"""
EVENTS = """SELECT ?node ?label ?type ?status ?date ?trigger ?relation ?article ?sentence WHERE {
  ?node a dg:Event ; rdfs:label ?label ; dg:eventType/skos:notation ?type ;
        dg:status/skos:notation ?status ; dg:trigger ?trigger ;
        prov:wasDerivedFrom ?article ; dg:evidence/nif:anchorOf ?sentence .
  OPTIONAL { ?node dg:date ?date }
  OPTIONAL { ?node dg:aboutRelation ?relation }
}"""
RELATIONS = """SELECT ?node ?label ?established ?qualifier ?area ?article ?sentence WHERE {
  ?node a dg:BilateralRelation ; rdfs:label ?label .
  GRAPH ?article { ?node dg:evidence/nif:anchorOf ?sentence }
  OPTIONAL { ?node dg:established ?established }
  OPTIONAL { ?node dg:qualifier ?qualifier }
  OPTIONAL { ?node dg:cooperationArea/skos:notation ?area }
}"""
EDGES = """SELECT ?from ?kind ?to ?article ?sentence WHERE {
  {
    ?from a dg:Event ; ?p ?to ; prov:wasDerivedFrom ?article ;
          dg:evidence/nif:anchorOf ?sentence .
    VALUES (?p ?kind) {
      (dg:actor "actor") (dg:recipient "recipient") (dg:participant "participant")
    }
  } UNION {
    ?from org:holds ?post .
    ?post prov:wasDerivedFrom ?article ; dg:evidence/nif:anchorOf ?sentence .
    { ?post dg:representing ?to BIND("holds a post of" AS ?kind) }
    UNION { ?post dg:accreditedTo ?to BIND("is posted to" AS ?kind) }
  } UNION {
    ?from dg:basedIn ?to . GRAPH ?article { ?mention itsrdf:taIdentRef ?from }
    BIND("" AS ?sentence) BIND("based in" AS ?kind)
  } UNION {
    ?from a dg:BilateralRelation ; dg:party ?to ; prov:wasDerivedFrom ?article .
    BIND("" AS ?sentence) BIND("party" AS ?kind)
  } UNION {
    ?position a dg:Position ; dg:holder ?from ; dg:targetActor ?to ;
              dg:stance/skos:notation ?stance ;
              prov:wasDerivedFrom ?article ; dg:evidence/nif:anchorOf ?sentence .
    BIND(IF(?stance = "support", "supports", "opposes") AS ?kind)
  } UNION {
    ?flow dg:exporter ?from ; dg:importer ?to ; prov:wasDerivedFrom ?article ;
          dg:evidence/nif:anchorOf ?sentence .
    BIND("exports to" AS ?kind)
  }
}"""
CLASS_GROUPS = {
    "Country": "country",
    "Person": "person",
}
GROUP_STYLES = {
    "country": {"color": "#1f6feb", "shape": "dot", "size": 22},
    "person": {"color": "#d29922", "shape": "diamond", "size": 14},
    "organization": {"color": "#8250df", "shape": "square", "size": 12},
    "event": {"color": "#2da44e", "shape": "triangle", "size": 9},
    "relation": {"color": "#cf222e", "shape": "star", "size": 16},
}
EDGE_COLORS = {"supports": "#2da44e", "opposes": "#cf222e", "exports to": "#9a6700"}
MAX_EVIDENCE = 5


@dataclass
class View:
    """What the page needs: the vis nodes and edges, the articles, and how much there is."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    articles: dict[str, dict] = field(default_factory=dict)
    total_nodes: int = 0
    total_edges: int = 0


def project(select: Select) -> nx.MultiDiGraph:
    """Actors, events and relations as nodes; who did what with whom as labelled edges."""
    graph = nx.MultiDiGraph(articles=_articles(select))
    for row in select(PREFIXES + ACTORS):
        group = CLASS_GROUPS.get(row["class"].rsplit("#", 1)[-1], "organization")
        node = _node(graph, row["node"], row["label"], group, row)
        if row.get("alias") and row["alias"] != row["label"]:
            node["aliases"].add(row["alias"])
        if row.get("iso3"):
            node["properties"]["ISO 3166 code"] = row["iso3"]
    for row in select(PREFIXES + EVENTS):
        node = _node(graph, row["node"], row["label"], "event", row)
        node["eventType"] = row["type"]
        node["date"] = row.get("date", "")
        node["properties"].update(
            {"PLOVER type": row["type"], "status": row["status"], "trigger": row["trigger"]}
        )
        if row.get("date"):
            node["properties"]["date"] = row["date"]
        if row.get("relation"):
            node["relation"] = row["relation"]
    for row in select(PREFIXES + RELATIONS):
        node = _node(graph, row["node"], row["label"], "relation", row)
        if row.get("area"):
            node["areas"].add(row["area"])
        for key in ("established", "qualifier"):
            if row.get(key):
                node["properties"][key] = row[key]
    _edges(graph, select)
    _spread_areas(graph)
    return graph


def _articles(select: Select) -> dict[str, dict[str, str]]:
    return {
        row["article"]: {k: v for k, v in row.items() if k != "article"}
        for row in select(PREFIXES + ARTICLES)
    }


def _node(graph: nx.MultiDiGraph, iri: str, label: str, group: str, row: dict[str, str]) -> dict:
    if iri not in graph:
        graph.add_node(
            iri,
            label=label,
            group=group,
            aliases=set(),
            areas=set(),
            articles=set(),
            properties={"class": group},
            evidence=[],
        )
    node = graph.nodes[iri]
    _witness(node, row)
    return node


def _witness(item: dict, row: dict[str, str]) -> None:
    """Note the article and sentence that attest a node or an edge."""
    item["articles"].add(row["article"])
    evidence = {"article": row["article"], "sentence": row.get("sentence", "")}
    if (
        evidence["sentence"]
        and evidence not in item["evidence"]
        and len(item["evidence"]) < MAX_EVIDENCE
    ):
        item["evidence"].append(evidence)


def _edges(graph: nx.MultiDiGraph, select: Select) -> None:
    for row in select(PREFIXES + EDGES):
        source, target, kind = row["from"], row["to"], row["kind"]
        if source not in graph or target not in graph:
            continue
        if kind == "participant" and graph.has_edge(source, target):
            continue  # an actor or recipient edge already says more
        if not graph.has_edge(source, target, key=kind):
            graph.add_edge(source, target, key=kind, label=kind, articles=set(), evidence=[])
        _witness(graph.edges[source, target, kind], row)


def _spread_areas(graph: nx.MultiDiGraph) -> None:
    """Events and countries take the cooperation areas of the relations they belong to."""
    for _, data in graph.nodes(data=True):
        if data["group"] == "event" and data.get("relation") in graph:
            data["areas"] |= graph.nodes[data["relation"]]["areas"]
    for relation, data in graph.nodes(data=True):
        if data["group"] == "relation":
            for _, party in graph.out_edges(relation):
                graph.nodes[party]["areas"] |= data["areas"]


def to_view(graph: nx.MultiDiGraph, limit: int | None = None, around: Iterable[str] = ()) -> View:
    """The vis-network nodes and edges of the graph (or of its `limit` best-connected nodes)."""
    keep = _most_connected(graph, limit, set(around)) if limit else set(graph)
    shown = graph.subgraph(keep).copy()  # pyvis changes the graph it is given
    net = Network(directed=True, cdn_resources="remote")
    net.from_nx(_plain(shown), show_edge_weights=False)
    nodes = [_vis_node(node) for node in net.nodes]
    edges = [_vis_edge(edge, i) for i, edge in enumerate(net.edges)]
    pairs = {(source, target) for source, target, _ in graph.edges}
    return View(nodes, edges, graph.graph.get("articles", {}), graph.number_of_nodes(), len(pairs))


def _most_connected(graph: nx.MultiDiGraph, limit: int, must: set[str]) -> set[str]:
    ranked = sorted(graph.degree, key=lambda item: (-item[1], item[0]))
    keep = {iri for iri in must if iri in graph}
    for iri, _ in ranked:
        if len(keep) >= limit:
            break
        keep.add(iri)
    return keep


def _plain(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """pyvis wants JSON-ready attributes and one edge per pair: sets become sorted lists and
    parallel edges merge their labels."""
    plain = nx.DiGraph()
    for iri, data in graph.nodes(data=True):
        plain.add_node(iri, **{k: sorted(v) if isinstance(v, set) else v for k, v in data.items()})
    for source, target, data in graph.edges(data=True):
        if plain.has_edge(source, target):
            merged = plain.edges[source, target]
            merged["kinds"] = sorted({*merged["kinds"], data["label"]})
            merged["articles"] = sorted({*merged["articles"], *data["articles"]})
            merged["evidence"] = (merged["evidence"] + data["evidence"])[:MAX_EVIDENCE]
        else:
            plain.add_edge(
                source,
                target,
                kinds=[data["label"]],
                articles=sorted(data["articles"]),
                evidence=list(data["evidence"]),
            )
    return plain


def _vis_node(node: dict) -> dict:
    style = GROUP_STYLES[node["group"]]
    return {
        **node,
        "color": style["color"],
        "shape": style["shape"],
        "size": style["size"],
        "title": None,
    }


def _vis_edge(edge: dict, number: int) -> dict:
    kinds = edge.get("kinds", [])
    label = " / ".join(kinds)
    color = next((EDGE_COLORS[k] for k in kinds if k in EDGE_COLORS), "#8c959f")
    return {
        "id": f"e{number}",
        "from": edge["from"],
        "to": edge["to"],
        "label": label,
        "kinds": kinds,
        "articles": edge.get("articles", []),
        "evidence": edge.get("evidence", []),
        "color": color,
        "arrows": "to",
    }


def render(view: View, *, standalone: bool, api: dict[str, str] | None = None) -> str:
    """The page. Standalone pages inline vis-network, the script and the style; served pages
    link them. Data goes in a JSON script block with `<` escaped, so no text from an article can
    close the block."""
    static = files("diplograph.web").joinpath("static")
    env = Environment(
        loader=FileSystemLoader(str(files("diplograph.web").joinpath("templates"))),
        autoescape=select_autoescape(["html"]),
    )
    data = {
        "nodes": view.nodes,
        "edges": view.edges,
        "articles": view.articles,
        "total": {"nodes": view.total_nodes, "edges": view.total_edges},
        "api": api,
    }
    inline = {}
    if standalone:
        inline = {
            name: Markup(static.joinpath(path).read_text("utf-8"))
            for name, path in (
                ("vis", "vendor/vis-network.min.js"),
                ("script", "view.js"),
                ("style", "view.css"),
            )
        }
    return env.get_template("view.html").render(data=Markup(_script_json(data)), inline=inline)


def _script_json(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
