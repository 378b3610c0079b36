"""paperkg: build a knowledge graph of ML papers and the entities they propose, use or mention.

``from kg import KnowledgeGraph`` is the Python API. It is imported on first access (module
``__getattr__``, PEP 562), so ``import kg`` stays cheap for the CLI and never loads networkx or spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = ["KnowledgeGraph", "__version__"]

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph


def __getattr__(name: str) -> object:
    if name == "KnowledgeGraph":
        from kg.graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
