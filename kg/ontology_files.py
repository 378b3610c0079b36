"""Where the ontology files (shapes, vocabulary, example queries) are, in a checkout or an installed wheel.

The repository keeps them in the top-level ``ontology/`` folder, the place users look for them and
the layout the project fixes. A wheel cannot put files outside its packages, so it installs a copy
under ``<prefix>/share/paperkg/ontology`` (``[tool.setuptools.data-files]`` in ``pyproject.toml``);
this module finds whichever is there, the checkout first so edits to ``ontology/`` take effect at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[1] / "ontology"
_INSTALLED = Path(sys.prefix) / "share" / "paperkg" / "ontology"


def ontology_file(name: str) -> Path:
    """The path of ``ontology/<name>``; the checkout's path when neither copy exists (errors name it)."""
    for folder in (_CHECKOUT, _INSTALLED):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return _CHECKOUT / name
