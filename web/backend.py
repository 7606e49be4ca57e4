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
import math
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

READY_SECONDS = 30.0
GRACE_SECONDS = 1.0
ENGINE_SLOTS = 16


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


@dataclass
class Answer:
    """What the engine answered; `cut` when reading stopped at the line cap."""

    status: int
    headers: dict[str, str]
    body: bytes
    cut: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class OxigraphBackend:
    """One `oxigraph serve` child process on a private loopback port."""

    def __init__(self, store: Path, timeout_s: float) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.restarts = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._log = Path(tempfile.mkstemp(prefix="diplograph-engine-", suffix=".log")[1])
        self._generation = 0
        self._restarting: asyncio.Lock | None = None
        self._slots: asyncio.Semaphore | None = None
        self.client = httpx.AsyncClient(
            base_url=self.url,
            timeout=httpx.Timeout(None, connect=5),
            limits=httpx.Limits(max_connections=ENGINE_SLOTS * 2),
        )

    async def fetch(self, method: str, path: str, max_lines: int | None = None, **kwargs) -> Answer:
        """One request to the engine, read at most to `max_lines` lines, and stopped at the
        deadline by restarting the engine. The clock starts once the request has a slot, so
        time spent queuing behind other requests does not count."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(ENGINE_SLOTS)
            self._restarting = asyncio.Lock()
        async with self._slots:
            generation = self._generation
            try:
                return await asyncio.wait_for(
                    self._read(method, path, max_lines, kwargs), self.timeout_s + GRACE_SECONDS
                )
            except TimeoutError:
                await self._restart(generation)
                raise Stopped(f"stopped after {self.timeout_s:g} s") from None
            except httpx.TransportError as error:
                if generation != self._generation:
                    raise Interrupted("the engine restarted to stop another query; retry") from None
                if not self.alive():
                    await self._restart(generation)
                    raise Interrupted("the engine had stopped and was restarted; retry") from None
                raise BackendError(f"the store is not answering: {error}") from None

    async def _read(self, method: str, path: str, max_lines: int | None, kwargs: dict) -> Answer:
        async with self.client.stream(method, path, **kwargs) as response:
            chunks: list[bytes] = []
            lines = 0
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                lines += chunk.count(b"\n")
                if max_lines is not None and lines > max_lines:
                    return Answer(
                        response.status_code, dict(response.headers), b"".join(chunks), True
                    )
            return Answer(response.status_code, dict(response.headers), b"".join(chunks))

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
        """Start the engine and wait until it answers. Its own --timeout-s cancels the queries
        it can cancel (streamed results) a little before the front's deadline kills it."""
        self.store.mkdir(parents=True, exist_ok=True)
        command = [oxigraph_binary(), "serve", "--location", str(self.store)]
        command += [
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout-s",
            str(math.ceil(self.timeout_s)),
        ]
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                message = self._log.read_text(errors="replace").strip()
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
        self._log.unlink(missing_ok=True)

    async def close(self) -> None:
        await self.client.aclose()
        await asyncio.to_thread(self.stop)
