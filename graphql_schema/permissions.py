"""Who may resolve a field, declared on the field in one line and checked before it resolves.

    @strawberry.field(extensions=[RequireOrganizationRole(OrganizationRole.ADMIN)])

The target is the object the field belongs to (an Organization, a Workspace), or, on a
mutation, the ID named by ``from_input``. Memberships are read through the request's
loaders. A target the viewer cannot see answers NOT_FOUND, exactly as a missing one would;
a visible one with too low a role answers FORBIDDEN. Row-level security repeats the
membership rule underneath, so a mistake here still leaks nothing.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from strawberry.extensions import FieldExtension

from app.errors import ForbiddenError, NotFoundError, UnauthenticatedError
from app.identity.viewer import Viewer
from app.models.enums import OrganizationRole, RankedRole, WorkspaceRole
from graphql_schema.context import Info
from graphql_schema.node import decode_global_id_of


def require_viewer(info: Info) -> Viewer:
    context = info.context
    if context.viewer is None:
        raise UnauthenticatedError(context.auth_error or "Sign in to do this.")
    return context.viewer


def require_role(role: RankedRole | None, minimum: RankedRole, label: str, *, field: list[str]) -> None:
    """The one rule: no role is "no such thing" (the caller learns nothing), too low a role is
    FORBIDDEN. Fields check through the extensions below; subscriptions call it per event."""
    if role is None:
        raise NotFoundError(f"No such {label}.", field=field)
    if not role.at_least(minimum):
        raise ForbiddenError(
            f"This needs the {minimum.name} role in the {label} or higher; you have {role.name}."
        )


class _RequireRole(FieldExtension):
    target_type: str
    target_label: str

    def __init__(
        self,
        minimum: Any,
        *,
        from_input: str | None = None,
        via: tuple[str, Callable[[Info, UUID], Awaitable[UUID | None]]] | None = None,
        from_source: str = "id",
    ) -> None:
        """``from_input`` names the input field (or query argument) holding the target's ID;
        ``via`` is (type of that ID, how to get from it to the target) when the ID is of
        another object. On a field of another type, ``from_source`` names the parent's
        attribute holding the target's id (``workspace_id`` on a Project)."""
        self.minimum = minimum
        self.from_input = from_input
        self.via = via
        self.from_source = from_source

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        require_viewer(info)
        target_id = await self._target_id(info, source, kwargs)
        role = await self.role_of(info, target_id) if target_id is not None else None
        require_role(role, self.minimum, self._asked_for(), field=self._field(kwargs))
        return await next_(source, info, **kwargs)

    async def _target_id(self, info: Info, source: Any, kwargs: dict[str, Any]) -> UUID | None:
        if self.from_input is None:
            return getattr(source, self.from_source)  # type: ignore[no-any-return]
        # An input object's field for mutations; a plain argument for queries.
        holder = kwargs.get("input")
        value = getattr(holder, self.from_input) if holder is not None else kwargs.get(self.from_input)
        if not value:
            return None
        if self.via is None:
            return decode_global_id_of(value, self.target_type, field=self._field(kwargs)[-1])
        id_type, to_target = self.via
        row_id = decode_global_id_of(value, id_type, field=self._field(kwargs)[-1])
        return await to_target(info, row_id)

    def _asked_for(self) -> str:
        """What the caller named: the project of a ``projectId`` checked in its workspace is
        "no such project", not "no such workspace"."""
        if self.via is None:
            return self.target_label
        return re.sub(r"(?<!^)(?=[A-Z])", " ", self.via[0]).lower()

    def _field(self, kwargs: dict[str, Any]) -> list[str]:
        if self.from_input is None:
            return []
        camel = "".join(part.title() if i else part for i, part in enumerate(self.from_input.split("_")))
        return ["input", camel] if "input" in kwargs else [camel]

    async def role_of(self, info: Info, target_id: UUID) -> Any:
        raise NotImplementedError


class RequireOrganizationRole(_RequireRole):
    target_type = "Organization"
    target_label = "organization"

    def __init__(
        self,
        minimum: OrganizationRole,
        *,
        from_input: str | None = None,
        via: tuple[str, Callable[[Info, UUID], Awaitable[UUID | None]]] | None = None,
    ) -> None:
        super().__init__(minimum, from_input=from_input, via=via)

    async def role_of(self, info: Info, target_id: UUID) -> OrganizationRole | None:
        return await info.context.loaders.organization_role_by_organization_id.load(target_id)


class RequireWorkspaceRole(_RequireRole):
    target_type = "Workspace"
    target_label = "workspace"

    def __init__(
        self,
        minimum: WorkspaceRole,
        *,
        from_input: str | None = None,
        via: tuple[str, Callable[[Info, UUID], Awaitable[UUID | None]]] | None = None,
        from_source: str = "id",
    ) -> None:
        super().__init__(minimum, from_input=from_input, via=via, from_source=from_source)

    async def role_of(self, info: Info, target_id: UUID) -> WorkspaceRole | None:
        return await info.context.loaders.workspace_role_by_workspace_id.load(target_id)


class RequireMembershipAdmin(FieldExtension):
    """For mutations on memberships: ADMIN of the workspace when the input names one (org
    owners and admins qualify there too), else ADMIN of the organization."""

    def __init__(self) -> None:
        self.organization = RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")
        self.workspace = RequireWorkspaceRole(WorkspaceRole.ADMIN, from_input="workspace_id")

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        check = self.workspace if kwargs["input"].workspace_id else self.organization
        return await check.resolve_async(next_, source, info, **kwargs)


class RequireSignedInUser(FieldExtension):
    """A person, not an API key: for what only people do (own an organization, accept an
    invitation, leave)."""

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        if require_viewer(info).user_id is None:
            raise ForbiddenError("Only a signed-in person can do this, not an API key.")
        return await next_(source, info, **kwargs)
