"""Names and slugs of organizations and workspaces."""

from __future__ import annotations

import re

from app.errors import BadUserInputError

NAME_MAX = 80
SLUG_MIN, SLUG_MAX = 3, 48
_SLUG = re.compile(rf"^[a-z0-9](?:[a-z0-9-]{{{SLUG_MIN - 2},{SLUG_MAX - 2}}})[a-z0-9]$")


def clean_name(name: str, *, field: str = "name") -> str:
    cleaned = " ".join(name.split())
    if not 1 <= len(cleaned) <= NAME_MAX:
        raise BadUserInputError(f"The name must be 1 to {NAME_MAX} characters.", field=[field])
    return cleaned


def require_slug(slug: str, *, field: str = "slug") -> str:
    if not _SLUG.match(slug) or "--" in slug:
        raise BadUserInputError(
            f"The slug must be {SLUG_MIN}-{SLUG_MAX} lowercase letters, digits or single dashes, "
            "starting and ending with a letter or digit.",
            field=[field],
        )
    return slug


def slug_from_name(name: str) -> str:
    """A slug suggested by a name, for when the caller gives none."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:SLUG_MAX].strip("-")
    return slug if len(slug) >= SLUG_MIN else f"{slug or 'ws'}-{'0' * SLUG_MIN}"[:SLUG_MAX]
