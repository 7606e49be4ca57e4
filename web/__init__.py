"""The HTTP face of Diplograph: SPARQL endpoint, Graph Store, query page."""
