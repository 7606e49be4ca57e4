"""Gazetteer tables: country aliases and epithets, organizations, event triggers."""
