"""Canned SPARQL queries: the extraction contract and analyst questions."""
