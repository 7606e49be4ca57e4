"""Diplograph's HTTP face: the SPARQL 1.1 endpoint, the Graph Store, the query page.

Requests are checked here (protocol rules, update token, SERVICE/LOAD, size) and then run by
Oxigraph's server in a child process (see `backend.py`), which stops queries at the deadline.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .backend import Answer, BackendError, Interrupted, OxigraphBackend, Stopped
from .description import describe
from .network import add_routes
from .protocol import (
    GRAPH_TYPES,
    QUERY_TYPE,
    UPDATE_TYPE,
    Operation,
    ProtocolError,
    names_its_dataset,
    negotiate,
    parse_operation,
    reaches_outside,
)
from .results import BACKEND_ACCEPT, RDF_FORMATS, shape

log = logging.getLogger("diplograph.http")
STATIC = Path(str(files("diplograph.web").joinpath("static")))
PAGE_CSP = (
    "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)


@dataclass
class Settings:
    store: Path
    update_token: str | None = None
    timeout_s: float = 30.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    cors_origins: list[str] = field(default_factory=list)
    allow_remote: bool = False
    view_nodes: int = 300
    # Host names the server answers to: a page on another site that rebinds its DNS name to
    # 127.0.0.1 sends its own name, and is refused.
    allowed_hosts: list[str] = field(default_factory=lambda: ["*"])


def create_app(settings: Settings) -> FastAPI:
    backend = OxigraphBackend(settings.store, settings.timeout_s)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(backend.start)
        yield
        await backend.close()

    app = FastAPI(
        title="Diplograph",
        summary="SPARQL 1.1 endpoint over a graph of relations between countries.",
        lifespan=lifespan,
    )
    endpoint = SparqlEndpoint(settings, backend)
    app.add_api_route(
        "/sparql", endpoint.sparql, methods=["GET", "POST"], summary="SPARQL 1.1 query and update"
    )
    for route in ("/store", "/store/{path:path}"):
        app.add_api_route(
            route,
            endpoint.graph_store,
            methods=["GET", "HEAD", "PUT", "POST", "DELETE"],
            summary="SPARQL 1.1 Graph Store HTTP Protocol",
        )
    app.add_api_route(
        "/health", endpoint.health, methods=["GET"], summary="Is the store answering?"
    )
    app.add_api_route("/examples", examples, methods=["GET"], summary="The canned queries")
    add_routes(app, backend, settings.view_nodes)
    app.add_api_route("/", page, methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # The last added is the outermost: log everything, CORS headers on refusals too.
    app.add_middleware(BodyLimit, limit=settings.max_body)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE"],
            allow_headers=["Accept", "Authorization", "Content-Type"],
            expose_headers=["X-Diplograph-Row-Limit"],
        )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(RequestLog)
    app.state.backend = backend
    return app


def problem(status: int, message: str, **headers: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _media_type_of(filename: str) -> str:
    """The RDF media type a file name's extension suggests (Turtle if it says nothing)."""
    fmt = (
        ox.RdfFormat.from_extension(Path(filename).suffix.lstrip(".")) if "." in filename else None
    )
    return fmt.media_type if fmt else "text/turtle"


def page() -> FileResponse:
    return FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": PAGE_CSP})


def examples() -> list[dict[str, str]]:
    """The queries shipped in `queries/`, with the first line of their comment as a title."""
    found = []
    for item in sorted(files("diplograph.queries").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".rq"):
            text = item.read_text("utf-8")
            title = text.splitlines()[0].lstrip("# ").strip() if text.startswith("#") else item.name
            found.append({"name": item.name.removesuffix(".rq"), "title": title, "query": text})
    return found


