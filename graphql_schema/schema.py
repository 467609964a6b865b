"""The schema: Query, Mutation and Subscription assembled from the domain modules,
with the extensions every request runs through."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import strawberry
from strawberry import relay
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    SchemaExtension,
)
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.schema.config import StrawberryConfig

import resolvers.api_keys
import resolvers.billing
import resolvers.identity
import resolvers.membership
import resolvers.node
import resolvers.projects
import resolvers.tenancy
from app.config import Settings
from app.models.enums import OrganizationRole, WorkspaceRole
from graphql_schema.api_keys import (
    ApiKey,
    CreateApiKeyInput,
    CreateApiKeyPayload,
    RevokeApiKeyInput,
    RevokeApiKeyPayload,
    api_key_organization,
)
from graphql_schema.audit import ActivityLog, Notification
from graphql_schema.billing import (
    BillingPayload,
    BillingPlan,
    ChangePlanInput,
    CreateCheckoutSessionInput,
    CreateCheckoutSessionPayload,
    Invoice,
    SubscriptionInput,
)
from graphql_schema.complexity import QueryComplexityLimiter
from graphql_schema.context import Info
from graphql_schema.errors import ErrorFormatting
from graphql_schema.identity import (
    AuthPayload,
    LogInInput,
    LogOutInput,
    LogOutPayload,
    RefreshSessionInput,
    SignUpInput,
    User,
)
from graphql_schema.membership import (
    AcceptInvitationInput,
    AcceptInvitationPayload,
    Invitation,
    InviteMemberInput,
    InviteMemberPayload,
    LeaveOrganizationInput,
    LeaveOrganizationPayload,
    RemoveMemberInput,
    RemoveMemberPayload,
    RevokeInvitationInput,
    RevokeInvitationPayload,
    UpdateMemberRoleInput,
    UpdateMemberRolePayload,
    invitation_organization,
)
from graphql_schema.operation import FinishUnitOfWork, OperationMetrics
from graphql_schema.permissions import (
    RequireMembershipAdmin,
    RequireOrganizationRole,
    RequireSignedInUser,
    RequireWorkspaceRole,
)
from graphql_schema.projects import (
    CreateProjectInput,
    CreateProjectPayload,
    DeleteProjectInput,
    DeleteProjectPayload,
    Project,
    UpdateProjectInput,
    UpdateProjectPayload,
    project_workspace,
)
from graphql_schema.tenancy import Organization, OrganizationMember, Workspace, WorkspaceMember
from graphql_schema.tenancy_mutations import (
    CreateOrganizationInput,
    CreateOrganizationPayload,
    CreateWorkspaceInput,
    CreateWorkspacePayload,
    DeleteOrganizationInput,
    DeleteOrganizationPayload,
    DeleteWorkspaceInput,
    DeleteWorkspacePayload,
    UpdateOrganizationInput,
    UpdateOrganizationPayload,
    UpdateWorkspaceInput,
    UpdateWorkspacePayload,
)


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in user; null when the request is not authenticated.")
    async def viewer(self, info: Info) -> User | None:
        return await resolvers.identity.viewer(info)

    @strawberry.field(
        description="Any object by its global ID; null when it does not exist or is not visible."
    )
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        return await resolvers.node.node(info, id)

    @strawberry.field(description="Objects by global ID, in the order asked; null where not visible.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        return await resolvers.node.nodes(info, list(ids))

    @strawberry.field(description="The plans an organization can choose, cheapest first.")
    async def billing_plans(self, info: Info) -> list[BillingPlan]:
        return await resolvers.billing.billing_plans(info)

    @strawberry.field(description="An organization you belong to, by slug; null otherwise.")
    async def organization(self, info: Info, slug: str) -> Organization | None:
        return await resolvers.tenancy.organization(info, slug)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create an account and start a session.")
    async def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        return await resolvers.identity.sign_up(info, input)

    @strawberry.mutation(description="Start a session. Failed attempts are throttled per email and address.")
    async def log_in(self, info: Info, input: LogInInput) -> AuthPayload:
        return await resolvers.identity.log_in(info, input)

    @strawberry.mutation(
        description="Trade a refresh token for a new pair. Each refresh token works once; "
        "presenting a used one ends its whole session."
    )
    async def refresh_session(self, info: Info, input: RefreshSessionInput) -> AuthPayload:
        return await resolvers.identity.refresh_session(info, input)

    @strawberry.mutation(description="End a session: the refresh token's, or else the current one.")
    async def log_out(self, info: Info, input: LogOutInput | None = None) -> LogOutPayload:
        return await resolvers.identity.log_out(info, input)

    @strawberry.mutation(
        extensions=[RequireSignedInUser()], description="Create an organization; you become its owner."
    )
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput
    ) -> CreateOrganizationPayload:
        return await resolvers.tenancy.create_organization(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")]
    )
    async def create_workspace(self, info: Info, input: CreateWorkspaceInput) -> CreateWorkspacePayload:
        return await resolvers.tenancy.create_workspace(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")]
    )
    async def update_organization(
        self, info: Info, input: UpdateOrganizationInput
    ) -> UpdateOrganizationPayload:
        return await resolvers.tenancy.update_organization(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.OWNER, from_input="organization_id")],
        description="Soft delete: gone for everyone at once; the slug becomes free.",
    )
    async def delete_organization(
        self, info: Info, input: DeleteOrganizationInput
    ) -> DeleteOrganizationPayload:
        return await resolvers.tenancy.delete_organization(info, input)

    @strawberry.mutation(extensions=[RequireWorkspaceRole(WorkspaceRole.ADMIN, from_input="workspace_id")])
    async def update_workspace(self, info: Info, input: UpdateWorkspaceInput) -> UpdateWorkspacePayload:
        return await resolvers.tenancy.update_workspace(info, input)

    @strawberry.mutation(extensions=[RequireWorkspaceRole(WorkspaceRole.ADMIN, from_input="workspace_id")])
    async def delete_workspace(self, info: Info, input: DeleteWorkspaceInput) -> DeleteWorkspacePayload:
        return await resolvers.tenancy.delete_workspace(info, input)

    @strawberry.mutation(extensions=[RequireWorkspaceRole(WorkspaceRole.EDITOR, from_input="workspace_id")])
    async def create_project(self, info: Info, input: CreateProjectInput) -> CreateProjectPayload:
        return await resolvers.projects.create_project(info, input)

    @strawberry.mutation(
        extensions=[
            RequireWorkspaceRole(
                WorkspaceRole.EDITOR, from_input="project_id", via=("Project", project_workspace)
            )
        ]
    )
    async def update_project(self, info: Info, input: UpdateProjectInput) -> UpdateProjectPayload:
        return await resolvers.projects.update_project(info, input)

    @strawberry.mutation(
        extensions=[
            RequireWorkspaceRole(
                WorkspaceRole.EDITOR, from_input="project_id", via=("Project", project_workspace)
            )
        ],
        description="Soft delete: the name and slug become free, and the plan slot is given back.",
    )
    async def delete_project(self, info: Info, input: DeleteProjectInput) -> DeleteProjectPayload:
        return await resolvers.projects.delete_project(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="Upgrades take effect now; downgrades at the end of the period, if usage fits.",
    )
    async def change_plan(self, info: Info, input: ChangePlanInput) -> BillingPayload:
        return await resolvers.billing.change_plan(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="Start paying for a plan at the payment provider; completion arrives by webhook.",
    )
    async def create_checkout_session(
        self, info: Info, input: CreateCheckoutSessionInput
    ) -> CreateCheckoutSessionPayload:
        return await resolvers.billing.create_checkout_session(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="End the subscription at the end of the period (resumeSubscription undoes it).",
    )
    async def cancel_subscription(self, info: Info, input: SubscriptionInput) -> BillingPayload:
        return await resolvers.billing.set_cancel_at_period_end(info, input, cancel=True)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")]
    )
    async def resume_subscription(self, info: Info, input: SubscriptionInput) -> BillingPayload:
        return await resolvers.billing.set_cancel_at_period_end(info, input, cancel=False)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="A key for CI and scripts. The secret is in this payload only; keep it safe.",
    )
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyPayload:
        return await resolvers.api_keys.create_api_key(info, input)

    @strawberry.mutation(
        extensions=[
            RequireOrganizationRole(
                OrganizationRole.ADMIN, from_input="api_key_id", via=("ApiKey", api_key_organization)
            )
        ]
    )
    async def revoke_api_key(self, info: Info, input: RevokeApiKeyInput) -> RevokeApiKeyPayload:
        return await resolvers.api_keys.revoke_api_key(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.ADMIN, from_input="organization_id")],
        description="Invite by email; re-inviting replaces the pending invitation. Returns the token once.",
    )
    async def invite_member(self, info: Info, input: InviteMemberInput) -> InviteMemberPayload:
        return await resolvers.membership.invite_member(info, input)

    @strawberry.mutation(
        extensions=[RequireSignedInUser()],
        description="Join with an invitation token; only the invited email's account can, and only once.",
    )
    async def accept_invitation(self, info: Info, input: AcceptInvitationInput) -> AcceptInvitationPayload:
        return await resolvers.membership.accept_invitation(info, input)

    @strawberry.mutation(
        extensions=[
            RequireOrganizationRole(
                OrganizationRole.ADMIN,
                from_input="invitation_id",
                via=("Invitation", invitation_organization),
            )
        ]
    )
    async def revoke_invitation(self, info: Info, input: RevokeInvitationInput) -> RevokeInvitationPayload:
        return await resolvers.membership.revoke_invitation(info, input)

    @strawberry.mutation(
        extensions=[RequireMembershipAdmin()],
        description="Nobody grants or changes a role above their own; "
        "an organization keeps at least one owner.",
    )
    async def update_member_role(self, info: Info, input: UpdateMemberRoleInput) -> UpdateMemberRolePayload:
        return await resolvers.membership.update_member_role(info, input)

    @strawberry.mutation(extensions=[RequireMembershipAdmin()])
    async def remove_member(self, info: Info, input: RemoveMemberInput) -> RemoveMemberPayload:
        return await resolvers.membership.remove_member(info, input)

    @strawberry.mutation(
        extensions=[RequireOrganizationRole(OrganizationRole.VIEWER, from_input="organization_id")]
    )
    async def leave_organization(self, info: Info, input: LeaveOrganizationInput) -> LeaveOrganizationPayload:
        return await resolvers.membership.leave_organization(info, input)


def schema_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Order matters: on the way out the last runs first (see FinishUnitOfWork)."""
    extensions: list[Callable[[], SchemaExtension]] = [
        ErrorFormatting,
        OperationMetrics,
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(MaxAliasesLimiter, max_alias_count=settings.max_aliases),
        partial(QueryComplexityLimiter, max_cost=settings.max_query_cost, max_depth=settings.max_query_depth),
    ]
    if not settings.introspection_enabled:
        extensions.append(DisableIntrospection)
    extensions.append(FinishUnitOfWork)
    return extensions


def build_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[
            User,
            Organization,
            OrganizationMember,
            Workspace,
            WorkspaceMember,
            Invitation,
            ApiKey,
            ActivityLog,
            Notification,
            Project,
            Invoice,
        ],
        extensions=schema_extensions(settings),
        config=StrawberryConfig(
            disable_field_suggestions=not settings.field_suggestions_enabled,
            relay_max_results=settings.max_page_size,
        ),
    )
