"""Exporters: representations of a built ``Corpus`` (RDF, HTML) written atomically."""
