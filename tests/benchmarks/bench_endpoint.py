"""Endpoint benchmark: Diplograph vs rdflib-endpoint vs `oxigraph serve`.

Same data, same queries, same machine, one run. The data is the sample article, ingested once
with the real `diplograph` command, exported as N-Quads and replicated (seeded) into many article
graphs with other country pairs, persons, dates and article IRIs, until it holds at least
`--triples` quads; the ontology graph is kept once. Each server answers the same SPARQL over the
union of all graphs: Diplograph (`diplograph serve`, its front plus its Oxigraph engine child),
`oxigraph serve --union-default-graph` on its own copy of the store, and rdflib-endpoint on an
rdflib `Dataset(default_union=True)`.

For every server and query: two warm-ups, the median latency of sequential requests from one
client, and the throughput (completed requests per second, the tail of requests in flight at the
deadline included) with 1 and 8 concurrent clients over a fixed window. Slow servers get a time
budget per query (fewer latency runs; at 8 clients at least one request per client). Requests
are POST application/sparql-query with Accept application/sparql-results+json, on keep-alive
connections (httpx).

    python tests/benchmarks/bench_endpoint.py [--triples 100000] [--seconds 5] [--out FILE.md]

Ratios: "rdflib/dg" is how many times faster Diplograph is than rdflib-endpoint (goal >= 20);
"dg/ox" is how many times slower Diplograph is than `oxigraph serve` (goal <= 1.5).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib.metadata
import json
import math
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
SAMPLE = ROOT / "graph" / "samples" / "cuba-china-61-years.txt"
SAMPLE_PUBLISHED = "2021-09-28"

ID = "https://w3id.org/diplograph/id/"
DG = "https://w3id.org/diplograph/ontology#"
WIKIDATA = "http://www.wikidata.org/entity/"
ONTOLOGY_GRAPH = "https://w3id.org/diplograph/ontology"
ENTITY_GRAPH = "https://w3id.org/diplograph/entities"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

# The two countries of the sample article, by role: A (Cuba) and B (China). The third country
# it names (USA) stays as it is in every copy, so USA is never drawn for A or B.
SAMPLE_A, SAMPLE_B, THIRD = "CUB", "CHN", "USA"
SAMPLE_PERSON = "Carlos Miguel Pereira"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


COUNTRY_POOL = _words(
    "CUB CHN RUS IND KEN BRA ZAF MEX ARG EGY NGA VNM IDN TUR IRN PAK ETH VEN FRA DEU JPN GBR "
    "ITA ESP CAN AUS KOR SAU ARE QAT DZA MAR AGO GHA SEN TZA BOL COL PER CHL URY NIC SRB BLR "
    "KAZ UZB MNG LAO KHM THA MYS PHL"
)
FIRST_NAMES = _words(
    "Ana Carlos Li Wei Amina Ivan Priya Joao Fatima Kwame Elena Ahmed Mei Lucia Omar Sergei "
    "Aisha Diego Nadia Hiroshi"
)
LAST_NAMES = _words(
    "Pereira Zhang Odhiambo Petrov Sharma Silva Haddad Nguyen Mensah Rossi Garcia Tanaka Okafor "
    "Ivanova Moreno Chen Diallo Kumar Lopez Suzuki"
)

ANALYTIC_EVENTS_PER_PAIR = """\
# Events per country pair and PLOVER type: how many events, in how many articles.
PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?isoA ?isoB ?type (COUNT(DISTINCT ?event) AS ?events)
       (COUNT(DISTINCT ?article) AS ?articles)
