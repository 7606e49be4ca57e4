"""Oxigraph's own server as Diplograph's query engine, in a child process we can stop.

Oxigraph's Python API cannot stop a running query, so the store is served by `oxigraph serve`
in a child process bound to loopback. Its `--timeout-s` stops some queries, but not those that
must see every solution before answering (ORDER BY, COUNT over a huge join: measured still
running at full CPU 20 s after a 2 s timeout). So the front enforces the deadline itself: a
request still unanswered at the deadline gets the child killed and restarted, which really frees
the CPU and memory. Queries in flight on the same child at that moment are answered 503 and may
be retried. Oxigraph's on-disk store survives the kill (write-ahead log).
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

READY_SECONDS = 30.0
GRACE_SECONDS = 0.5


class BackendError(RuntimeError):
    """Oxigraph's server could not be started or reached."""


class Stopped(BackendError):
    """A request ran past the deadline; the engine was restarted to stop it."""


class Interrupted(BackendError):
    """The engine restarted (to stop another request) while this one was running."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str:
    """The `oxigraph` command installed with the package (next to this Python), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise BackendError("the 'oxigraph' command is missing: pip install oxigraph")
    return found


class OxigraphBackend:
    """One `oxigraph serve` child process on a private loopback port."""

    def __init__(self, store: Path, timeout_s: float) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self._generation = 0
        self._restarting: asyncio.Lock | None = None
        self.client = httpx.AsyncClient(
            base_url=self.url,
            timeout=httpx.Timeout(None, connect=5),
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )
        self.restarts = 0

    async def send(self, method: str, path: str, **kwargs) -> httpx.Response:
        """One request to the engine, stopped at the deadline by restarting the engine."""
        if self._restarting is None:
            self._restarting = asyncio.Lock()
        async with self._restarting:
            generation = self._generation
        try:
            return await asyncio.wait_for(
                self.client.request(method, path, **kwargs), self.timeout_s + GRACE_SECONDS
            )
        except TimeoutError:
            await self._restart(generation)
            raise Stopped(f"stopped after {self.timeout_s:g} s") from None
        except httpx.TransportError as error:
            if generation != self._generation or not self.alive():
                raise Interrupted("the engine restarted to stop another query; retry") from None
            raise BackendError(f"the store is not answering: {error}") from None

    async def _restart(self, generation: int) -> None:
        async with self._restarting:
            if generation != self._generation:
                return  # another request already restarted it
            await asyncio.to_thread(self._kill)
            await asyncio.to_thread(self.start)
            self._generation += 1
            self.restarts += 1

    def _kill(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def start(self) -> None:
        self.store.mkdir(parents=True, exist_ok=True)
        command = [oxigraph_binary(), "serve", "--location", str(self.store)]
        command += [
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout-s",
            str(max(1, round(self.timeout_s))),
        ]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                message = self._process.stderr.read().decode(errors="replace").strip()
                raise BackendError(f"oxigraph serve exited: {message[-500:]}")
            try:
                httpx.get(
                    f"{self.url}/query", params={"query": "ASK {}"}, timeout=1
                ).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise BackendError(f"oxigraph serve did not answer within {READY_SECONDS:.0f} s")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    async def close(self) -> None:
        await self.client.aclose()
        await asyncio.to_thread(self.stop)
