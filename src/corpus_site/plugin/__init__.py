"""MkDocs glue only: the `corpus` plugin's options, its hooks, and the build the CLI runs."""

from corpus_site.plugin.plugin import CorpusPlugin

__all__ = ["CorpusPlugin"]
