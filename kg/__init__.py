"""paperkg: build a knowledge graph of ML papers and the entities they propose, use or mention."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
