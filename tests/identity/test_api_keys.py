"""API keys: shown once, stored hashed, scoped to an organization or workspace, revocable."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.identity.tokens import utcnow
from app.models import ApiKey
from graphql_schema.node import decode_global_id
from tests.accounts import sign_up
from tests.graphql_client import GraphQLClient
from tests.plans import upgrade
from tests.tenancy.test_membership import member_of
from tests.tenancy.test_organizations import CREATE_ORGANIZATION, CREATE_WORKSPACE, create_organization

CREATE_KEY = """
mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name prefix role lastUsedAt } userErrors { field message code } }
}
"""
REVOKE_KEY = "mutation($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { apiKey { revokedAt } userErrors { code } } }"
AS_KEY = """
query($slug: String!, $workspace: ID!) {
  viewer { id }
  organization(slug: $slug) { viewerRole }
  node(id: $workspace) { ... on Workspace { slug viewerRole } }
}
"""


async def workspace_of(
    client: GraphQLClient, owner_token: str, organization_id: str, name: str
) -> dict[str, str]:
    response = await client.execute(
        CREATE_WORKSPACE, {"organizationId": organization_id, "name": name}, token=owner_token
    )
    workspace: dict[str, str] = response.data["createWorkspace"]["workspace"]
    return workspace


async def test_key_acts_with_its_role_in_its_workspace_and_nowhere_else(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "keyholder")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"])
    ci = await workspace_of(client, owner.access_token, organization["id"], "Pipelines")
    other = await workspace_of(client, owner.access_token, organization["id"], "Finance")

    created = await client.execute(
        CREATE_KEY,
        {
            "input": {
                "organizationId": organization["id"],
                "workspaceId": ci["id"],
                "name": "CI",
                "role": "EDITOR",
            }
        },
        token=owner.access_token,
    )
    payload = created.data["createApiKey"]
    secret = payload["secret"]
    in_ci = await client.execute(AS_KEY, {"slug": organization["slug"], "workspace": ci["id"]}, token=secret)
    in_other = await client.execute(
        AS_KEY, {"slug": organization["slug"], "workspace": other["id"]}, token=secret
    )
    key_management = await client.execute(
        "query($slug: String!) { organization(slug: $slug) { apiKeys { totalCount } } }",
        {"slug": organization["slug"]},
        token=secret,
    )
    stored = await owner_session.scalar(
        select(ApiKey).where(ApiKey.id == decode_global_id(payload["apiKey"]["id"])[1])
    )

    assert secret.startswith(f"vz_{payload['apiKey']['prefix']}_")
    assert stored is not None
    assert secret not in stored.key_hash
    assert in_ci.data["viewer"] is None  # a key is nobody
    assert in_ci.data["organization"]["viewerRole"] == "VIEWER"
    assert in_ci.data["node"] == {"slug": ci["slug"], "viewerRole": "EDITOR"}
    assert in_other.data["node"] is None
    assert key_management.error_codes == ["FORBIDDEN"]  # managing keys is for admins, not keys


async def test_revoked_expired_and_forged_keys_are_refused(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "revoker")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"])
    keys = [
        (
            await client.execute(
                CREATE_KEY,
                {"input": {"organizationId": organization["id"], "name": name}},
                token=owner.access_token,
            )
        ).data["createApiKey"]
        for name in ("revoked", "expired")
    ]
    await client.execute(REVOKE_KEY, {"id": keys[0]["apiKey"]["id"]}, token=owner.access_token)
    await owner_session.execute(
        update(ApiKey)
        .where(ApiKey.id == decode_global_id(keys[1]["apiKey"]["id"])[1])
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    await owner_session.commit()
    forged = keys[1]["secret"][:-4] + "AAAA"

    answers = [
        await client.execute("{ viewer { id } }", token=token)
        for token in (keys[0]["secret"], keys[1]["secret"], forged)
    ]

    assert [answer.errors[0]["message"] for answer in answers] == [
        "The API key has been revoked.",
        "The API key has expired.",
        "The API key is not valid.",
    ]


async def test_last_used_is_recorded_without_a_write_per_request(
    client: GraphQLClient, owner_session: AsyncSession
) -> None:
    owner = await sign_up(client, "usage")
    organization = await create_organization(client, owner)
    payload = (
        await client.execute(
            CREATE_KEY,
            {"input": {"organizationId": organization["id"], "name": "k"}},
            token=owner.access_token,
        )
    ).data["createApiKey"]
    key_id = decode_global_id(payload["apiKey"]["id"])[1]

    await client.execute("{ viewer { id } }", token=payload["secret"])
    first_use = await owner_session.scalar(select(ApiKey.last_used_at).where(ApiKey.id == key_id))
    owner_session.expire_all()
    await client.execute("{ viewer { id } }", token=payload["secret"])
    second_use = await owner_session.scalar(select(ApiKey.last_used_at).where(ApiKey.id == key_id))

    assert payload["apiKey"]["lastUsedAt"] is None
    assert first_use is not None
    assert second_use == first_use


async def test_only_admins_create_keys_and_keys_cannot_create_organizations(client: GraphQLClient) -> None:
    owner = await sign_up(client, "keyadmin")
    organization, member = await member_of(client, owner, role="MEMBER")
    outsider = await sign_up(client, "keyoutsider")
    variables = {"input": {"organizationId": organization["id"], "name": "mine", "role": "ADMIN"}}

    by_member = await client.execute(CREATE_KEY, variables, token=member.access_token)
    by_outsider = await client.execute(CREATE_KEY, variables, token=outsider.access_token)
    secret = (await client.execute(CREATE_KEY, variables, token=owner.access_token)).data["createApiKey"][
        "secret"
    ]
    by_key = await client.execute(CREATE_ORGANIZATION, {"name": "Bot Inc", "slug": "bot-inc-x"}, token=secret)

    assert by_member.error_codes == ["FORBIDDEN"]
    assert by_outsider.error_codes == ["NOT_FOUND"]
    assert by_key.error_codes == ["FORBIDDEN"]


CREATE_PROJECT = """
mutation($workspace: ID!) {
  createProject(input: { workspaceId: $workspace, name: "Warehouse" }) { project { id } userErrors { code } }
}
"""
CREATE_VERSION = """
mutation($project: ID!, $source: String!) {
  createSchemaVersion(input: { projectId: $project, format: SQL, source: $source }) {
    created schemaVersion { number createdBy { id } } userErrors { code message }
  }
}
"""


async def _key(client: GraphQLClient, owner_token: str, organization_id: str, **scope: str) -> str:
    created = await client.execute(
        CREATE_KEY, {"input": {"organizationId": organization_id, "name": "ci", **scope}}, token=owner_token
    )
    secret: str = created.data["createApiKey"]["secret"]
    return secret


async def test_an_editor_key_pushes_versions_from_ci_in_its_workspace_only(client: GraphQLClient) -> None:
    owner = await sign_up(client, "pipeline")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"])
    ci = await workspace_of(client, owner.access_token, organization["id"], "Pipelines")
    other = await workspace_of(client, owner.access_token, organization["id"], "Finance")
    editor = await _key(client, owner.access_token, organization["id"], workspaceId=ci["id"], role="EDITOR")
    viewer = await _key(client, owner.access_token, organization["id"], workspaceId=ci["id"], role="VIEWER")
    source = "CREATE TABLE orders (id bigint PRIMARY KEY);"

    created = await client.execute(CREATE_PROJECT, {"workspace": ci["id"]}, token=editor)
    project_id = created.data["createProject"]["project"]["id"]
    pushed = await client.execute(CREATE_VERSION, {"project": project_id, "source": source}, token=editor)
    by_viewer = await client.execute(
        CREATE_VERSION, {"project": project_id, "source": source + " -- again"}, token=viewer
    )
    elsewhere = await client.execute(CREATE_PROJECT, {"workspace": other["id"]}, token=editor)

    assert created.data["createProject"]["userErrors"] == []
    assert pushed.data["createSchemaVersion"] == {
        "created": True,
        "schemaVersion": {"number": 1, "createdBy": None},  # written by a key, not a person
        "userErrors": [],
    }
    assert by_viewer.error_codes == ["FORBIDDEN"]
    assert elsewhere.error_codes == ["NOT_FOUND"]


WHO_AM_I = """
{
  viewer { id }
  viewerApiKey { name prefix role allWorkspaces workspace { slug } organization { slug viewerRole } }
}
"""


async def test_a_key_reads_its_own_name_prefix_role_and_scope_and_is_no_viewer(client: GraphQLClient) -> None:
    owner = await sign_up(client, "whoami")
    organization = await create_organization(client, owner)
    await upgrade(client, owner, organization["id"])
    ci = await workspace_of(client, owner.access_token, organization["id"], "Pipelines")
    scoped, everywhere = [
        (
            await client.execute(
                CREATE_KEY,
                {"input": {"organizationId": organization["id"], "name": name, "role": role, **scope}},
                token=owner.access_token,
            )
        ).data["createApiKey"]
        for name, role, scope in (("deploy", "EDITOR", {"workspaceId": ci["id"]}), ("audit", "VIEWER", {}))
    ]

    as_scoped = await client.execute(WHO_AM_I, token=scoped["secret"])
    as_everywhere = await client.execute(WHO_AM_I, token=everywhere["secret"])
    as_person = await client.execute(WHO_AM_I, token=owner.access_token)
    anonymous = await client.execute(WHO_AM_I)

    in_organization = {"slug": organization["slug"], "viewerRole": "VIEWER"}
    assert as_scoped.data == {
        "viewer": None,
        "viewerApiKey": {
            "name": "deploy",
            "prefix": scoped["apiKey"]["prefix"],
            "role": "EDITOR",
            "allWorkspaces": False,
            "workspace": {"slug": ci["slug"]},
            "organization": in_organization,
        },
    }
    assert as_everywhere.data["viewerApiKey"] == {
        "name": "audit",
        "prefix": everywhere["apiKey"]["prefix"],
        "role": "VIEWER",
        "allWorkspaces": True,
        "workspace": None,
        "organization": in_organization,
    }
    assert as_person.data["viewer"] is not None
    assert as_person.data["viewerApiKey"] is None
    assert anonymous.data == {"viewer": None, "viewerApiKey": None}
