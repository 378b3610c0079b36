"""Stable keys and IRIs for papers and entities.

A paper's key comes from its arXiv id when known, else from its normalised title; an entity's
from its canonical label. Keys are slugs so IRIs stay readable; a label with characters the slug
drops (``C++``, ``β-VAE``) gets a short hash of the exact label appended, so distinct labels never
collide and any label yields a valid IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

RESOURCE = "https://w3id.org/paperkg/resource/"

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_PLAIN = re.compile(r"^[a-z0-9][a-z0-9 \-]*$")
_ARXIV = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)


def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form used to compare labels."""
    if text.isascii():  # nothing to decompose (most labels): skip the per-character pass
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def slug(text: str, max_len: int = 80) -> str:
    """A lowercase ASCII slug; adds a hash when the slug drops characters or is truncated.

    >>> slug("Low-Rank Adaptation")
    'low-rank-adaptation'
    >>> slug("C++").startswith("c-")
    True
    """
    folded = fold(text)
    base = _NON_SLUG.sub("-", folded).strip("-")
    lossy = not _PLAIN.match(folded) or len(base) > max_len or not base
    base = base[:max_len].strip("-") or "x"
    if lossy:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        return f"{base}-{digest}"
    return base


def normalise_arxiv_id(value: str | None) -> str | None:
    """``arXiv:2106.01234v2`` → ``2106.01234``; anything that is not an arXiv id → ``None``."""
    if not value:
        return None
    match = _ARXIV.match(value.strip())
    return match.group(1).lower() if match else None


def paper_key(title: str, arxiv_id: str | None = None) -> str:
    """The stable key of a paper: ``arxiv-<id>`` or a slug of its normalised title."""
    if arxiv_id:
        return "arxiv-" + _NON_SLUG.sub("-", arxiv_id.lower()).strip("-")
    return slug(title)


def entity_key(label: str) -> str:
    """The stable key of an entity, from its canonical label."""
    return slug(label)


def homonym_key(key: str, form: str) -> str:
    """The key of a new entity whose name slugs to ``key``, a vocabulary entity's key, without being its
    name ("Maestro", a paper's method, beside the MAESTRO dataset): ``key`` and a digest of the name's
    merge form ``form``, so every spelling of the new name gets the same key, apart from the term's."""
    return f"{key}-{hashlib.sha1(('homonym ' + form).encode('utf-8')).hexdigest()[:8]}"


def paper_iri(key: str) -> str:
    """The IRI of a paper key."""
    return f"{RESOURCE}paper/{key}"


def entity_iri(key: str) -> str:
    """The IRI of an entity key."""
    return f"{RESOURCE}entity/{key}"
