"""Network view benchmark: how long vis-network takes to lay out a large graph in Chromium.

A random (seeded) graph of 2,000 nodes and 4,000 edges, groups mixed, in the view's data format,
is rendered with graph/view.py's `render(View(...), standalone=True)` into a temp file, opened in
headless Chromium, and timed from navigation to vis's `stabilized` event (view.js records
`performance.now()` then in `window.__diplographStabilizedMs`). Median of several runs, each in
a fresh page.

For comparison, the same nodes and edges in a bare page with pyvis's default options (barnesHut,
dynamic smooth edges, 1,000 stabilization iterations, physics left running until vis calls it
stable). The issue measured 161 s for that; this script waits at most `--pyvis-timeout` seconds
and reports a lower bound when it is not done.

    python -m tests.benchmarks.bench_view [--nodes 2000] [--edges 4000] [--runs 3]
        [--pyvis-timeout 60]

Goal: the view settles in under 8 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from playwright import sync_api

from diplograph.graph.view import GROUP_STYLES, View, render

from ..browser import CHROMIUM, chromium

ID = "https://w3id.org/diplograph/id/"
GROUPS = {"country": 0.08, "person": 0.12, "organization": 0.10, "event": 0.65, "relation": 0.05}
EVENT_TYPES = ["AGREE", "AID", "CONSULT", "COOPERATE", "SUPPORT", "REJECT", "THREATEN"]
AREAS = ["trade", "health", "tourism", "investment", "infrastructure", "agriculture"]
GOAL_S = 8.0
PYVIS_OPTIONS = {  # pyvis.network.Network().options, on top of vis-network's defaults
    "configure": {"enabled": False},
    "edges": {"color": {"inherit": True}, "smooth": {"enabled": True, "type": "dynamic"}},
    "interaction": {"dragNodes": True, "hideEdgesOnDrag": False, "hideNodesOnDrag": False},
    "physics": {
        "enabled": True,
        "stabilization": {
            "enabled": True,
            "fit": True,
            "iterations": 1000,
            "onlyDynamicEdges": False,
            "updateInterval": 50,
        },
    },
}
PYVIS_PAGE = """<!doctype html><meta charset="utf-8"><title>pyvis defaults</title>
<style>html,body,#n{{height:100%;margin:0}}</style><div id="n"></div>
<script>{vis}</script>
<script>
const data = {data};
const network = new vis.Network(document.getElementById("n"),
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}}, {options});
network.once("stabilized", () => {{ window.__diplographStabilizedMs = performance.now(); }});
</script>"""


def make_view(node_count: int, edge_count: int, seed: int = 20240614) -> View:
    """A random graph shaped like Diplograph's: countries are hubs, events link to countries."""
    rng = random.Random(seed)
    articles = {
        f"{ID}article/{i}": {
            "title": f"Article {i}",
            "url": f"https://example.org/{i}",
            "date": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
            "publisher": "Example Wire",
        }
        for i in range(60)
    }
    groups = rng.choices(list(GROUPS), weights=list(GROUPS.values()), k=node_count)
    nodes = [make_node(i, group, rng, list(articles)) for i, group in enumerate(groups)]
    countries = [n["id"] for n in nodes if n["group"] == "country"]
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < edge_count:
        source = rng.choice(nodes)
        # Most links end at a country, as actor, recipient, party or post; some go anywhere.
        target = rng.choice(countries) if rng.random() < 0.7 else rng.choice(nodes)["id"]
        if source["id"] != target:
            pairs.add((source["id"], target))
    edges = [
        {
            "id": f"e{i}",
            "from": a,
            "to": b,
            "label": "participant",
            "kinds": ["participant"],
            "articles": [],
            "evidence": [],
            "color": "#8c959f",
            "arrows": "to",
        }
        for i, (a, b) in enumerate(sorted(pairs))
    ]
    return View(nodes, edges, articles, len(nodes), len(edges))


def make_node(number: int, group: str, rng: random.Random, articles: list[str]) -> dict:
    style = GROUP_STYLES[group]
    article = rng.choice(articles)
    node = {
        "id": f"{ID}{group}/{number}",
        "label": f"{group} {number}",
        "group": group,
        "aliases": [],
        "areas": rng.sample(AREAS, rng.randint(0, 2)),
        "articles": [article],
        "properties": {"class": group},
        "title": None,
        "evidence": [{"article": article, "sentence": f"Sentence about {group} {number}."}],
        **style,
    }
    if group == "event":
        node["eventType"] = rng.choice(EVENT_TYPES)
        node["date"] = f"20{10 + number % 15}-0{1 + number % 9}-2{number % 8}" if number % 3 else ""
    return node


def pyvis_page(view: View) -> str:
    vis = files("diplograph.web").joinpath("static/vendor/vis-network.min.js").read_text("utf-8")
    nodes = [{k: n[k] for k in ("id", "label", "color", "shape", "size")} for n in view.nodes]
    edges = [{k: e[k] for k in ("from", "to", "arrows")} for e in view.edges]
    data = json.dumps({"nodes": nodes, "edges": edges}).replace("<", "\\u003c")
    return PYVIS_PAGE.format(vis=vis, data=data, options=json.dumps(PYVIS_OPTIONS))


def settle_time(browser: sync_api.Browser, url: str, timeout_s: float) -> float | None:
    """Seconds from navigation to `stabilized`, or None if it did not come within the timeout."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url, timeout=timeout_s * 1000)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            done = page.evaluate("window.__diplographStabilizedMs")
            if done is not None:
                return done / 1000
            if errors:
                raise RuntimeError(f"page error: {errors}")
            time.sleep(0.1)
        return None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pyvis-timeout",
        type=float,
        default=60.0,
        help="Most seconds to wait for the pyvis-defaults page (0: skip)",
    )
    args = parser.parse_args()
    view = make_view(args.nodes, args.edges)
    rows = []
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        ours = Path(folder) / "view.html"
        ours.write_text(render(view, standalone=True), encoding="utf-8")
        times = [settle_time(browser, ours.as_uri(), 120) for _ in range(args.runs)]
        rows.append(("Diplograph view.js", times))
        if args.pyvis_timeout > 0:
            theirs = Path(folder) / "pyvis.html"
            theirs.write_text(pyvis_page(view), encoding="utf-8")
            rows.append(
                ("pyvis defaults", [settle_time(browser, theirs.as_uri(), args.pyvis_timeout)])
            )
    print(
        f"{args.nodes} nodes, {args.edges} edges; Chromium {CHROMIUM}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; goal < {GOAL_S:g} s\n"
    )
    print("| layout | runs | median to `stabilized` (s) | all runs (s) |")
    print("|---|---|---|---|")
    for name, values in rows:
        print(
            f"| {name} | {len(values)} | {median_text(values, args.pyvis_timeout)} | "
            f"{', '.join(seconds(v, args.pyvis_timeout) for v in values)} |"
        )


def seconds(value: float | None, limit: float) -> str:
    return f"> {limit:g}" if value is None else f"{value:.2f}"


def median_text(values: list[float | None], limit: float) -> str:
    if any(v is None for v in values):
        return f"> {limit:g} (not stabilized when we stopped waiting)"
    return f"{statistics.median(values):.2f}"


if __name__ == "__main__":
    main()
