"""Reading articles and turning them into RDF: text → extraction → graph."""
