"""Sealing short secrets for a later reader in this deployment (e.g. the mail worker),
with a key derived from the instance secret. Fernet: AES-CBC + HMAC, from ``cryptography``."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet


def _fernet(secret_key: str, purpose: str) -> Fernet:
    digest = hmac.new(secret_key.encode(), f"vizora-seal:{purpose}".encode(), hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(secret_key: str, purpose: str, value: str) -> str:
    return _fernet(secret_key, purpose).encrypt(value.encode()).decode()


def unseal(secret_key: str, purpose: str, sealed: str) -> str:
    return _fernet(secret_key, purpose).decrypt(sealed.encode()).decode()
