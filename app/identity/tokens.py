"""Access tokens (short-lived signed JWTs) and refresh tokens (opaque, stored only hashed)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt

ACCESS_TOKEN_TTL = timedelta(minutes=15)
REFRESH_TOKEN_TTL = timedelta(days=30)
_ALGORITHM = "HS256"
_ISSUER = "vizora"


class InvalidAccessTokenError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AccessClaims:
    user_id: UUID
    session_family_id: UUID


def _signing_key(secret_key: str) -> bytes:
    # Its own key, derived: a leaked token-signing key must not also open the database.
    return hmac.new(secret_key.encode(), b"vizora-access-token-signing", hashlib.sha256).digest()


def issue_access_token(secret_key: str, claims: AccessClaims, *, now: datetime) -> tuple[str, datetime]:
    expires_at = now + ACCESS_TOKEN_TTL
    payload = {
        "iss": _ISSUER,
        "sub": str(claims.user_id),
        "sid": str(claims.session_family_id),
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
        "typ": "access",
    }
    return jwt.encode(payload, _signing_key(secret_key), algorithm=_ALGORITHM), expires_at


def read_access_token(secret_key: str, token: str) -> AccessClaims:
    try:
        payload = jwt.decode(
            token,
            _signing_key(secret_key),
            algorithms=[_ALGORITHM],
            issuer=_ISSUER,
            options={"require": ["exp", "sub", "sid", "iss"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise InvalidAccessTokenError("The access token has expired; refresh the session.") from error
    except jwt.InvalidTokenError as error:
        raise InvalidAccessTokenError("The access token is not valid.") from error
    if payload.get("typ") != "access":
        raise InvalidAccessTokenError("The access token is not valid.")
    try:
        return AccessClaims(user_id=UUID(payload["sub"]), session_family_id=UUID(payload["sid"]))
    except ValueError as error:
        raise InvalidAccessTokenError("The access token is not valid.") from error


def looks_like_access_token(token: str) -> bool:
    return token.count(".") == 2


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    # 256 random bits: a fast hash is enough (and lets us look tokens up by it); argon2 is for
    # secrets people choose.
    return hashlib.sha256(token.encode()).hexdigest()


def utcnow() -> datetime:
    return datetime.now(UTC)
