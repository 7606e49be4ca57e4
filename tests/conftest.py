"""Shared helpers: the real `diplograph` command, run in a subprocess, on stores in tmp dirs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).parent / "data"
SEED = ROOT / "graph" / "samples" / "cuba-china-61-years.txt"
SEED_URL = (
    "https://www.radiohc.cu/en/noticias/nacionales/271828-cuba-and-china-strengthen-strategic"
    "-relations-61-years-after-establishment"
)
KENYA = DATA / "kenya-china-written-for-tests.md"


def diplograph(*args: object, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        ["diplograph", *map(str, args)], capture_output=True, text=True, timeout=300
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"diplograph {args} exited {proc.returncode}: {proc.stderr}")
    return proc


def rows(store: Path, query: str) -> list[dict[str, str]]:
    """Run a query (file, canned name or SPARQL) and return its bindings as plain values."""
    result = json.loads(diplograph("query", query, "--store", store, "--format", "json").stdout)
    return [{k: v["value"] for k, v in b.items()} for b in result["results"]["bindings"]]


def quad_count(store: Path) -> int:
    return int(rows(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"])


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the seed article, ingested once; tests must only read it."""
    store = tmp_path_factory.mktemp("seed") / "store"
    diplograph("ingest", SEED, "--store", store, "--published", "2021-09-28", "--source", SEED_URL)
    return store