WHERE {
  ?event a dg:Event ;
         dg:aboutRelation ?relation ;
         dg:eventType/skos:notation ?type ;
         prov:wasDerivedFrom ?article .
  ?relation dg:party ?a, ?b .
  ?a dg:iso3 ?isoA .
  ?b dg:iso3 ?isoB .
  FILTER (?isoA < ?isoB)
}
GROUP BY ?isoA ?isoB ?type
ORDER BY DESC(?events) ?isoA ?isoB ?type
"""
CONTRACT = (
    "countries",
    "relations",
    "persons",
    "organizations",
    "cooperation-areas",
    "events",
    "positions",
    "trade",
)
ANALYTIC = ("timeline", "areas-by-relation")
SERVERS = ("diplograph", "oxigraph", "rdflib")
QUERY_TYPE = "application/sparql-query"
RESULTS_JSON = "application/sparql-results+json"
READY_SECONDS = 300.0


def load_queries() -> dict[str, str]:
    queries = {name: (QUERIES / f"{name}.rq").read_text("utf-8") for name in CONTRACT + ANALYTIC}
    queries["events-per-pair"] = ANALYTIC_EVENTS_PER_PAIR
    return queries


# -- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryInfo:
    iso3: str
    iso2: str
    name: str
    qid: str


def country_table() -> dict[str, CountryInfo]:
    """ISO codes, English names and Wikidata ids from Diplograph's own gazetteer."""
    from diplograph.graph.ingest.gazetteer import countries

    table = countries()
    found = {}
    for iso3 in {*COUNTRY_POOL, SAMPLE_A, SAMPLE_B}:
        country = table[iso3]
        found[iso3] = CountryInfo(iso3, country.iso2, country.name, country.qid or "")
    return found


def diplograph_command() -> str:
    beside = Path(sys.executable).parent / "diplograph"
    found = str(beside) if beside.exists() else shutil.which("diplograph")
    if not found:
        raise SystemExit("the 'diplograph' command is missing: pip install -e '.[bench]'")
    return found


def oxigraph_command() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise SystemExit("the 'oxigraph' command is missing: pip install oxigraph")
    return found


def export_sample(work: Path) -> Path:
    """Ingest the sample article with the real CLI and export the store as N-Quads."""
    store = work / "sample-store"
    target = work / "sample.nq"
    cli = diplograph_command()
    ingest = [cli, "ingest", str(SAMPLE), "--store", str(store), "--published", SAMPLE_PUBLISHED]
    subprocess.run(ingest, check=True, capture_output=True)
    export = [cli, "export", "--format", "nquads", "--store", str(store), "-o", str(target)]
    subprocess.run(export, check=True, capture_output=True)
    return target


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _random_date(rng: random.Random, first: date, last: date) -> str:
    return (first + timedelta(days=rng.randrange((last - first).days + 1))).isoformat()


@dataclass
class Copy:
    """How one replica of the article graph differs from the sample."""

    article: str
    a: CountryInfo
    b: CountryInfo
    person: str
    published: str
    established: str


