"""Accounts and sessions: sign-up, log-in, refresh with rotation and reuse detection, log-out,
and turning a bearer token into a viewer.

Until a caller is known, row-level security admits nothing; each flow establishes identity
in its transaction (``UnitOfWork.act_as``) before touching the caller's rows, and finds rows
by secret only through the two narrow database functions made for that (migration 0008).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select, text, update

from app.db.session import ANONYMOUS, TenantContext, UnitOfWork
from app.errors import BadUserInputError, ConflictError, UnauthenticatedError
from app.identity.api_keys import authenticate_api_key, looks_like_api_key
from app.identity.passwords import hash_password, require_strong_password, verify_password
from app.identity.rate_limit import LoginThrottle
from app.identity.tokens import (
    REFRESH_TOKEN_TTL,
    AccessClaims,
    InvalidAccessTokenError,
    hash_refresh_token,
    issue_access_token,
    looks_like_access_token,
    new_refresh_token,
    read_access_token,
    utcnow,
)
from app.identity.viewer import Viewer
from app.models import User, UserSession

DISPLAY_NAME_MAX = 80
WRONG_CREDENTIALS = "Email or password is incorrect."
SESSION_ENDED = "The session has ended; log in again."


@dataclass(frozen=True)
class RequestOrigin:
    address: str | None
    user_agent: str | None


@dataclass(frozen=True)
class IssuedSession:
    user: User
    access_token: str
    refresh_token: str
    expires_at: datetime


def normalize_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise BadUserInputError(f"That is not a valid email address: {error}", field=["email"]) from error


async def sign_up(
    uow: UnitOfWork, secret_key: str, origin: RequestOrigin, *, email: str, password: str, display_name: str
) -> IssuedSession:
    user = await create_account(uow, email=email, password=password, display_name=display_name)
    return await _start_session(uow, secret_key, origin, user, family_id=uuid.uuid4())


async def create_account(uow: UnitOfWork, *, email: str, password: str, display_name: str) -> User:
    """A new user, and the transaction now acts as them."""
    address = normalize_email(email)
    name = display_name.strip()
    if not 1 <= len(name) <= DISPLAY_NAME_MAX:
        raise BadUserInputError(
            f"The display name must be 1 to {DISPLAY_NAME_MAX} characters.", field=["displayName"]
        )
    require_strong_password(password, user_inputs=[address, name])
    user = User(id=uuid.uuid4(), email=address, display_name=name, password_hash=hash_password(password))
    await uow.act_as(TenantContext(user_id=user.id))  # the row admits exactly its own insert
    async with uow.unique_or(ConflictError("An account with this email already exists.", field=["email"])):
        uow.session.add(user)
    return user


async def reset_password(uow: UnitOfWork, *, email: str, password: str) -> User | None:
    """For operators (the demo seed): set a known account's password; None if no such account."""
    candidate = (
        await uow.session.execute(text("SELECT id FROM vizora.login_candidate(:email)"), {"email": email})
    ).first()
    if candidate is None:
        return None
    await uow.act_as(TenantContext(user_id=candidate.id))
    user = await uow.session.get_one(User, candidate.id)
    require_strong_password(password, user_inputs=[user.email, user.display_name])
    user.password_hash = hash_password(password)
    return user


async def log_in(
    uow: UnitOfWork,
    secret_key: str,
    throttle: LoginThrottle,
    origin: RequestOrigin,
    *,
    email: str,
    password: str,
) -> IssuedSession:
    address = email.strip().lower()
    attempt = await throttle.count_attempt(uow, address, origin.address)
    candidate = (
        await uow.session.execute(
            text("SELECT id, password_hash FROM vizora.login_candidate(:email)"), {"email": address}
        )
    ).first()
    if not verify_password(candidate.password_hash if candidate else None, password) or candidate is None:
        raise UnauthenticatedError(WRONG_CREDENTIALS)  # the attempt stays counted
    await throttle.take_back(uow.session, attempt)
    await uow.act_as(TenantContext(user_id=candidate.id))
    user = await uow.session.get_one(User, candidate.id)
    user.last_login_at = utcnow()
    return await _start_session(uow, secret_key, origin, user, family_id=uuid.uuid4())


