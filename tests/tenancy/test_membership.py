"""Invitations and member management through GraphQL, with the invariants that guard them."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.identity.tokens import utcnow
from app.models import EmailOutbox, Invitation, OrganizationMember
from app.secrets_box import unseal
from app.tenancy.invitations import OUTBOX_SEAL_PURPOSE, hash_invitation_token
from graphql_schema.node import decode_global_id
from tests.accounts import PASSWORD, SIGN_UP, Account, sign_up
from tests.database import TEST_SECRET_KEY
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.tenancy.test_organizations import CREATE_WORKSPACE, ORGANIZATION, create_organization

INVITE = """
mutation($input: InviteMemberInput!) {
  inviteMember(input: $input) { token invitation { id email organizationRole } userErrors { field message code } }
}
"""
ACCEPT = """
mutation($token: String!) {
  acceptInvitation(input: { token: $token }) {
    organization { slug viewerRole } workspace { slug viewerRole } userErrors { field message code }
  }
}
"""
REVOKE = """
mutation($id: ID!) { revokeInvitation(input: { invitationId: $id }) { invitation { revokedAt } userErrors { code } } }
"""
UPDATE_ROLE = """
mutation($input: UpdateMemberRoleInput!) {
  updateMemberRole(input: $input) {
    organizationMember { role } workspaceMember { role } userErrors { field message code }
  }
}
"""
REMOVE = """
mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedUserId userErrors { message code } } }
"""
LEAVE = """
mutation($id: ID!) { leaveOrganization(input: { organizationId: $id }) { success userErrors { message code } } }
"""


async def sign_up_as(client: GraphQLClient, email: str) -> Account:
    response = await client.execute(
        SIGN_UP, {"input": {"email": email, "password": PASSWORD, "displayName": "Invitee"}}
    )
    payload = response.data["signUp"]
    return Account(email, payload["user"]["id"], payload["accessToken"], payload["refreshToken"])


async def invite(
    client: GraphQLClient,
    inviter: Account,
    organization_id: str,
    email: str,
    role: str = "MEMBER",
    **extra: str,
) -> GraphQLResponse:
    variables = {
        "input": {"organizationId": organization_id, "email": email, "organizationRole": role, **extra}
    }
    return await client.execute(INVITE, variables, token=inviter.access_token)


async def member_of(
    client: GraphQLClient, owner: Account, role: str = "MEMBER"
) -> tuple[dict[str, str], Account]:
    """An organization of ``owner`` and a second user who joined it by invitation with ``role``."""
    organization = await create_organization(client, owner)
    email = f"joiner-{uuid.uuid4().hex[:8]}@example.com"
    token = (await invite(client, owner, organization["id"], email, role)).data["inviteMember"]["token"]
    joiner = await sign_up_as(client, email)
    accepted = await client.execute(ACCEPT, {"token": token}, token=joiner.access_token)
    assert accepted.data["acceptInvitation"]["userErrors"] == []
    return organization, joiner


def codes(response: GraphQLResponse, mutation: str) -> list[str]:
    return [error["code"] for error in response.data[mutation]["userErrors"]]


async def test_invited_person_joins_with_the_invited_role(client: GraphQLClient) -> None:
    owner = await sign_up(client, "inviter")
    organization, joiner = await member_of(client, owner, role="ADMIN")

    seen = await client.execute(ORGANIZATION, {"slug": organization["slug"]}, token=joiner.access_token)

    assert seen.data["organization"]["viewerRole"] == "ADMIN"
    assert seen.data["organization"]["members"]["totalCount"] == 2


async def test_invitation_token_is_kept_only_hashed_and_sealed_for_the_mailer(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "mailer")
    organization = await create_organization(client, owner)
    email = f"sealed-{uuid.uuid4().hex[:6]}@example.com"

    token = (await invite(client, owner, organization["id"], email)).data["inviteMember"]["token"]

    stored = await owner_session.scalar(select(Invitation).where(Invitation.email == email))
    mail = await owner_session.scalar(select(EmailOutbox).where(EmailOutbox.to_address == email))
    assert stored is not None
    assert mail is not None
    assert stored.token_hash == hash_invitation_token(token) != token
    assert token not in str(mail.payload) + mail.body_text
    assert unseal(TEST_SECRET_KEY, OUTBOX_SEAL_PURPOSE, mail.payload["sealed_token"]) == token


async def test_invitation_works_once_and_only_for_the_invited_email(client: GraphQLClient) -> None:
    owner = await sign_up(client, "once")
    organization = await create_organization(client, owner)
    email = f"invited-{uuid.uuid4().hex[:6]}@example.com"
    token = (await invite(client, owner, organization["id"], email)).data["inviteMember"]["token"]
    stranger = await sign_up(client, "stranger")
    invitee = await sign_up_as(client, email)

    wrong_account = await client.execute(ACCEPT, {"token": token}, token=stranger.access_token)
    first = await client.execute(ACCEPT, {"token": token}, token=invitee.access_token)
    again = await client.execute(ACCEPT, {"token": token}, token=invitee.access_token)
    stranger_sees = await client.execute(
        ORGANIZATION, {"slug": organization["slug"]}, token=stranger.access_token
    )

    assert codes(wrong_account, "acceptInvitation") == ["FORBIDDEN"]
    assert first.data["acceptInvitation"]["organization"]["viewerRole"] == "MEMBER"
    assert codes(again, "acceptInvitation") == ["NOT_FOUND"]
    assert stranger_sees.data["organization"] is None


async def test_expired_replaced_and_revoked_invitations_are_refused(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "lapsing")
    organization = await create_organization(client, owner)
    email = f"lapsed-{uuid.uuid4().hex[:6]}@example.com"
    invitee = await sign_up_as(client, email)
    replaced = (await invite(client, owner, organization["id"], email)).data["inviteMember"]["token"]
    current = (await invite(client, owner, organization["id"], email)).data["inviteMember"]
    await owner_session.execute(
        update(Invitation)
        .where(Invitation.token_hash == hash_invitation_token(current["token"]))
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )
    await owner_session.commit()

    replaced_answer = await client.execute(ACCEPT, {"token": replaced}, token=invitee.access_token)
    expired_answer = await client.execute(ACCEPT, {"token": current["token"]}, token=invitee.access_token)
    revoked = await client.execute(REVOKE, {"id": current["invitation"]["id"]}, token=owner.access_token)

    assert codes(replaced_answer, "acceptInvitation") == ["NOT_FOUND"]
    [expired_error] = expired_answer.data["acceptInvitation"]["userErrors"]
    assert expired_error["message"] == "This invitation has expired; ask for a new one."
    assert revoked.data["revokeInvitation"]["invitation"]["revokedAt"] is not None


async def test_two_concurrent_acceptances_of_one_token_make_one_membership(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "racing")
    organization = await create_organization(client, owner)
    email = f"racer-{uuid.uuid4().hex[:6]}@example.com"
    token = (await invite(client, owner, organization["id"], email)).data["inviteMember"]["token"]
    invitee = await sign_up_as(client, email)

    answers = await asyncio.gather(
        *(client.execute(ACCEPT, {"token": token}, token=invitee.access_token) for _ in range(2))
    )
    memberships = await owner_session.scalar(
        select(func.count())
        .select_from(OrganizationMember)
        .where(OrganizationMember.organization_id == decode_global_id(organization["id"])[1])
    )

    assert sorted(codes(answer, "acceptInvitation") for answer in answers) == [[], ["NOT_FOUND"]]
    assert memberships == 2


async def test_nobody_invites_above_their_own_role_and_members_cannot_invite(client: GraphQLClient) -> None:
    owner = await sign_up(client, "ranks")
    organization, admin = await member_of(client, owner, role="ADMIN")
    _, member = await member_of(client, owner, role="MEMBER")
    target = f"someone-{uuid.uuid4().hex[:6]}@example.com"

    admin_invites_owner = await invite(client, admin, organization["id"], target, role="OWNER")
    member_invites = await invite(client, member, organization["id"], target)

    assert codes(admin_invites_owner, "inviteMember") == ["FORBIDDEN"]
    assert member_invites.error_codes == ["NOT_FOUND"]  # not a member of *that* organization: invisible


async def test_roles_change_within_the_rules_and_the_last_owner_stays(client: GraphQLClient) -> None:
    owner = await sign_up(client, "governor")
    organization, admin = await member_of(client, owner, role="ADMIN")

    def change(user: Account, role: str) -> dict[str, object]:
        return {
            "input": {"organizationId": organization["id"], "userId": user.user_id, "organizationRole": role}
        }

    admin_demotes_owner = await client.execute(UPDATE_ROLE, change(owner, "MEMBER"), token=admin.access_token)
    admin_crowns_self = await client.execute(UPDATE_ROLE, change(admin, "OWNER"), token=admin.access_token)
    owner_steps_down = await client.execute(UPDATE_ROLE, change(owner, "ADMIN"), token=owner.access_token)
    owner_demotes_admin = await client.execute(UPDATE_ROLE, change(admin, "VIEWER"), token=owner.access_token)

    assert codes(admin_demotes_owner, "updateMemberRole") == ["FORBIDDEN"]
    assert codes(admin_crowns_self, "updateMemberRole") == ["FORBIDDEN"]
    assert codes(owner_steps_down, "updateMemberRole") == ["CONFLICT"]
    assert owner_demotes_admin.data["updateMemberRole"]["organizationMember"] == {"role": "VIEWER"}


async def test_removed_member_loses_access_on_the_next_request(client: GraphQLClient) -> None:
    owner = await sign_up(client, "remover")
    organization, member = await member_of(client, owner)

    before = await client.execute(ORGANIZATION, {"slug": organization["slug"]}, token=member.access_token)
    removed = await client.execute(
        REMOVE,
        {"input": {"organizationId": organization["id"], "userId": member.user_id}},
        token=owner.access_token,
    )
    after = await client.execute(ORGANIZATION, {"slug": organization["slug"]}, token=member.access_token)
    last_owner = await client.execute(
        REMOVE,
        {"input": {"organizationId": organization["id"], "userId": owner.user_id}},
        token=owner.access_token,
    )

    assert before.data["organization"] is not None
    assert removed.data["removeMember"] == {"removedUserId": member.user_id, "userErrors": []}
    assert after.data["organization"] is None
    assert codes(last_owner, "removeMember") == ["CONFLICT"]


async def test_members_may_leave_but_the_last_owner_may_not(client: GraphQLClient) -> None:
    owner = await sign_up(client, "stayer")
    organization, member = await member_of(client, owner)

    member_leaves = await client.execute(LEAVE, {"id": organization["id"]}, token=member.access_token)
    owner_leaves = await client.execute(LEAVE, {"id": organization["id"]}, token=owner.access_token)

    assert member_leaves.data["leaveOrganization"] == {"success": True, "userErrors": []}
    assert codes(owner_leaves, "leaveOrganization") == ["CONFLICT"]


async def test_workspace_roles_are_managed_by_workspace_admins(client: GraphQLClient) -> None:
    owner = await sign_up(client, "wsadmin")
    organization, member = await member_of(client, owner)
    workspace = (
        await client.execute(
            CREATE_WORKSPACE,
            {"organizationId": organization["id"], "name": "Analytics"},
            token=owner.access_token,
        )
    ).data["createWorkspace"]["workspace"]
    email = f"ws-{uuid.uuid4().hex[:6]}@example.com"
    invited = await invite(
        client, owner, organization["id"], email, workspaceId=workspace["id"], workspaceRole="EDITOR"
    )
    analyst = await sign_up_as(client, email)
    joined = await client.execute(
        ACCEPT, {"token": invited.data["inviteMember"]["token"]}, token=analyst.access_token
    )

    def change(role: str) -> dict[str, object]:
        return {
            "input": {
                "organizationId": organization["id"],
                "workspaceId": workspace["id"],
                "userId": analyst.user_id,
                "workspaceRole": role,
            }
        }

    by_outsider_member = await client.execute(UPDATE_ROLE, change("ADMIN"), token=member.access_token)
    by_owner = await client.execute(UPDATE_ROLE, change("VIEWER"), token=owner.access_token)

    assert joined.data["acceptInvitation"]["workspace"]["viewerRole"] == "EDITOR"
    assert by_outsider_member.error_codes == ["NOT_FOUND"]  # not in the workspace: cannot see it
    assert by_owner.data["updateMemberRole"]["workspaceMember"] == {"role": "VIEWER"}
