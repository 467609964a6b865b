"""Connection URIs at rest: AES-256-GCM from ``cryptography``.

The key is ``VIZORA_CONNECTION_KEY`` (32 bytes, base64) when the operator sets one — so it
can be rotated apart from the instance secret — and otherwise derived from the instance
secret with HKDF. The connection's id is the associated data: a ciphertext copied onto
another row does not decrypt there.
"""

from __future__ import annotations

import base64
import os
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_NONCE_BYTES = 12


class UnreadableSecretError(Exception):
    """The stored URI does not decrypt with the configured key (rotated without re-sealing)."""


def connection_key(secret_key: str, configured: str | None) -> bytes:
    if configured:
        key = base64.b64decode(configured)
        if len(key) != 32:
            raise ValueError("VIZORA_CONNECTION_KEY must be 32 bytes, base64-encoded.")
        return key
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"vizora:connection-uri").derive(
        secret_key.encode()
    )


def seal_uri(key: bytes, connection_id: UUID, uri: str) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, uri.encode(), connection_id.bytes)


def open_uri(key: bytes, connection_id: UUID, sealed: bytes) -> str:
    try:
        plain = AESGCM(key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], connection_id.bytes)
    except InvalidTag as error:
        raise UnreadableSecretError from error
    return plain.decode()
