"""Shared helpers: the real `diplograph` command, run in a subprocess, on stores in tmp dirs."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright import sync_api

from diplograph.graph.ingest import nlp
from diplograph.graph.ingest.extract import extract
from diplograph.graph.ingest.model import Extraction
from diplograph.graph.ingest.reader import parse_text

from .browser import Watch, chromium, watched_page

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).parent / "data"
SEED = ROOT / "graph" / "samples" / "cuba-china-61-years.txt"
SEED_URL = (
    "https://www.radiohc.cu/en/noticias/nacionales/271828-cuba-and-china-strengthen-strategic"
    "-relations-61-years-after-establishment"
)
KENYA = DATA / "kenya-china-written-for-tests.md"


def extracted(text: str) -> Extraction:
    """What the extractor makes of a text written for a test (no store, no CLI)."""
    return extract(parse_text(text, Path("written-for-tests.md")), nlp.load())


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


@dataclass
class Endpoint:
    """A real `diplograph serve` process (uvicorn, with its Oxigraph engine) on a free port."""

    url: str
    token: str
    store: Path
    process: subprocess.Popen

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(store: Path, *options: str, token: str | None = "test-token") -> Iterator[Endpoint]:
    port = free_port()
    command = ["diplograph", "serve", "--store", str(store), "--port", str(port), *options]
    if token:
        command += ["--update-token", token]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"diplograph serve did not start: {process.stderr.read()[-2000:]}"
                )
            time.sleep(0.1)
        yield Endpoint(url, token or "", store, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory: pytest.TempPathFactory, seed_store: Path) -> Iterator[Endpoint]:
    """A server on a copy of the seed store; tests may add data in their own graphs only."""
    import shutil

    store = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(seed_store, store)
    with serving(store, "--timeout", "3", "--max-rows", "50") as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def watch() -> Watch:
    """Shared by all browser tests of a module, so the last test can look back at all of them."""
    return Watch()


@pytest.fixture
def page(browser: sync_api.Browser, watch: Watch) -> Iterator[sync_api.Page]:
    """A 1400×900 page that records what it tried to fetch from outside the machine."""
    with watched_page(
        browser, watch, viewport={"width": 1400, "height": 900}, accept_downloads=True
    ) as page:
        yield page
