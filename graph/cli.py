"""The `diplograph` command: ingest articles, query, export, validate, and a demo."""

from __future__ import annotations

import ipaddress
import json
import sys
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table

from ..queries import canned, canned_file
from .dates import parse_iso
from .store import StoreError, default_store_path, open_store
from .vocab import PREFIXES

if TYPE_CHECKING:
    from .evaluate import ArticleReport, FolderReport, Score

app = typer.Typer(
    help="Turn news about relations between countries into a provenance-carrying RDF graph.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)
out = Console()

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Store folder (default: $DIPLOGRAPH_STORE or ~/.local/share/diplograph/store)",
    ),
]


class ResultFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"
    turtle = "turtle"


class ExportFormat(StrEnum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    ntriples = "ntriples"
    jsonld = "jsonld"
    rdfxml = "rdfxml"


EXPORT_FORMATS = {
    ExportFormat.turtle: ox.RdfFormat.TURTLE,
    ExportFormat.trig: ox.RdfFormat.TRIG,
    ExportFormat.nquads: ox.RdfFormat.N_QUADS,
    ExportFormat.ntriples: ox.RdfFormat.N_TRIPLES,
    ExportFormat.jsonld: ox.RdfFormat.JSON_LD,
    ExportFormat.rdfxml: ox.RdfFormat.RDF_XML,
}
RESULT_FORMATS = {
    ResultFormat.json: ox.QueryResultsFormat.JSON,
    ResultFormat.csv: ox.QueryResultsFormat.CSV,
    ResultFormat.tsv: ox.QueryResultsFormat.TSV,
    ResultFormat.xml: ox.QueryResultsFormat.XML,
}


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    return typer.Exit(code)


@app.command("ingest")
def ingest_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Articles: text or Markdown (.txt, .md), web pages (.html), JSON Lines (.jsonl, "
            "one article per line), or folders of them"
        ),
    ],
    store: StoreOption = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date, YYYY-MM-DD (or YYYY-MM, YYYY)")
    ] = None,
    source: Annotated[str | None, typer.Option(help="The article's URL")] = None,
    publisher: Annotated[str | None, typer.Option(help="The outlet that published it")] = None,
) -> None:
    """Read articles and write what they say into the store, one named graph per article."""
    from .ingest.nlp import PipelineError
    from .ingest.pipeline import Metadata, ingest
    from .ingest.reader import ArticleError, valid_iri

    if source and not valid_iri(source):
        raise fail(f"--source {source!r} is not a valid URL")
    try:
        metadata = Metadata(parse_iso(published) if published else None, source, publisher)
        with open_store(store) as graph_store:
            outcomes = ingest(paths, graph_store, metadata, on_done=_report)
    except (ArticleError, StoreError, PipelineError, ValueError) as error:
        raise fail(str(error)) from None
    if any(o.error for o in outcomes):
        raise typer.Exit(1)


def _report(outcome) -> None:
    """One line per article on stderr: what was made of it, or why it was refused."""
    if outcome.error:
        err.print(f"[red]error:[/red] {outcome.error}", highlight=False)
        return
    ex = outcome.extraction
    counts = {
        "countries": len(ex.countries),
        "persons": len(ex.persons),
        "organizations": len(ex.organizations),
        "relations": len(ex.relations),
        "events": len(ex.events),
        "positions": len(ex.positions),
        "trade facts": len(ex.trade),
    }
    err.print(
        f"[green]ingested[/green] {outcome.path}: {outcome.triples} triples ("
        + ", ".join(f"{what} {n}" for what, n in counts.items())
        + ")",
        highlight=False,
    )


def read_query(query: str) -> str:
    """A file path, the name of a canned query ("events"), or SPARQL text."""
    if _is_file(Path(query)):
        return Path(query).read_text("utf-8")
    if query.replace("-", "").isalnum() and canned_file(query).is_file():
        return canned(query)
    if query.endswith(".rq"):
        raise StoreError(f"no such query file: {query}")
    return query


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # SPARQL text too long to be a file name
        return False


@app.command("query")
def query_command(
    query: Annotated[
        str, typer.Argument(help="A .rq file, a canned query name (e.g. events) or SPARQL text")
    ],
    store: StoreOption = None,
    fmt: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="Output format")
    ] = ResultFormat.table,
) -> None:
    """Run a SPARQL query over all articles (the union of their graphs)."""
    try:
        sparql = read_query(query)
        with open_store(store, read_only=True) as graph_store:
            results = graph_store.query(sparql)
            _print_results(results, fmt)
    except SyntaxError as error:
        raise fail(f"invalid SPARQL: {error}", 2) from None
    except (StoreError, OSError) as error:
        raise fail(str(error)) from None