class Replicator:
    """Rewrites the sample article graph into consistent copies about other countries."""

    def __init__(self, article_graph: str, quads: list[ox.Quad], seed: int) -> None:
        self.sample_article = article_graph
        self.quads = quads
        self.seed = seed
        self.countries = country_table()
        self.rng = random.Random(seed)
        self.established_orig = self._established_date()

    def _established_date(self) -> str:
        for quad in self.quads:
            if quad.predicate.value == DG + "established":
                return quad.object.value
        raise SystemExit("the sample article has no dg:established date")

    def draw(self, index: int) -> Copy:
        iso_a, iso_b = self.rng.sample([c for c in COUNTRY_POOL if c != THIRD], 2)
        person = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        key = hashlib.sha256(f"{self.seed}/{index}".encode()).hexdigest()[:16]
        pair = "-".join(sorted((iso_a, iso_b)))
        # One establishment date per pair, whichever article states it.
        pair_rng = random.Random(f"{self.seed}/{pair}")
        return Copy(
            article=f"{ID}article/{key}",
            a=self.countries[iso_a],
            b=self.countries[iso_b],
            person=person,
            published=_random_date(self.rng, date(2015, 1, 1), date(2025, 12, 31)),
            established=_random_date(pair_rng, date(1945, 1, 1), date(2000, 12, 31)),
        )

    def rewrite(self, copy: Copy) -> Iterable[ox.Quad]:
        sample_a, sample_b = self.countries[SAMPLE_A], self.countries[SAMPLE_B]
        first, second = sorted((copy.a, copy.b), key=lambda c: c.iso3)
        relation = f"{ID}relation/{first.iso3}-{second.iso3}"
        iris = {
            f"{ID}country/{SAMPLE_A}": f"{ID}country/{copy.a.iso3}",
            f"{ID}country/{SAMPLE_B}": f"{ID}country/{copy.b.iso3}",
            f"{ID}relation/{SAMPLE_B}-{SAMPLE_A}": relation,
            f"{ID}post/ambassador-{SAMPLE_A.lower()}-{SAMPLE_B.lower()}": (
                f"{ID}post/ambassador-{copy.a.iso3.lower()}-{copy.b.iso3.lower()}"
            ),
            f"{ID}person/{_slug(SAMPLE_PERSON)}": f"{ID}person/{_slug(copy.person)}",
            WIKIDATA + sample_a.qid: WIKIDATA + copy.a.qid,
            WIKIDATA + sample_b.qid: WIKIDATA + copy.b.qid,
        }
        words = {
            SAMPLE_A: copy.a.iso3,
            SAMPLE_B: copy.b.iso3,
            sample_a.name: copy.a.name,
            sample_b.name: copy.b.name,
            SAMPLE_PERSON: copy.person,
        }
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")
        iso2 = {sample_a.iso2: copy.a.iso2, sample_b.iso2: copy.b.iso2}
        dates = {SAMPLE_PUBLISHED: copy.published, self.established_orig: copy.established}
        relation_label = f"{first.name}–{second.name} relations"

        def node(term: ox.NamedNode) -> ox.NamedNode:
            value = term.value
            if value.startswith(self.sample_article):
                return ox.NamedNode(copy.article + value[len(self.sample_article) :])
            return ox.NamedNode(iris.get(value, value))

        def literal(term: ox.Literal, predicate: str) -> ox.Literal:
            value = term.value
            if term.datatype.value == XSD_DATE:
                return ox.Literal(dates.get(value, value), datatype=term.datatype)
            if predicate == DG + "iso2":
                return ox.Literal(iso2.get(value, value), datatype=term.datatype)
            text = pattern.sub(lambda match: words[match.group(1)], value)
            if term.language:
                return ox.Literal(text, language=term.language)
            return ox.Literal(text, datatype=term.datatype)

        article = ox.NamedNode(copy.article)
        for quad in self.quads:
            # Shared descriptions stay in the entity graph, as Diplograph writes them.
            graph = quad.graph_name if quad.graph_name.value == ENTITY_GRAPH else article
            subject = quad.subject
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(f"{ID}organization/"):
                # Outlets and organizations are shared across articles: keep them as they are.
                yield ox.Quad(subject, quad.predicate, quad.object, graph)
                continue
            new_subject = node(subject) if isinstance(subject, ox.NamedNode) else subject
            obj = quad.object
            if isinstance(obj, ox.NamedNode):
                new_object: ox.NamedNode | ox.Literal | ox.BlankNode = node(obj)
            elif isinstance(obj, ox.Literal):
                if new_subject.value == relation and quad.predicate.value == RDFS_LABEL:
                    new_object = ox.Literal(relation_label, language=obj.language)
                else:
                    new_object = literal(obj, quad.predicate.value)
            else:
                new_object = obj
            yield ox.Quad(new_subject, quad.predicate, new_object, graph)


