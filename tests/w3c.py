"""Runner for the W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description tests.

The suites are read from the manifests in a folder laid out like ``/work/shared/w3c``
(``protocol/``, ``graph-store-protocol/``, ``service-description/``). Each test is replayed over
HTTP against a :class:`Target`; :func:`run` returns a :class:`Result` saying whether the server
behaved as the manifest expects, and if not, what came back.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import httpx
import pyoxigraph
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef, plugin
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.parser import Parser
from rdflib.plugin import PluginException
from rdflib.query import Result as QueryResult
from rdflib.term import Node

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

SUITES = ("protocol", "graph-store-protocol", "service-description")

# Manifest path prefixes, rewritten to the target's paths.
SPARQL_PREFIX = "/sparql/"
GSP_PREFIX = "/gsp"

# Parameters only the update operation takes.
UPDATE_PARAMS = {"update", "using-graph-uri", "using-named-graph-uri"}

# Named status codes used by the manifests (status classes are hts:StatusCode2xx etc.).
STATUS_CODES = {HTS.OK: 200, HTS.Created: 201, HTS.NoContent: 204, HTS.NotFound: 404}

RESULTS_FORMATS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}

SD_ACCEPT = (
    "text/turtle, application/rdf+xml;q=0.9, application/n-triples;q=0.9, "
    "application/ld+json;q=0.8, application/n-quads;q=0.8, application/trig;q=0.8"
)
SD_LANGUAGES = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
# sd:Service properties whose values are resources, never literals.
SD_RESOURCE_PROPERTIES = (
    SD.endpoint,
    SD.supportedLanguage,
    SD.feature,
    SD.resultFormat,
    SD.inputFormat,
    SD.defaultDataset,
    SD.availableGraphs,
    SD.defaultEntailmentRegime,
    SD.defaultSupportedEntailmentProfile,
    SD.extensionFunction,
    SD.extensionAggregate,
    SD.languageExtension,
    SD.propertyFeature,
)


@dataclass(frozen=True)
class Target:
    """The server under test: where queries, updates and Graph Store requests go."""

    base_url: str
    query_path: str
    update_path: str
    store_path: str
    headers: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        """Absolute URL of a path on the server."""
        return self.base_url.rstrip("/") + path


@dataclass(frozen=True)
class Expected:
    """What a response must look like."""

    statuses: frozenset[URIRef]
    format: str | None = None
    boolean: bool | None = None
    location_variable: str | None = None
    content_type: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class Request:
    """One HTTP request of a test, as the manifest gives it."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    expected: Expected

    def header(self, name: str) -> str | None:
        """Value of a request header, if given."""
        return next((v for k, v in self.headers if k.lower() == name), None)


@dataclass(frozen=True)
class Case:
    """One W3C test."""

    id: str
    name: str
    suite: str
    requires: frozenset[str] = frozenset()
    requests: tuple[Request, ...] = ()
    graph_data: tuple[tuple[Path, str | None], ...] = ()  # file, graph IRI (None: default)


@dataclass(frozen=True)
class Result:
    """Outcome of running a case."""

    passed: bool
    detail: str


class Failure(Exception):
    """A check failed; the message says why."""


def cases(folder: Path) -> list[Case]:
    """All test cases of the three suites under ``folder``, in manifest order."""
    found = [
        case for suite in SUITES for case in _load_manifest(folder / suite / "manifest.ttl", suite)
    ]
    ids = [case.id for case in found]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate test ids: {sorted(duplicates)}")
    return found


def run(case: Case, target: Target) -> Result:
    """Run one case against a server."""
    with httpx.Client(timeout=30, follow_redirects=False) as client:
        del client.headers["accept"]  # send Accept only where the manifest does
        try:
            if case.suite == "service-description":
                _run_service_description(case, target, client)
            else:
                _reset(case, target, client)
                _run_requests(case, target, client)
        except Failure as failure:
            return Result(False, str(failure))
        except httpx.HTTPError as error:
            return Result(False, f"HTTP error: {error!r}")
    return Result(True, "ok")


# Manifest loading


