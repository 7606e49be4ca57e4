"""Shape what Oxigraph answers into what the client asked for, within the row limit.

The front asks Oxigraph for line-based formats (TSV for solutions, N-Triples for graphs) so that
cutting at the row limit is a matter of counting lines; pyoxigraph then converts to the format
negotiated with the client.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .protocol import BOOLEAN_TYPES, GRAPH_TYPES, SOLUTION_TYPES, negotiate

BACKEND_ACCEPT = (
    "text/tab-separated-values, application/sparql-results+json;q=0.9, application/n-triples;q=0.8"
)
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


@dataclass
class Shaped:
    body: bytes
    media_type: str
    cut_at: int | None = None


def shape(body: bytes, backend_type: str, accept: str | None, max_rows: int) -> Shaped:
    media = backend_type.split(";")[0].strip()
    if media == "text/tab-separated-values" and body.strip() in {b"true", b"false"}:
        return _boolean(body, accept, ox.QueryResultsFormat.TSV)
    if media == "text/tab-separated-values":
        return _solutions(body, accept, max_rows)
    if media == "application/sparql-results+json":
        return _boolean(body, accept, ox.QueryResultsFormat.JSON)
    return _graph(body, accept, max_rows)


def _lines(body: bytes, keep_header: bool) -> tuple[list[bytes], list[bytes]]:
    lines = body.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return (lines[:1], lines[1:]) if keep_header else ([], lines)


def _solutions(body: bytes, accept: str | None, max_rows: int) -> Shaped:
    media, fmt = negotiate(accept, SOLUTION_TYPES, "application/sparql-results+json")
    header, rows = _lines(body, keep_header=True)
    cut_at = max_rows if len(rows) > max_rows else None
    if cut_at is not None:
        body = b"\n".join(header + rows[:max_rows]) + b"\n"
    # Always parsed: an engine that cancels a query says so inside a 200 answer.
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
    return Shaped(parsed.serialize(format=RESULT_FORMATS[fmt]), media, cut_at)


def _boolean(body: bytes, accept: str | None, given: ox.QueryResultsFormat) -> Shaped:
    media, fmt = negotiate(accept, BOOLEAN_TYPES, "application/sparql-results+json")
    parsed = ox.parse_query_results(body, format=given)
    return Shaped(parsed.serialize(format=RESULT_FORMATS[fmt]), media)


def _graph(body: bytes, accept: str | None, max_rows: int) -> Shaped:
    media, fmt = negotiate(accept, GRAPH_TYPES, "text/turtle")
    _, lines = _lines(body, keep_header=False)
    cut_at = max_rows if len(lines) > max_rows else None
    if cut_at is not None:
        body = b"\n".join(lines[:max_rows]) + b"\n"
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    return Shaped(ox.serialize(triples, format=RDF_FORMATS[fmt]), media, cut_at)