def generate_dataset(work: Path, triples: int, seed: int) -> tuple[Path, int, int, int]:
    """Write the replicated dataset as N-Quads; return (path, quads, distinct triples, article
    graphs). Each copy's own facts go to its article graph; the descriptions of the countries,
    persons and posts it names go to the entity graph, once, as Diplograph writes them."""
    sample = export_sample(work)
    quads = list(ox.parse(path=str(sample), format=ox.RdfFormat.N_QUADS))
    ontology = [q for q in quads if q.graph_name == ox.NamedNode(ONTOLOGY_GRAPH)]
    articles = {q.graph_name.value for q in quads} - {ONTOLOGY_GRAPH, ENTITY_GRAPH}
    if len(articles) != 1:
        raise SystemExit(f"expected one article graph in the sample, found {len(articles)}")
    (article,) = articles
    article_quads = [q for q in quads if q.graph_name.value in (article, ENTITY_GRAPH)]
    replicator = Replicator(article, article_quads, seed)
    dataset: set[ox.Quad] = set(ontology)
    seen = {quad.triple for quad in ontology}
    copies = 0
    while len(dataset) < triples:
        for quad in replicator.rewrite(replicator.draw(copies)):
            dataset.add(quad)
            seen.add(quad.triple)
        copies += 1
    target = work / "dataset.nq"
    ordered = sorted(dataset, key=str)
    ox.serialize(ordered, output=str(target), format=ox.RdfFormat.N_QUADS)
    return target, len(dataset), len(seen), copies


def load_oxigraph_store(data: Path, location: Path) -> None:
    store = ox.Store(str(location))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    del store  # releases the on-disk lock before a server opens the directory


# -- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A server process we started; restarted after a failed request, to stop its work."""

    name: str
    url: str
    command: list[str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    ready_s: float = 0.0
    restarts: int = 0

    def start(self) -> None:
        started = time.monotonic()
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(self.command, stdout=sink, stderr=subprocess.STDOUT)
        while time.monotonic() - started < READY_SECONDS:
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-1000:]
                raise SystemExit(f"{self.name} exited: {tail}")
            try:
                answer = httpx.post(
                    self.url,
                    content=b"ASK {}",
                    headers={"Content-Type": QUERY_TYPE, "Accept": RESULTS_JSON},
                    timeout=5,
                )
                if answer.status_code == 200:
                    self.ready_s = time.monotonic() - started
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"{self.name} did not answer within {READY_SECONDS:.0f} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()
        self.restarts += 1


def serve_rdflib(data: Path, port: int) -> None:
    """Child process: rdflib-endpoint over the N-Quads, default graph = union of all graphs."""
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    dataset = Dataset(default_union=True)
    dataset.parse(str(data), format="nquads")
    app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=port, access_log=False, log_level="warning")


def start_servers(work: Path, data: Path) -> dict[str, Server]:
    dg_store, ox_store = work / "diplograph-store", work / "oxigraph-store"
    load_oxigraph_store(data, dg_store)
    load_oxigraph_store(data, ox_store)
    dg_port, ox_port, rdf_port = free_port(), free_port(), free_port()
    servers = {
        "diplograph": Server(
            "diplograph",
            f"http://127.0.0.1:{dg_port}/sparql",
            [diplograph_command(), "serve", "--store", str(dg_store), "--port", str(dg_port)],
            work / "diplograph.log",
        ),
        "oxigraph": Server(
            "oxigraph",
            f"http://127.0.0.1:{ox_port}/query",
            [
                oxigraph_command(),
                "serve",
                "--location",
                str(ox_store),
                "--bind",
                f"127.0.0.1:{ox_port}",
                "--union-default-graph",
            ],
            work / "oxigraph.log",
        ),
        "rdflib": Server(
            "rdflib",
            f"http://127.0.0.1:{rdf_port}/sparql",
            [sys.executable, __file__, "--serve-rdflib", str(data), "--port", str(rdf_port)],
            work / "rdflib.log",
        ),
    }
    try:
        for server in servers.values():
            server.start()
    except BaseException:
        for server in servers.values():
            server.stop()
        raise
    return servers


