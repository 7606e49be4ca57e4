"""Canned SPARQL queries: the extraction contract and analyst questions."""

from importlib.resources import files
from importlib.resources.abc import Traversable


def canned_file(name: str) -> Traversable:
    """Where the canned query `name` ("events", "timeline", …) ships in the package."""
    return files(__name__).joinpath(f"{name}.rq")


def canned(name: str) -> str:
    """The text of the canned query `name`."""
    return canned_file(name).read_text("utf-8")