class SparqlEndpoint:
    def __init__(self, settings: Settings, backend: OxigraphBackend) -> None:
        self.settings = settings
        self.backend = backend

    async def sparql(self, request: Request) -> Response:
        """Query (GET, POST form, POST direct) or update (POST form, POST direct); a GET with
        neither returns the service description, or the query page to a browser."""
        body = await request.body()
        try:
            operation = parse_operation(
                request.method, request.url.query, request.headers.get("content-type"), body
            )
            if operation is None:
                return self._describe(request)
            if (outside := reaches_outside(operation)) and not self.settings.allow_remote:
                return problem(
                    403,
                    f"{outside} is disabled on this endpoint: it would make the server fetch URLs",
                )
            if operation.kind == "update":
                return self._refuse_update(request) or await self._update(operation)
            return await self._query(operation, request.headers.get("accept"))
        except ProtocolError as error:
            return problem(error.status, error.message)

    def _describe(self, request: Request) -> Response:
        offers = {"text/html": "html", **GRAPH_TYPES}
        media, fmt = negotiate(request.headers.get("accept"), offers, "text/turtle")
        if fmt == "html":
            return page()
        endpoint = str(request.url.replace(query=""))
        triples = describe(endpoint, updates=self.settings.update_token is not None)
        return Response(ox.serialize(triples, format=RDF_FORMATS[fmt]), media_type=media)

    def _refuse_update(self, request: Request) -> Response | None:
        token = self.settings.update_token
        if token is None:
            return problem(
                403,
                "updates are disabled: start the server with --update-token "
                "(or DIPLOGRAPH_UPDATE_TOKEN) and send it as a Bearer token",
            )
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return problem(
                401,
                "updates need 'Authorization: Bearer <token>'",
                **{"WWW-Authenticate": "Bearer"},
            )
        return None

    async def _query(self, operation: Operation, accept: str | None) -> Response:
        if not names_its_dataset(operation):  # the default graph is the union of all graphs
            operation.params = [("union-default-graph", "")]
        # Two lines more than the limit tell a cut result from one that fits exactly.
        lines = self.settings.max_rows + 2
        answer = await self._forward("/query", operation, QUERY_TYPE, BACKEND_ACCEPT, lines)
        if answer.status != 200:
            return self._failure(answer)
        try:
            shaped = await asyncio.to_thread(
                shape, answer.body, answer.content_type, accept, self.settings.max_rows
            )
        except SyntaxError:  # the engine broke off its answer: it cancelled the query
            return problem(503, self._stopped_message(answer.body))
        headers = {"Vary": "Accept"}
        if shaped.cut_at is not None:
            headers["X-Diplograph-Row-Limit"] = str(shaped.cut_at)
            log.warning(json.dumps({"event": "row-limit", "rows": shaped.cut_at}))
        return Response(shaped.body, media_type=shaped.media_type, headers=headers)

    def _stopped_message(self, body: bytes) -> str:
        if b"cancel" in body[-300:]:
            return f"the query did not finish within {self.settings.timeout_s:g} s and was stopped"
        return "the store broke off its answer"

    async def _update(self, operation: Operation) -> Response:
        answer = await self._forward("/update", operation, UPDATE_TYPE, None, None)
        if answer.status >= 300:
            return self._failure(answer)
        return Response(status_code=204)

    async def _forward(
        self, path: str, operation: Operation, media: str, accept: str | None, lines: int | None
    ) -> Answer:
        headers = {"Content-Type": media} | ({"Accept": accept} if accept else {})
        try:
            return await self.backend.fetch(
                "POST",
                path,
                lines,
                params=operation.params,
                content=operation.text.encode(),
                headers=headers,
            )
        except Stopped:
            raise ProtocolError(
                503,
                f"the query did not finish within {self.settings.timeout_s:g} s and was stopped",
            ) from None
        except Interrupted as error:
            raise ProtocolError(503, str(error)) from None
        except BackendError as error:
            raise ProtocolError(502, str(error)) from None

    def _failure(self, answer: Answer) -> Response:
        text = answer.body.decode(errors="replace").strip()
        if answer.status < 500:
            return problem(answer.status if answer.status != 404 else 400, text or "bad request")
        if "cancel" in text.lower() or "timeout" in text.lower():
            return problem(503, self._stopped_message(answer.body))
        return problem(502, f"the store failed: {text[:500]}")

    async def graph_store(self, request: Request, path: str = "") -> Response:
        """Graph Store HTTP Protocol: `?default`, `?graph=IRI`, or a URL under /store/ naming
        the graph itself; writes need the update token; POST may carry multipart RDF files."""
        if request.method in {"PUT", "POST", "DELETE"} and (
            refused := self._refuse_update(request)
        ):
            return refused
        params = request.url.query
        if path:  # direct identification: this URL is the graph's name
            params = urlencode({"graph": str(request.url.replace(query=""))})
        content_type = request.headers.get("content-type", "")
        try:
            if request.method == "POST" and content_type.startswith("multipart/form-data"):
                return await self._post_files(request, params)
            headers = {
                k: v for k, v in request.headers.items() if k.lower() in {"content-type", "accept"}
            }
            # HEAD reaches the engine as GET: its HEAD answers may carry a body (bad keep-alive).
            method = "GET" if request.method == "HEAD" else request.method
            answer = await self.backend.fetch(
                method, "/store", params=params, content=await request.body(), headers=headers
            )
        except (Stopped, Interrupted) as error:
            return problem(503, str(error))
        except BackendError as error:
            return problem(502, str(error))
        kept = {
            k: v for k, v in answer.headers.items() if k.lower() in {"content-type", "location"}
        }
        if request.method == "HEAD":
            return Response(status_code=answer.status, headers=kept)
        return Response(answer.body, status_code=answer.status, headers=kept)

    async def _post_files(self, request: Request, params: str) -> Response:
        """The RDF files of a multipart/form-data POST, merged into the target graph in one
        write: all of them or, if one does not parse, none."""
        form = await request.form()
        uploads = [value for _, value in form.multi_items() if isinstance(value, UploadFile)]
        if not uploads:
            return problem(400, "the multipart request carries no file")
        triples: list[ox.Triple] = []
        for upload in uploads:
            media = (upload.content_type or "").split(";")[0] or _media_type_of(
                upload.filename or ""
            )
            fmt = ox.RdfFormat.from_media_type(media)
            if fmt is None:
                return problem(415, f"{upload.filename}: unsupported media type {media}")
            try:
                triples += [q.triple for q in ox.parse(await upload.read(), format=fmt)]
            except SyntaxError as error:
                return problem(400, f"{upload.filename}: {error}")
        answer = await self.backend.fetch(
            "POST",
            "/store",
            params=params,
            content=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
            headers={"Content-Type": "application/n-triples"},
        )
        if answer.status >= 300:
            return problem(answer.status, answer.body.decode(errors="replace").strip())
        return Response(status_code=answer.status)

    async def health(self) -> JSONResponse:
        """The front answers and the store answers a trivial query."""
        started = time.perf_counter()
        try:
            answer = await self.backend.client.get("/query", params={"query": "ASK {}"}, timeout=5)
            up = answer.status_code == 200
        except httpx.HTTPError:
            up = False
        body = {
            "status": "ok" if up else "unavailable",
            "store": str(self.settings.store),
            "engine_pid": self.backend.pid,
            "engine_restarts": self.backend.restarts,
            "engine_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        return JSONResponse(body, status_code=200 if up else 503)


class BodyLimit:
    """Refuse request bodies over the limit with 413, before they are read into memory."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await problem(413, f"request body over {self.limit} bytes")(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await problem(413, f"request body over {self.limit} bytes")(scope, receive, send)


class _TooLarge(Exception):
    pass


class RequestLog:
    """One JSON line per request (method, path, status, duration, client); every answer also
    says `X-Content-Type-Options: nosniff`, so browsers never guess a type for data."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-content-type-options", b"nosniff"),
                ]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            client = scope.get("client")
            log.info(
                json.dumps(
                    {
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                        "client": f"{client[0]}:{client[1]}" if client else None,
                    }
                )
            )
