"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description suites, run by our
own runner (`tests/w3c.py`) against a real `diplograph serve` on an empty store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import w3c

from .conftest import SHARED, Endpoint, serving

CASES = w3c.cases(SHARED / "w3c")


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[w3c.Target]:
    store: Path = tmp_path_factory.mktemp("w3c") / "store"
    with serving(store) as server:
        yield _target(server)


def _target(server: Endpoint) -> w3c.Target:
    return w3c.Target(server.url, "/sparql", "/sparql", "/store", server.auth())


def test_all_three_suites_are_there():
    suites = {case.suite for case in CASES}
    assert suites == {"protocol", "graph-store-protocol", "service-description"}
    assert sum(case.suite == "protocol" for case in CASES) == 34


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.suite}:{case.id}")
def test_w3c(case: w3c.Case, target: w3c.Target):
    result = w3c.run(case, target)
    assert result.passed, result.detail
