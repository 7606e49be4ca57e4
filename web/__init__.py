"""The HTTP face of Diplograph (SPARQL endpoint and network view) lives here."""
