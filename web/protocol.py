"""The SPARQL 1.1 Protocol's request rules: where the operation is, which dataset it names, which
answer format the client accepts, and which operations reach outside the machine.

See https://www.w3.org/TR/sparql11-protocol/. Errors are `ProtocolError`s carrying the HTTP status
they deserve (400 malformed, 415 wrong media type, 406 nothing acceptable, 403 refused).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
USING_PARAMS = ("using-graph-uri", "using-named-graph-uri")

SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
BOOLEAN_TYPES = {k: v for k, v in SOLUTION_TYPES.items() if v in {"json", "xml"}}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Operation:
    """One query or update, with the dataset parameters that came with it."""

    kind: str  # "query" or "update"
    text: str
    params: list[tuple[str, str]] = field(default_factory=list)


def parse_operation(
    method: str, url_query: str, content_type: str | None, body: bytes
) -> Operation | None:
    """The operation a request carries; None for a GET with neither (a service description)."""
    url_params = parse_qsl(url_query, keep_blank_values=True)
    if method in {"GET", "HEAD"}:
        if any(name == "update" for name, _ in url_params):
            raise ProtocolError(400, "SPARQL updates must be sent with POST, not GET")
        return _from_params(url_params, allowed=("query",))
    media = (content_type or "").split(";")[0].strip().lower()
    if media == FORM:
        form = parse_qsl(_decode(body), keep_blank_values=True)
        return _from_params(url_params + form, allowed=("query", "update"), required=True)
    if media in {QUERY_TYPE, UPDATE_TYPE}:
        kind = "query" if media == QUERY_TYPE else "update"
        if any(name in {"query", "update"} for name, _ in url_params):
            raise ProtocolError(400, f"a {media} request carries the operation in its body only")
        return _checked(Operation(kind, _decode(body), _dataset(url_params, kind)))
    if not media:
        raise ProtocolError(
            415,
            "POST needs a Content-Type: application/x-www-form-urlencoded, "
            "application/sparql-query or application/sparql-update",
        )
    raise ProtocolError(415, f"unsupported Content-Type {media!r} for /sparql")


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ProtocolError(400, f"the request body is not UTF-8 (byte {err.start})") from None


def _from_params(
    params: list[tuple[str, str]], allowed: tuple[str, ...], required: bool = False
) -> Operation | None:
    found = [(name, value) for name, value in params if name in {"query", "update"}]
    if not found:
        if required:
            raise ProtocolError(400, "the form carries neither a 'query' nor an 'update' parameter")
        return None
    if len(found) > 1:
        raise ProtocolError(400, "exactly one 'query' or 'update' parameter is allowed")
    kind, text = found[0]
    if kind not in allowed:
        raise ProtocolError(400, f"'{kind}' is not allowed here")
    return _checked(Operation(kind, text, _dataset(params, kind)))


def _dataset(params: list[tuple[str, str]], kind: str) -> list[tuple[str, str]]:
    names = DATASET_PARAMS if kind == "query" else USING_PARAMS
    return [(name, value) for name, value in params if name in names]


def _checked(operation: Operation) -> Operation:
    if not operation.text.strip():
        raise ProtocolError(400, f"the {operation.kind} is empty")
    return operation


_TOKEN = re.compile(
    r"""(?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<string>"{3}[\s\S]*?"{3}|'{3}[\s\S]*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<comment>[#][^\n]*)
      | (?P<tag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      | (?P<variable>[?$]\w+)
      | (?P<pname>(?:[A-Za-z_][\w.-]*)?:[\w.:%-]*)
      | (?P<word>[A-Za-z_]\w*)
      | (?P<other>\S)""",
    re.VERBOSE,
)


def keywords(text: str) -> set[str]:
    """The bare keywords of a SPARQL text, upper-cased, read left to right as SPARQL's lexer
    does: words inside IRIs, strings, comments, prefixed names, variables and language tags
    do not count."""
    return {m.group("word").upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"}


def reaches_outside(operation: Operation) -> str | None:
    """ "SERVICE" or "LOAD" when the operation would make this server fetch a URL."""
    words = keywords(operation.text)
    if "SERVICE" in words:
        return "SERVICE"
    if operation.kind == "update" and "LOAD" in words:
        return "LOAD"
    return None


def names_its_dataset(operation: Operation) -> bool:
    """Whether the request (graph parameters) or the query (FROM, FROM NAMED) names a dataset."""
    return bool(operation.params) or "FROM" in keywords(operation.text)


def negotiate(accept: str | None, offers: dict[str, str], default: str) -> tuple[str, str]:
    """The (media type, format) the client prefers among the offers (RFC 9110, 12.5.1).

    Each offer takes the q-value of the most specific Accept entry that matches it, so
    `text/csv;q=0` excludes CSV even under `text/*`; the highest q wins, ties go to the
    server's order with the default first. No Accept header gets the default; nothing
    acceptable raises 406.
    """
    if not accept or not accept.strip():
        return default, offers[default]
    entries = _accepted(accept)
    best, best_q = None, 0.0
    for offer in sorted(offers, key=lambda offer: offer != default):
        q = _quality(offer, entries)
        if q > best_q:
            best, best_q = offer, q
    if best is None:
        raise ProtocolError(
            406,
            f"none of the accepted types ({accept}) can carry this result; "
            f"available: {', '.join(sorted(set(offers)))}",
        )
    return best, offers[best]


def _accepted(accept: str) -> list[tuple[str, float]]:
    """(media range, q) pairs; a q that is not a number from 0 to 1 counts as 0."""
    entries = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in pieces[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
                q = q if math.isfinite(q) and 0.0 <= q <= 1.0 else 0.0
        if pieces[0]:
            entries.append((pieces[0].lower(), q))
    return entries


def _quality(offer: str, entries: list[tuple[str, float]]) -> float:
    """The q of the most specific entry matching the offer: exact, then type/*, then */*."""
    for pattern in (offer, offer.split("/")[0] + "/*", "*/*"):
        matching = [q for media, q in entries if media == pattern]
        if matching:
            return max(matching)
    return 0.0
