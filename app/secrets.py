"""The instance secret: signs tokens and derives the runtime role's database password."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from app.config import Settings


class MissingSecretKeyError(RuntimeError):
    pass


def resolve_secret_key(settings: Settings) -> str:
    """The configured key; outside production one is generated once and kept in the data directory."""
    if settings.secret_key:
        return settings.secret_key
    if settings.is_production:
        raise MissingSecretKeyError("VIZORA_SECRET_KEY must be set in production")
    key_file = settings.data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return _create_key_file(key_file)


def _create_key_file(key_file: Path) -> str:
    key = secrets.token_urlsafe(48)
    draft = key_file.with_name(f".{key_file.name}.{os.getpid()}")
    draft.write_text(key)
    draft.chmod(0o600)
    try:
        # A hard link is created whole or not at all: when two processes start together,
        # exactly one key wins and nobody reads a half-written file.
        os.link(draft, key_file)
    except FileExistsError:
        key = key_file.read_text().strip()
    finally:
        draft.unlink()
    return key
