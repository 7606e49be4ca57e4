"""The namespaces Diplograph writes, and how its resources are named.

One IRI per real-world thing: countries by ISO 3166 alpha-3 code, persons and organizations by a
slug of their name, relations by their sorted pair of codes. Article-bound things (events,
positions, sentences) hang under the article's IRI so that replacing an article replaces them.
"""

import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/diplograph/"
DG = Namespace(BASE + "ontology#")
AREA = Namespace(BASE + "area/")
PLOVER = Namespace(BASE + "plover/")
ID = Namespace(BASE + "id/")
ONTOLOGY_GRAPH = URIRef(BASE + "ontology")
# What every article says alike about a shared thing (a country's name and codes, a person's
# name, a post's role) lives once in this graph, not once per article: Oxigraph 0.5's union
# default graph repeats a triple for each graph that holds it.
ENTITY_GRAPH = URIRef(BASE + "entities")

ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")

PREFIXES: dict[str, Namespace] = {
    "dg": DG,
    "area": AREA,
    "plover": PLOVER,
    "id": ID,
    "org": ORG,
    "sem": SEM,
    "schema": SCHEMA,
    "wd": WD,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "prov": PROV,
    "skos": SKOS,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
}


def slug(text: str) -> str:
    """A lower-case ASCII slug, stable across articles for the same name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


def country_iri(iso3: str) -> URIRef:
    return ID[f"country/{iso3}"]


def person_iri(name: str) -> URIRef:
    return ID[f"person/{slug(name)}"]


def organization_iri(name: str) -> URIRef:
    return ID[f"organization/{slug(name)}"]


def relation_iri(party_a: str, party_b: str) -> URIRef:
    """Parties are ISO3 codes, or an international organization's name ("CHN-CUB",
    "KEN-european-union")."""
    first, second = sorted(
        p if re.fullmatch("[A-Z]{3}", p) else slug(p) for p in (party_a, party_b)
    )
    return ID[f"relation/{first}-{second}"]


def role_iri(role: str) -> URIRef:
    return ID[f"role/{slug(role)}"]
