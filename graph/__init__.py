"""Diplograph: news about relations between countries as a provenance-carrying RDF graph."""

from importlib.metadata import version

__version__ = version("diplograph")