# -- measurement --------------------------------------------------------------------------------


@dataclass
class Throughput:
    requests: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Measurement:
    rows: int | None = None
    latencies: list[float] = field(default_factory=list)
    throughput: dict[int, Throughput] = field(default_factory=dict)
    error: str | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else math.nan


@dataclass
class Settings:
    seconds: float
    runs: int
    warmups: int
    budget: float
    concurrency: tuple[int, ...]
    request_timeout: float
    max_bytes: int


class QueryFailed(RuntimeError):
    pass


async def _fetch(client: httpx.AsyncClient, url: str, query: str, max_bytes: int) -> bytes:
    headers = {"Content-Type": QUERY_TYPE, "Accept": RESULTS_JSON}
    async with client.stream("POST", url, content=query.encode(), headers=headers) as answer:
        chunks, size = [], 0
        async for chunk in answer.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise QueryFailed(f"answer larger than {max_bytes / 2**20:.0f} MiB")
            chunks.append(chunk)
    body = b"".join(chunks)
    if answer.status_code != 200:
        message = body[:160].decode(errors="replace").strip()
        raise QueryFailed(f"HTTP {answer.status_code}: {message}")
    return body


async def ask(client: httpx.AsyncClient, url: str, query: str, settings: Settings) -> bytes:
    """One query; a failure (HTTP error, answer too large, no answer in time) raises."""
    try:
        return await asyncio.wait_for(
            _fetch(client, url, query, settings.max_bytes), settings.request_timeout
        )
    except TimeoutError:
        raise QueryFailed(f"no answer within {settings.request_timeout:g} s") from None
    except httpx.HTTPError as error:
        raise QueryFailed(f"{type(error).__name__}: {error}") from None


def row_count(body: bytes) -> int:
    try:
        return len(json.loads(body)["results"]["bindings"])
    except (ValueError, KeyError, TypeError) as error:
        raise QueryFailed(f"not SPARQL JSON results: {error}") from None


async def sequential(
    client: httpx.AsyncClient, url: str, query: str, settings: Settings
) -> list[float]:
    """Latency runs: at most `runs`, stopped early once the budget is spent (one at least)."""
    latencies: list[float] = []
    begun = time.perf_counter()
    while len(latencies) < settings.runs and (
        not latencies or time.perf_counter() - begun < settings.budget
    ):
        started = time.perf_counter()
        await ask(client, url, query, settings)
        latencies.append(time.perf_counter() - started)
    return latencies


async def concurrent(
    client: httpx.AsyncClient, url: str, query: str, clients: int, window: float, settings: Settings
) -> Throughput:
    """Each client sends requests back to back until the deadline; requests in flight then
    are awaited and counted, and the elapsed time runs until the last one ends."""
    done = 0
    begun = time.perf_counter()
    deadline = begun + window

    async def one_client() -> None:
        nonlocal done
        while True:
            await ask(client, url, query, settings)
            done += 1
            if time.perf_counter() >= deadline:
                return

    await asyncio.gather(*(one_client() for _ in range(clients)))
    return Throughput(done, time.perf_counter() - begun)


def new_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
        timeout=httpx.Timeout(None, connect=10.0),
    )


async def check_rows(
    servers: dict[str, Server], queries: dict[str, str], settings: Settings
) -> dict[str, dict[str, Measurement]]:
    """Every server's row count per query (or its failure), before any timing. A server that
    failed a request is restarted, so that it stops working on it."""
    results: dict[str, dict[str, Measurement]] = {name: {} for name in servers}
    for server in servers.values():
        for name, query in queries.items():
            async with new_client() as client:  # a fresh connection after any failure
                try:
                    rows = row_count(await ask(client, server.url, query, settings))
                    results[server.name][name] = Measurement(rows)
                except QueryFailed as error:
                    results[server.name][name] = Measurement(error=str(error))
                    await asyncio.to_thread(server.restart)
    return results