def _load_manifest(path: Path, suite: str) -> Iterator[Case]:
    graph = Graph().parse(path, format="turtle")
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for include in _list(graph, graph.value(manifest, MF.include)):
            yield from _load_manifest(path.parent / Path(urlsplit(str(include)).path).name, suite)
        for test in _list(graph, graph.value(manifest, MF.entries)):
            yield _case(graph, test, path.parent, suite)


def _case(graph: Graph, test: Node, folder: Path, suite: str) -> Case:
    action = graph.value(test, MF.action)
    requests = _list(graph, graph.value(action, HT.requests)) if action is not None else []
    graph_data = [
        (
            folder / Path(urlsplit(str(graph.value(data, UT.graph))).path).name,
            _optional_str(graph.value(data, RDFS.label)),
        )
        for data in graph.objects(test, UT.graphData)
    ]
    return Case(
        id=str(test).rsplit("#", 1)[-1],
        name=str(graph.value(test, MF.name)),
        suite=suite,
        requires=frozenset(str(r).rsplit("#", 1)[-1] for r in graph.objects(test, MF.requires)),
        requests=tuple(_request(graph, r) for r in requests),
        graph_data=tuple(sorted(graph_data, key=lambda data: data[0])),
    )


def _request(graph: Graph, node: Node) -> Request:
    response = graph.value(node, HT.resp)
    if response is None:
        raise ValueError(f"request {node} has no ht:resp")
    expected_headers = dict(_headers(graph, response))
    expected_body = graph.value(graph.value(response, HT.body), CNT.chars)
    boolean = graph.value(response, MF.expectedBoolean)
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=tuple(_headers(graph, node)),
        body=_body(graph, graph.value(node, HT.body)),
        expected=Expected(
            statuses=frozenset(graph.objects(response, MF.expectedStatus)),
            format=_optional_str(graph.value(response, MF.expectedFormat)),
            boolean=None if boolean is None else bool(boolean.toPython()),
            location_variable=_optional_str(graph.value(response, MF.expectedLocation)),
            content_type=expected_headers.get("content-type"),
            body=_optional_str(expected_body),
        ),
    )


def _headers(graph: Graph, node: Node) -> list[tuple[str, str]]:
    return [
        (str(graph.value(h, HT.fieldName)).lower(), str(graph.value(h, HT.fieldValue)))
        for h in _list(graph, graph.value(node, HT.headers))
    ]


def _body(graph: Graph, node: Node | None) -> bytes | None:
    if node is None:
        return None
    encoding = graph.value(node, CNT.characterEncoding) or "UTF-8"
    return str(graph.value(node, CNT.chars)).encode(str(encoding))


def _list(graph: Graph, head: Node | None) -> list[Node]:
    return [] if head is None else list(Collection(graph, head))


def _optional_str(node: Node | None) -> str | None:
    return None if node is None else str(node)


# Running HTTP tests


def _reset(case: Case, target: Target, client: httpx.Client) -> None:
    """Empty the store, then load the graphs the case needs."""
    response = client.post(
        target.url(target.update_path),
        content=b"DROP ALL",
        headers={"content-type": "application/sparql-update", **target.headers},
    )
    _check_status(response, frozenset({HTS.StatusCode2xx}), "reset (DROP ALL)")
    for path, graph_iri in case.graph_data:
        graph = "default" if graph_iri is None else f"graph={quote(graph_iri, safe='')}"
        response = client.put(
            target.url(f"{target.store_path}?{graph}"),
            content=path.read_bytes(),
            headers={"content-type": "application/n-triples", **target.headers},
        )
        _check_status(response, frozenset({HTS.StatusCode2xx}), f"loading {path.name}")


def _run_requests(case: Case, target: Target, client: httpx.Client) -> None:
    variables: dict[str, str] = {}
    for number, request in enumerate(case.requests, 1):
        path, body = request.path, request.body
        for name, value in variables.items():
            path = path.replace(name, quote(value, safe=""))
            if body is not None:
                body = body.replace(name.encode(), value.encode())
        url = target.url(_rewrite(path, request, case, target))
        response = client.request(
            request.method,
            url,
            content=body,
            headers=[*request.headers, *target.headers.items()],
        )
        where = f"request {number} ({request.method} {url})"
        _check_response(response, request.expected, where)
        if request.expected.location_variable:
            location = response.headers.get("location")
            if not location:
                raise Failure(f"{where}: no Location header\n{_describe(response)}")
            variables[request.expected.location_variable] = urljoin(url, location)


