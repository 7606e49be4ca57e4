"""The network view over HTTP: `/graph` (the page), `/graph/neighbours` (expand a node on demand,
with a limit) and `/graph/path` (shortest path between two actors, computed with networkx)."""

from __future__ import annotations

import asyncio

import httpx
import networkx as nx
from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse

from diplograph.graph.view import project, render, to_view

from .backend import OxigraphBackend

# vis-network sets a few fixed inline styles on the elements it creates; these are their hashes,
# so no other inline style (e.g. injected through article text) can apply.
VIS_STYLE_HASHES = " ".join(
    f"'sha256-{digest}='"
    for digest in (
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
        "OutIf5hnp68ctx4ThtV5J02g5HTJ5bbu/hkNfqVXWWo",
        "4cgFR0//m8/eHo2G/esYsuZetUHlzCUWYM59sfgE9zY",
        "uepMTym1NwItBa/XV6ef6fQobLL0A0CNVDM5km5L+nQ",
        "gGUn/VMBXCeWm86qX/pOf+4ZDSbe0JcaXXb4rJjw1mA",
        "QuPewnJYr+SnQiTnCNHFBw99ExTsz9f8w5320PimEPw",
        "IY7YKNHjbzQ1NfAKrBZvBZohgXMtxrqB9PaqhAaT3vg",
        "QE7TOEDW7YIlMzvUUnm8boDWeNBN7PBbaaYJjnp34WI",
    )
)
VIEW_CSP = (
    f"default-src 'self'; style-src 'self' {VIS_STYLE_HASHES}; script-src 'self'; "
    "connect-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'"
)


class NetworkView:
    def __init__(self, backend: OxigraphBackend, first_nodes: int) -> None:
        self.backend = backend
        self.first_nodes = first_nodes

    def _select(self, query: str) -> list[dict[str, str]]:
        answer = httpx.post(
            f"{self.backend.url}/query",
            params={"union-default-graph": ""},
            content=query.encode(),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
            timeout=self.backend.timeout_s,
        )
        answer.raise_for_status()
        return [
            {k: v["value"] for k, v in row.items()} for row in answer.json()["results"]["bindings"]
        ]

    async def _graph(self) -> nx.MultiDiGraph:
        return await asyncio.to_thread(project, self._select)

    async def page(self) -> HTMLResponse:
        """The view of the best-connected nodes; the page expands the rest on demand."""
        view = to_view(await self._graph(), limit=self.first_nodes)
        api = {"neighbours": "/graph/neighbours", "path": "/graph/path"}
        return HTMLResponse(
            render(view, standalone=False, api=api), headers={"Content-Security-Policy": VIEW_CSP}
        )

    async def neighbours(
        self,
        node: str = Query(description="IRI of the node to expand"),
        limit: int = Query(50, ge=1, le=1000, description="Most neighbours to return"),
    ) -> JSONResponse:
        """A node's neighbours (both directions), best-connected first, up to the limit."""
        graph = await self._graph()
        if node not in graph:
            return JSONResponse({"detail": f"no node {node}"}, status_code=404)
        around = sorted(
            set(graph.successors(node)) | set(graph.predecessors(node)),
            key=lambda iri: (-graph.degree(iri), iri),
        )
        view = to_view(graph.subgraph([node, *around[:limit]]))
        return JSONResponse(
            {
                "nodes": view.nodes,
                "edges": view.edges,
                "shown": min(limit, len(around)),
                "total": len(around),
            }
        )

    async def path(
        self,
        source: str = Query(description="IRI of the first actor"),
        target: str = Query(description="IRI of the second actor"),
    ) -> JSONResponse:
        """The shortest chain of links between two nodes, ignoring edge direction."""
        graph = await self._graph()
        if source not in graph or target not in graph:
            return JSONResponse({"detail": "both nodes must be in the graph"}, status_code=404)
        try:
            nodes = nx.shortest_path(graph.to_undirected(as_view=True), source, target)
        except nx.NetworkXNoPath:
            return JSONResponse({"detail": "no path between these nodes"}, status_code=404)
        view = to_view(graph.subgraph(nodes))
        return JSONResponse({"path": nodes, "nodes": view.nodes, "edges": view.edges})


def add_routes(app: FastAPI, backend: OxigraphBackend, first_nodes: int) -> None:
    view = NetworkView(backend, first_nodes)
    app.add_api_route("/graph", view.page, methods=["GET"], summary="The network view")
    app.add_api_route(
        "/graph/neighbours", view.neighbours, methods=["GET"], summary="Expand a node"
    )
    app.add_api_route(
        "/graph/path", view.path, methods=["GET"], summary="Shortest path between two nodes"
    )