async def measure_server(
    server: Server,
    queries: dict[str, str],
    results: dict[str, Measurement],
    settings: Settings,
    say: Callable[[str], None],
) -> None:
    """Time the queries the server answered in the row check; fill in `results`."""
    async with new_client() as client:
        for name, query in queries.items():
            result = results[name]
            if result.error:
                say(f"  {server.name:10} {name:18} skipped: {result.error}")
                continue
            began = time.perf_counter()
            try:
                first = time.perf_counter()
                await ask(client, server.url, query, settings)
                slow = time.perf_counter() - first > settings.budget / 10
                for _ in range(0 if slow else settings.warmups - 1):
                    await ask(client, server.url, query, settings)
                result.latencies = await sequential(client, server.url, query, settings)
                # A slow server gets a window no longer than half its budget; each client
                # still completes at least one request.
                window = min(settings.seconds, settings.budget / 2) if slow else settings.seconds
                for clients in settings.concurrency:
                    result.throughput[clients] = await concurrent(
                        client, server.url, query, clients, window, settings
                    )
            except QueryFailed as error:
                result.error = f"while timing: {error}"
                await asyncio.to_thread(server.restart)
            rates = " ".join(
                f"{c}c={t.per_second:.1f}/s" for c, t in sorted(result.throughput.items())
            )
            say(
                f"  {server.name:10} {name:18} rows={result.rows} "
                f"median={result.median_ms:.1f} ms (n={len(result.latencies)}) {rates} "
                f"[{time.perf_counter() - began:.0f} s]"
                + (f" FAILED {result.error}" if result.error else "")
            )


# -- report -------------------------------------------------------------------------------------


def geomean(values: Iterable[float]) -> float:
    kept = [v for v in values if v > 0 and math.isfinite(v)]
    return math.exp(sum(map(math.log, kept)) / len(kept)) if kept else math.nan


def fmt(value: float, digits: int = 1) -> str:
    return "n/a" if not math.isfinite(value) else f"{value:,.{digits}f}"


def ratio(numerator: float, denominator: float) -> float:
    if not (math.isfinite(numerator) and math.isfinite(denominator)) or denominator <= 0:
        return math.nan
    return numerator / denominator


def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


@dataclass
class GeneratedData:
    path: Path
    quads: int
    triples: int
    copies: int