def _rewrite(path: str, request: Request, case: Case, target: Target) -> str:
    """Replace the manifest's path prefix with the target's endpoint path."""
    if path.startswith(SPARQL_PREFIX):
        endpoint = target.update_path if _is_update(request, case) else target.query_path
        return endpoint + path.removeprefix(SPARQL_PREFIX)
    if path.startswith(GSP_PREFIX):
        return target.store_path + path.removeprefix(GSP_PREFIX)
    raise ValueError(f"{case.id}: unexpected path {path}")


def _is_update(request: Request, case: Case) -> bool:
    """Whether a protocol request is meant for the update endpoint.

    The request says so by its media type or parameters; requests that deliberately say
    neither (wrong or missing media type) are updates when the test is about updates.
    """
    content_type = request.header("content-type") or ""
    body = (request.body or b"").decode("latin-1")
    params = parse_qs(urlsplit(request.path).query) | parse_qs(body)
    if "application/sparql-update" in content_type or params.keys() & UPDATE_PARAMS:
        return True
    if "application/sparql-query" in content_type or "query" in params:
        return False
    return "update" in case.id


# Checks


def _check_response(response: httpx.Response, expected: Expected, where: str) -> None:
    _check_status(response, expected.statuses, where)
    if not response.is_success:
        return
    content_type = response.headers.get("content-type", "")
    try:
        if expected.format == "boolean":
            answer = _boolean(response.content, content_type)
            if expected.boolean is not None and answer != expected.boolean:
                raise Failure(f"expected {expected.boolean}, got {answer}")
        elif expected.format == "tabular":
            _tabular(response.content, content_type)
        elif expected.format == "RDF":
            _parse_rdf(response.content, content_type, str(response.url))
        if expected.content_type is not None:
            _check_media_type(content_type, expected.content_type)
        if expected.body is not None:
            _check_graph(response, expected)
    except Failure as failure:
        raise Failure(f"{where}: {failure}\n{_describe(response)}") from None


