"""Passwords: argon2id hashes, and refusing the ones attackers try first.

Strength is judged by zxcvbn (Dropbox's estimator): it knows the common-password lists,
names, keyboard patterns and the user's own email, which a length rule alone does not.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from app.errors import BadUserInputError

MIN_LENGTH = 10
MAX_LENGTH = 256  # argon2 takes any length; the cap keeps hashing a bounded cost per request
MIN_ZXCVBN_SCORE = 2  # 0-4; below 2 is guessable within hours offline
_ZXCVBN_INPUT_LIMIT = 100  # zxcvbn's cost grows with length; the first 100 characters decide

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_UNKNOWN_USER_HASH = _hasher.hash("vizora-no-such-user-password")


def require_strong_password(password: str, *, user_inputs: list[str]) -> None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise BadUserInputError(
            f"The password must be {MIN_LENGTH} to {MAX_LENGTH} characters long.", field=["password"]
        )
    verdict = zxcvbn(password[:_ZXCVBN_INPUT_LIMIT], user_inputs=user_inputs)
    if verdict["score"] < MIN_ZXCVBN_SCORE:
        hint = verdict["feedback"]["warning"] or "It is too easy to guess."
        raise BadUserInputError(f"Choose a stronger password. {hint}".strip(), field=["password"])


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists (pass None for an unknown email)."""
    try:
        return _hasher.verify(password_hash or _UNKNOWN_USER_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