def _print_results(results, fmt: ResultFormat) -> None:
    if isinstance(results, ox.QueryTriples):
        if fmt not in (ResultFormat.turtle, ResultFormat.table):
            raise StoreError(
                f"a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle, not {fmt}"
            )
        sys.stdout.buffer.write(
            ox.serialize(results, format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
        )
        return
    if fmt == ResultFormat.turtle:
        raise StoreError("--format turtle is for CONSTRUCT and DESCRIBE queries")
    if fmt in RESULT_FORMATS:
        sys.stdout.buffer.write(results.serialize(format=RESULT_FORMATS[fmt]))
        return
    if isinstance(results, ox.QueryBoolean):
        out.print(str(bool(results)).lower())
        return
    variables = [v.value for v in results.variables]
    table = Table(*variables, show_lines=False)
    for row in results:
        table.add_row(*[_compact(row[v]) for v in variables])
    out.print(table)


def _prefixes() -> dict[str, str]:
    return {name: str(ns) for name, ns in PREFIXES.items()}


def _compact(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for name, ns in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
            if term.value.startswith(str(ns)):
                return f"{name}:{term.value[len(str(ns)) :]}"
        return term.value
    return term.value


@app.command("export")
def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF serialization")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: stdout)")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole graph: TriG, N-Quads and JSON-LD keep the named graphs; others merge."""
    try:
        with open_store(store, read_only=True) as graph_store:
            data = graph_store.dump(EXPORT_FORMATS[fmt])
    except (StoreError, OSError) as error:
        raise fail(str(error)) from None
    if output:
        output.write_bytes(data)
        err.print(f"wrote {len(data)} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)


STATS_QUERY = """
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES (?what ?class) {
    ("articles" dg:Article) ("countries" dg:Country) ("persons" dg:Person)
    ("organizations" org:Organization) ("relations" dg:BilateralRelation) ("events" dg:Event)
    ("positions" dg:Position) ("trade facts" dg:TradeFact)
  }
  ?x a/rdfs:subClassOf* ?class .
} GROUP BY ?what
"""


@app.command("stats")
def stats_command(store: StoreOption = None) -> None:
    """How much the store holds."""
    try:
        with open_store(store, read_only=True) as graph_store:
            _print_stats(graph_store)
    except (StoreError, OSError) as error:
        raise fail(str(error)) from None


def _print_stats(graph_store) -> None:
    counts = {row["what"].value: int(row["n"].value) for row in graph_store.query(STATS_QUERY)}
    table = Table("what", "count")
    table.add_row("store", str(graph_store.path))
    table.add_row("quads", str(len(graph_store)))
    table.add_row("named graphs", str(len(graph_store.named_graphs())))
    for what in (
        "articles",
        "countries",
        "persons",
        "organizations",
        "relations",
        "events",
        "positions",
        "trade facts",
    ):
        table.add_row(what, str(counts.get(what, 0)))
    out.print(table)


@app.command("validate")
def validate_command(store: StoreOption = None) -> None:
    """Check the whole graph against Diplograph's SHACL shapes."""
    from .validate import validate_store

    try:
        with open_store(store, read_only=True) as graph_store:
            conforms, report = validate_store(graph_store)
    except (StoreError, OSError) as error:
        raise fail(str(error)) from None
    out.print(report, highlight=False, markup=False)
    if not conforms:
        raise typer.Exit(1)


@app.command("view")
def view_command(
    store: StoreOption = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")] = Path(
        "diplograph-view.html"
    ),
) -> None:
    """Write the network view as one self-contained HTML file that works offline."""
    from .view import project, render, to_view

    try:
        with open_store(store, read_only=True) as graph_store:
            graph = project(graph_store.select)
    except (StoreError, OSError) as error:
        raise fail(str(error)) from None
    view = to_view(graph)
    output.write_text(render(view, standalone=True), encoding="utf-8")
    err.print(f"wrote {output}: {len(view.nodes)} nodes, {len(view.edges)} edges")


@app.command("serve")
def serve_command(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    update_token: Annotated[
        str | None,
        typer.Option(
            envvar="DIPLOGRAPH_UPDATE_TOKEN",
            help="Bearer token that allows updates (none: read-only)",
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds before a query is stopped")] = 30.0,
    max_rows: Annotated[
        int, typer.Option(help="Most result rows returned (a header says when cut)")
    ] = 10_000,
    max_body: Annotated[int, typer.Option(help="Largest request body in bytes")] = 1_000_000,
    cors_origin: Annotated[
        list[str] | None, typer.Option(help="Origin allowed by CORS (repeatable)")
    ] = None,
    allow_remote: Annotated[
        bool, typer.Option(help="Allow SERVICE and LOAD to fetch remote URLs")
    ] = False,
    view_nodes: Annotated[
        int, typer.Option(min=1, help="Nodes the network view at /graph opens with")
    ] = 300,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="Host name clients may use (repeatable; default: loopback names when the "
            "server listens on loopback, any otherwise)"
        ),
    ] = None,
) -> None:
    """Serve the store over HTTP: SPARQL 1.1 endpoint at /sparql, Graph Store at /store, a query
    page at /, the network view at /graph, OpenAPI docs at /docs."""
    from .serve import run

    if update_token is not None and not update_token.strip():
        raise fail("--update-token is empty: give a secret, or leave it out for a read-only server")
    settings = dict(
        update_token=update_token,
        timeout_s=timeout,
        max_rows=max_rows,
        max_body=max_body,
        cors_origins=cors_origin or [],
        allow_remote=allow_remote,
        view_nodes=view_nodes,
        allowed_hosts=allowed_host or default_hosts(host),
    )
    run(store or default_store_path(), host, port, settings)


