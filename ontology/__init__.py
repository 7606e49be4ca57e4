"""The Diplograph ontology, its concept schemes and SHACL shapes, as package data."""