async def refresh_session(
    uow: UnitOfWork, secret_key: str, origin: RequestOrigin, *, refresh_token: str
) -> IssuedSession | None:
    """A new token pair, or None when the refresh token is unknown, expired or revoked.

    Presenting a token that was already rotated means it was copied: the whole session
    family is revoked, and that revocation must be kept, so it is not an exception.
    """
    found = await _session_by_refresh_token(uow, refresh_token)
    if found is None:
        return None
    await uow.act_as(TenantContext(user_id=found.user_id))
    now = utcnow()
    if found.revoked_at is not None:
        await _revoke_family(uow, found.family_id, reason="reuse_detected")
        return None
    if found.expires_at <= now:
        return None
    user = await uow.session.get_one(User, found.user_id)
    successor_id = uuid.uuid4()
    # Conditional on still being live: of two concurrent refreshes with one token, one wins.
    rotated = await uow.session.execute(
        update(UserSession)
        .where(UserSession.id == found.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason="rotated")
        .returning(UserSession.id)
    )
    if rotated.first() is None:
        await _revoke_family(uow, found.family_id, reason="reuse_detected")
        return None
    issued = await _start_session(
        uow, secret_key, origin, user, family_id=found.family_id, session_id=successor_id
    )
    await uow.session.execute(
        update(UserSession).where(UserSession.id == found.id).values(replaced_by_id=successor_id)
    )
    return issued


async def log_out(uow: UnitOfWork, viewer: Viewer | None, *, refresh_token: str | None) -> None:
    """Ends the session of the given refresh token, or else the caller's current session."""
    if refresh_token is not None:
        found = await _session_by_refresh_token(uow, refresh_token)
        if found is None:
            raise UnauthenticatedError(SESSION_ENDED, field=["refreshToken"])
        await uow.act_as(TenantContext(user_id=found.user_id))
        await _revoke_family(uow, found.family_id, reason="logged_out")
        return
    if viewer is None or viewer.session_family_id is None:
        raise UnauthenticatedError("Log out needs a refresh token or a signed-in session.")
    await _revoke_family(uow, viewer.session_family_id, reason="logged_out")


async def authenticate(uow: UnitOfWork, secret_key: str, bearer: str) -> Viewer:
    """The viewer a bearer token (access token or API key) stands for; UnauthenticatedError
    when it stands for nobody."""
    if looks_like_api_key(bearer):
        return await authenticate_api_key(uow, bearer)
    if not looks_like_access_token(bearer):
        raise UnauthenticatedError("The bearer token is neither an access token nor an API key.")
    try:
        claims = read_access_token(secret_key, bearer)
    except InvalidAccessTokenError as error:
        raise UnauthenticatedError(error.message) from error
    await uow.act_as(TenantContext(user_id=claims.user_id))
    live = await uow.session.scalar(
        select(UserSession.id)
        .where(
            UserSession.family_id == claims.session_family_id,
            UserSession.user_id == claims.user_id,
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > utcnow(),
        )
        .limit(1)
    )
    if live is None:
        await uow.act_as(ANONYMOUS)
        raise UnauthenticatedError(SESSION_ENDED)
    return Viewer(user_id=claims.user_id, session_family_id=claims.session_family_id)


async def _start_session(
    uow: UnitOfWork,
    secret_key: str,
    origin: RequestOrigin,
    user: User,
    *,
    family_id: UUID,
    session_id: UUID | None = None,
) -> IssuedSession:
    now = utcnow()
    refresh_token = new_refresh_token()
    uow.session.add(
        UserSession(
            id=session_id or uuid.uuid4(),
            user_id=user.id,
            refresh_token_hash=hash_refresh_token(refresh_token),
            family_id=family_id,
            ip_address=origin.address,
            user_agent=(origin.user_agent or "")[:512] or None,
            expires_at=now + REFRESH_TOKEN_TTL,
        )
    )
    await uow.session.flush()
    access_token, expires_at = issue_access_token(
        secret_key, AccessClaims(user_id=user.id, session_family_id=family_id), now=now
    )
    return IssuedSession(user, access_token, refresh_token, expires_at)


async def _session_by_refresh_token(uow: UnitOfWork, refresh_token: str) -> _FoundSession | None:
    row = (
        await uow.session.execute(
            text(
                "SELECT id, user_id, family_id, expires_at, revoked_at "
                "FROM vizora.session_by_refresh_token(:token_hash)"
            ),
            {"token_hash": hash_refresh_token(refresh_token)},
        )
    ).first()
    return _FoundSession(*row) if row else None


@dataclass(frozen=True)
class _FoundSession:
    id: UUID
    user_id: UUID
    family_id: UUID
    expires_at: datetime
    revoked_at: datetime | None


async def _revoke_family(uow: UnitOfWork, family_id: UUID, *, reason: str) -> None:
    await uow.session.execute(
        update(UserSession)
        .where(UserSession.family_id == family_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