def machine_facts(data: GeneratedData, args: argparse.Namespace) -> list[str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{total_kb / 1024 / 1024:.1f} GiB"
    engine = subprocess.run(
        [oxigraph_command(), "--version"], capture_output=True, text=True
    ).stdout.strip()
    packages = (
        "diplograph",
        "pyoxigraph",
        "oxigraph",
        "rdflib",
        "rdflib-endpoint",
        "fastapi",
        "uvicorn",
        "httpx",
    )
    versions = ", ".join(f"{name} {package_version(name)}" for name in packages)
    return [
        f"- Machine: {platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), "
        f"{memory} RAM; servers and load generator on the same machine, over loopback",
        f"- Python {platform.python_version()}; {versions}; `{engine}` binary",
        f"- Data: {data.quads:,} quads = {data.triples:,} distinct triples in the union; "
        f"{data.copies} article graphs + the entity and ontology graphs; seed {args.seed}",
        f"- Settings: {args.warmups} warm-ups, up to {args.runs} sequential runs per query for "
        f"the median, {args.seconds:g} s throughput windows at {args.clients} clients, "
        f"slow-query budget {args.budget:g} s, request timeout {args.request_timeout:g} s",
    ]


def _rows_cell(name: str, results: dict[str, dict[str, Measurement]]) -> str:
    values = [results[server][name].rows for server in SERVERS]
    if len(set(values)) == 1 and values[0] is not None:
        return f"{values[0]:,}"
    return "≠ " + " / ".join("failed" if v is None else f"{v:,}" for v in values)


def _shown_rows(measurement: Measurement) -> str:
    return f"failed ({measurement.error})" if measurement.rows is None else str(measurement.rows)


def _cell(measurement: Measurement, value: float, digits: int) -> str:
    if math.isfinite(value):
        return fmt(value, digits)
    return "failed" if measurement.error else "n/a"


def report(
    results: dict[str, dict[str, Measurement]], facts: list[str], concurrency: tuple[int, ...]
) -> str:
    dg, oxi, rdf = (results[name] for name in SERVERS)
    names = list(dg)
    complete = [n for n in names if all(math.isfinite(results[s][n].median_ms) for s in SERVERS)]
    lines = ["# Diplograph endpoint benchmark", "", *facts, ""]
    lines += [
        "Ratios: **rdflib/dg** = how many times faster Diplograph is than rdflib-endpoint "
        "(goal >= 20); **dg/ox** = how many times slower Diplograph is than `oxigraph serve` "
        "(goal <= 1.5). Rows: one number when the three servers agree, else Diplograph / "
        "oxigraph / rdflib. Geometric means of times and rates are over the queries all three "
        f"answered ({len(complete)} of {len(names)}); of ratios, over the queries both answered.",
        "",
        "## Median latency, 1 client (ms)",
        "",
        "| query | rows | Diplograph | oxigraph serve | rdflib-endpoint | rdflib/dg | dg/ox |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    slow_ratios, fast_ratios = [], []
    for name in names:
        d, o, r = dg[name].median_ms, oxi[name].median_ms, rdf[name].median_ms
        slow_ratios.append(ratio(r, d))
        fast_ratios.append(ratio(d, o))
        runs = len(rdf[name].latencies)
        shown = f"{_cell(rdf[name], r, 1)}" + (f" (n={runs})" if runs < 20 and runs else "")
        lines.append(
            f"| {name} | {_rows_cell(name, results)} | {_cell(dg[name], d, 2)} | "
            f"{_cell(oxi[name], o, 2)} | {shown} | {fmt(slow_ratios[-1])} | "
            f"{fmt(fast_ratios[-1], 2)} |"
        )
    means = [fmt(geomean(results[s][n].median_ms for n in complete), 2) for s in SERVERS]
    lines.append(
        f"| **geometric mean** | | {' | '.join(means)} | "
        f"**{fmt(geomean(slow_ratios))}** | **{fmt(geomean(fast_ratios), 2)}** |"
    )
    summary = [("latency, 1 client", geomean(slow_ratios), geomean(fast_ratios))]
    for clients in concurrency:
        plural = "s" if clients > 1 else ""
        lines += [
            "",
            f"## Throughput, {clients} concurrent client{plural} (requests/s)",
            "",
            "| query | Diplograph | oxigraph serve | rdflib-endpoint | rdflib/dg | dg/ox |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        slow_ratios, fast_ratios = [], []

        def rate(m: Measurement, clients: int = clients) -> float:
            t = m.throughput.get(clients)
            return t.per_second if t else math.nan

        for name in names:
            d, o, r = rate(dg[name]), rate(oxi[name]), rate(rdf[name])
            slow_ratios.append(ratio(d, r))
            fast_ratios.append(ratio(o, d))
            measured = rdf[name].throughput.get(clients)
            seen = f" ({measured.requests} in {measured.seconds:.1f} s)" if measured else ""
            lines.append(
                f"| {name} | {_cell(dg[name], d, 1)} | {_cell(oxi[name], o, 1)} | "
                f"{_cell(rdf[name], r, 2)}{seen} | {fmt(slow_ratios[-1])} | "
                f"{fmt(fast_ratios[-1], 2)} |"
            )
        means = [fmt(geomean(rate(results[s][n]) for n in complete), 1) for s in SERVERS]
        lines.append(
            f"| **geometric mean** | {' | '.join(means)} | "
            f"**{fmt(geomean(slow_ratios))}** | **{fmt(geomean(fast_ratios), 2)}** |"
        )
        label = f"throughput, {clients} client{plural}"
        summary.append((label, geomean(slow_ratios), geomean(fast_ratios)))
    lines += [
        "",
        "## Goals (geometric means of the ratios)",
        "",
        "| measure | rdflib/dg (goal >= 20) | dg/ox (goal <= 1.5) |",
        "|---|---:|---:|",
    ]
    for label, slow, fast in summary:
        lines.append(
            f"| {label} | {fmt(slow)} {'met' if slow >= 20 else 'MISSED'} | "
            f"{fmt(fast, 2)} {'met' if fast <= 1.5 else 'MISSED'} |"
        )
    problems = [
        f"- {name}: row counts differ: "
        + ", ".join(f"{server} {results[server][name].rows}" for server in SERVERS)
        for name in names
        if len({results[server][name].rows for server in SERVERS}) != 1
    ]
    problems += [
        f"- {server} / {name}: {measurement.error}"
        for server in SERVERS
        for name, measurement in results[server].items()
        if measurement.error
    ]
    if problems:
        lines += ["", "## Warnings", "", *problems]
    return "\n".join(lines) + "\n"


# -- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="least number of quads")
    parser.add_argument("--seconds", type=float, default=5.0, help="throughput window")
    parser.add_argument("--runs", type=int, default=20, help="sequential runs for the median")
    parser.add_argument("--warmups", type=int, default=2, help="warm-up requests per query")
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="seconds of sequential runs per query; a query slower than budget/10 also gets "
        "one warm-up only and throughput windows of at most budget/2",
    )
    parser.add_argument("--clients", default="1,8", help="concurrent clients, comma-separated")
    parser.add_argument(
        "--request-timeout", type=float, default=60.0, help="a request failing after this long"
    )
    parser.add_argument(
        "--max-mib", type=int, default=64, help="an answer larger than this fails (MiB)"
    )
    parser.add_argument("--seed", type=int, default=20210928)
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    parser.add_argument("--serve-rdflib", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_rdflib:
        serve_rdflib(args.serve_rdflib, args.port)
        return 0
    begun = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - begun:6.1f} s] {message}", flush=True)

    settings = Settings(
        seconds=args.seconds,
        runs=args.runs,
        warmups=args.warmups,
        budget=args.budget,
        concurrency=tuple(int(c) for c in args.clients.split(",")),
        request_timeout=args.request_timeout,
        max_bytes=args.max_mib * 2**20,
    )
    queries = load_queries()
    work = args.keep or Path(tempfile.mkdtemp(prefix="diplograph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        data = GeneratedData(*generate_dataset(work, args.triples, args.seed))
        say(
            f"dataset: {data.quads:,} quads ({data.triples:,} distinct triples) in "
            f"{data.copies} article graphs + entities + ontology -> {data.path}"
        )
        servers = start_servers(work, data.path)
        try:
            for server in servers.values():
                say(f"{server.name} ready at {server.url} after {server.ready_s:.1f} s")
            results = asyncio.run(check_rows(servers, queries, settings))
            for name in queries:
                rows = {s: _shown_rows(results[s][name]) for s in SERVERS}
                agree = len({str(v) for v in rows.values()}) == 1
                say(f"rows {name:18} {rows}{'' if agree else '  <-- DIFFER'}")
            for name in SERVERS:
                say(f"measuring {name}")
                asyncio.run(measure_server(servers[name], queries, results[name], settings, say))
            restarts = {s.name: s.restarts for s in servers.values() if s.restarts}
            if restarts:
                say(f"servers restarted after failed requests: {restarts}")
        finally:
            for server in servers.values():
                server.stop()
        text = report(results, machine_facts(data, args), settings.concurrency)
        text += f"\nTotal runtime: {time.perf_counter() - begun:.0f} s.\n"
        print()
        print(text)
        if args.out:
            args.out.write_text(text, "utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