def default_hosts(host: str) -> list[str]:
    """On loopback only the loopback names are expected; DNS rebinding sends others."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    return ["127.0.0.1", "localhost", "::1", host] if loopback else ["*"]


class EvaluateFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("evaluate")
def evaluate_command(
    target: Annotated[
        Path | None,
        typer.Argument(help="The article (with --gold), or a folder of NAME.gold.json + article"),
    ] = None,
    gold: Annotated[Path | None, typer.Option(help="A gold annotation (JSON)")] = None,
    fmt: Annotated[
        EvaluateFormat, typer.Option("--format", "-f", help="Output format")
    ] = EvaluateFormat.table,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="List false positives and negatives")
    ] = False,
) -> None:
    """Score extraction against your own annotated articles (precision, recall, F1)."""
    from .evaluate import GoldError, evaluate_article, evaluate_folder

    try:
        if gold:
            report = evaluate_article(gold, target)
        elif target and target.is_dir():
            report = evaluate_folder(target)
        else:
            raise GoldError("give --gold GOLD.json [ARTICLE], or a folder of *.gold.json files")
    except GoldError as error:
        raise fail(str(error), 2) from None
    if fmt is EvaluateFormat.json:
        typer.echo(json.dumps(report.as_dict(show_errors), indent=2))
        return
    if gold:
        _print_article_scores(report, show_errors)
        return
    for article in report.articles:
        _print_article_scores(article, show_errors)
    _print_folder_totals(report)


def _print_article_scores(report: ArticleReport, show_errors: bool) -> None:
    table = Table("category", "P", "R", "F1", "tp/fp/fn", title=report.article)
    for name, result in report.categories.items():
        table.add_row(name, *_score_cells(result.score))
    out.print(table)
    for key, value in report.details.items():
        out.print(f"{key}: {'n/a' if value is None else value}", highlight=False)
    out.print(f"[bold]macro_f1[/bold] {report.macro_f1}", highlight=False)
    if show_errors:
        for name, result in report.categories.items():
            for label, items in (("FP", result.false_positives), ("FN", result.false_negatives)):
                for item in items:
                    out.print(f"  {label} {name}: {item}", highlight=False, markup=False)


def _score_cells(s: Score) -> list[str]:
    return [f"{s.precision}", f"{s.recall}", f"{s.f1}", f"{s.tp}/{s.fp}/{s.fn}"]


def _print_folder_totals(report: FolderReport) -> None:
    table = Table("category", "micro P", "micro R", "micro F1", "tp/fp/fn", "macro F1")
    macro = report.macro()
    for name, s in report.micro().items():
        table.add_row(name, *_score_cells(s), f"{macro[name]}")
    out.print(table)
    for article in report.articles:
        out.print(f"{article.article}: macro_f1 {article.macro_f1}", highlight=False)
    out.print(f"[bold]macro_f1[/bold] {report.macro_f1}", highlight=False)


@app.command("demo")
def demo_command(
    store: StoreOption = None,
    serve: Annotated[
        bool, typer.Option(help="Serve the result at http://127.0.0.1:8000 afterwards")
    ] = True,
) -> None:
    """Ingest the sample article (Cuba–China, 2021), show what Diplograph made of it, serve it."""
    from .ingest.pipeline import Metadata, ingest

    sample = Path(str(files("diplograph.graph.samples").joinpath("cuba-china-61-years.txt")))
    target = store or default_store_path()
    metadata = Metadata(published=parse_iso("2021-09-28"))
    with open_store(target) as graph_store:
        ingest([sample], graph_store, metadata, on_done=_report)
        _print_stats(graph_store)
        out.print("[bold]Events[/bold] (diplograph query timeline):")
        _print_results(graph_store.query(read_query("timeline")), ResultFormat.table)
    if serve:
        from .serve import run

        out.print("Serving at http://127.0.0.1:8000/ (SPARQL at /sparql); Ctrl+C stops.")
        run(target, "127.0.0.1", 8000, {"allowed_hosts": default_hosts("127.0.0.1")})
    else:
        out.print(f"Try: diplograph query events --store {target}")