def _check_status(response: httpx.Response, statuses: frozenset[URIRef], where: str) -> None:
    code = response.status_code
    for status in statuses:
        name = str(status).removeprefix(str(HTS))
        if name.startswith("StatusCode") and name.endswith("xx"):
            if str(code // 100) == name.removeprefix("StatusCode")[0]:
                return
        elif STATUS_CODES.get(status) == code:
            return
    wanted = ", ".join(sorted(str(s).removeprefix(str(HTS)) for s in statuses))
    raise Failure(f"{where}: expected status {wanted}, got {code}\n{_describe(response)}")


def _boolean(body: bytes, content_type: str) -> bool:
    """The boolean of a SPARQL ASK result in JSON or XML."""
    result = _query_result(body, content_type)
    if result.type != "ASK":
        raise Failure(f"expected a boolean result, got {result.type} results")
    return bool(result.askAnswer)


def _tabular(body: bytes, content_type: str) -> None:
    """Check a body is SPARQL SELECT results in JSON, XML, CSV or TSV."""
    result = _query_result(body, content_type)
    if result.type != "SELECT":
        raise Failure(f"expected tabular results, got {result.type} results")


def _query_result(body: bytes, content_type: str) -> QueryResult:
    results_format = RESULTS_FORMATS.get(_media_type(content_type))
    if results_format is None:
        raise Failure(f"not a SPARQL results media type: {content_type!r}")
    try:
        return QueryResult.parse(io.BytesIO(body), format=results_format)
    except Exception as error:
        raise Failure(f"unparsable {results_format} results: {error}") from None


def _parse_rdf(body: bytes, content_type: str, base: str) -> Graph:
    """Parse RDF into one graph (graph names dropped).

    rdflib parses triple syntaxes; pyoxigraph parses quad syntaxes (rdflib only has deprecated
    APIs for them) and anything rdflib cannot.
    """
    media_type = _media_type(content_type)
    rdf_format = pyoxigraph.RdfFormat.from_media_type(media_type)
    try:
        if rdf_format is None or (not rdf_format.supports_datasets and _rdflib_parses(media_type)):
            return Graph().parse(data=body, format=media_type, publicID=base)
        quads = pyoxigraph.parse(body, format=rdf_format, base_iri=base)
        ntriples = pyoxigraph.serialize(
            (quad.triple for quad in quads), format=pyoxigraph.RdfFormat.N_TRIPLES
        )
        return Graph().parse(data=ntriples, format="nt")
    except PluginException:
        raise Failure(f"not an RDF media type: {content_type!r}") from None
    except Exception as error:
        raise Failure(f"unparsable {media_type}: {error}") from None


def _rdflib_parses(media_type: str) -> bool:
    try:
        plugin.get(media_type, Parser)
    except PluginException:
        return False
    return True


def _check_media_type(actual: str, expected: str) -> None:
    """Media types must match; a charset, when the response gives one, must match too."""
    if _media_type(actual) != _media_type(expected):
        raise Failure(f"expected content-type {expected!r}, got {actual!r}")
    charset, wanted = _charset(actual), _charset(expected)
    if charset and wanted and charset != wanted:
        raise Failure(f"expected content-type {expected!r}, got {actual!r}")


def _check_graph(response: httpx.Response, expected: Expected) -> None:
    base = str(response.url)
    actual = _parse_rdf(response.content, response.headers.get("content-type", ""), base)
    wanted = _parse_rdf(
        (expected.body or "").encode(), expected.content_type or "text/turtle", base
    )
    if not isomorphic(actual, wanted):
        raise Failure(
            f"graph differs from the expected one ({len(actual)} triples, expected {len(wanted)})"
        )


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _describe(response: httpx.Response) -> str:
    content_type = response.headers.get("content-type", "(none)")
    return (
        f"status {response.status_code}, content-type {content_type}, "
        f"body {response.content[:300]!r}"
    )


# Service description


def _run_service_description(case: Case, target: Target, client: httpx.Client) -> None:
    endpoint = target.url(target.query_path)
    response = client.get(endpoint, headers={"accept": SD_ACCEPT, **target.headers})
    where = f"GET {endpoint}"
    _check_status(response, frozenset({HTS.StatusCode2xx}), where)
    try:
        graph = _parse_rdf(response.content, response.headers.get("content-type", ""), endpoint)
        if case.id == "has-endpoint-triple":
            if (None, SD.endpoint, URIRef(endpoint)) not in graph:
                endpoints = sorted(str(o) for o in graph.objects(None, SD.endpoint))
                raise Failure(f"no sd:endpoint <{endpoint}>; sd:endpoint values: {endpoints}")
        elif case.id == "conforms-to-schema":
            _check_sd_schema(graph)
        elif case.id != "returns-rdf":
            raise ValueError(f"unknown service description test {case.id}")
    except Failure as failure:
        raise Failure(f"{where}: {failure}\n{_describe(response)}") from None


def _check_sd_schema(graph: Graph) -> None:
    """An sd:Service with an endpoint, a known language, and resources where resources go."""
    services = list(graph.subjects(RDF.type, SD.Service))
    if not services:
        raise Failure("no resource of type sd:Service")
    for service in services:
        if not any(isinstance(e, URIRef) for e in graph.objects(service, SD.endpoint)):
            raise Failure(f"sd:Service {service.n3()} has no sd:endpoint IRI")
        languages = set(graph.objects(service, SD.supportedLanguage))
        if not languages:
            raise Failure(f"sd:Service {service.n3()} has no sd:supportedLanguage")
        if languages - SD_LANGUAGES:
            raise Failure(f"unknown sd:supportedLanguage {sorted(languages - SD_LANGUAGES)}")
        for prop in SD_RESOURCE_PROPERTIES:
            for value in graph.objects(service, prop):
                if isinstance(value, Literal):
                    raise Failure(f"{prop.n3(graph.namespace_manager)} has literal {value!r}")
