"""What the read path reads: list and nested views never load a version's large columns (its
source and canonical model), cost a fixed number of statements, and a version's model is read
from the database once, then served parsed from memory by its content hash."""

from __future__ import annotations

import uuid

from app.ingest.stored_models import PARSED_MODELS
from tests.accounts import Account, sign_up
from tests.factories import unique
from tests.graphql_client import GraphQLClient, GraphQLResponse

LARGE_COLUMNS = ("canonical_model", "raw_source")

DASHBOARD = """
query Dashboard { viewer { organizations(first: 5) { edges { node { name
  workspaces(first: 5) { edges { node { name
    projects(first: 10) { edges { node { name latestVersion { number tableCount } } } } } } } } } } } }
"""
PROJECT_PAGE = """
query ($id: ID!) { node(id: $id) { ... on Project {
  versions(first: 20) { totalCount edges { node { number label tableCount createdAt } } }
  latestVersion { number tables { name columns { name dataType } } }
} } }
"""
CREATE = {
    "createOrganization": "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) "
    "{ organization { id } userErrors { message } } }",
    "createWorkspace": "mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) "
    "{ workspace { id } userErrors { message } } }",
    "createProject": "mutation($input: CreateProjectInput!) { createProject(input: $input) "
    "{ project { id } userErrors { message } } }",
    "createSchemaVersion": "mutation($input: CreateSchemaVersionInput!) { createSchemaVersion(input: $input) "
    "{ schemaVersion { id } userErrors { message } } }",
}


async def create(client: GraphQLClient, account: Account, mutation: str, **fields: object) -> str:
    response = await client.execute(CREATE[mutation], {"input": fields}, token=account.access_token)
    payload = response.data[mutation]
    assert payload["userErrors"] == [], payload
    created = next(value for key, value in payload.items() if key != "userErrors")
    return str(created["id"])


def schema_source(tables: int) -> str:
    """A distinct schema each call (its own content hash), of ``tables`` tables."""
    marker = uuid.uuid4().hex[:8]
    return "\n".join(
        f"CREATE TABLE t{i}_{marker} (id bigint PRIMARY KEY, name text NOT NULL);" for i in range(tables)
    )


async def tenant_with_versions(client: GraphQLClient, organizations: int) -> tuple[Account, list[str]]:
    """``organizations`` organizations of one workspace with two projects, each with a version."""
    account = await sign_up(client, "reader")
    projects = []
    for _ in range(organizations):
        organization = await create(client, account, "createOrganization", name="Org", slug=unique("org"))
        workspace = await create(client, account, "createWorkspace", organizationId=organization, name="Ws")
        for _ in range(2):
            project = await create(client, account, "createProject", workspaceId=workspace, name=unique("p"))
            await create(
                client,
                account,
                "createSchemaVersion",
                projectId=project,
                format="SQL",
                source=schema_source(3),
            )
            projects.append(project)
    return account, projects


def reads_of_large_columns(response: GraphQLResponse) -> list[str]:
    return [sql for sql in response.sql if any(column in sql for column in LARGE_COLUMNS)]


async def test_the_dashboard_reads_no_large_column_and_costs_the_same_for_more_rows(client: GraphQLClient):
    statements = set()
    for organizations in (1, 2):
        account, _ = await tenant_with_versions(client, organizations)

        response = await client.execute(DASHBOARD, token=account.access_token)

        edges = response.data["viewer"]["organizations"]["edges"]
        assert len(edges) == organizations
        assert {
            project["node"]["latestVersion"]["tableCount"]
            for organization in edges
            for workspace in organization["node"]["workspaces"]["edges"]
            for project in workspace["node"]["projects"]["edges"]
        } == {3}
        assert reads_of_large_columns(response) == []
        statements.add(response.statements)
    assert statements == {9}


async def test_a_versions_model_is_read_once_then_served_parsed(client: GraphQLClient):
    account, [project, *_] = await tenant_with_versions(client, 1)
    PARSED_MODELS.clear()  # as in a process that has not parsed it yet (creating it kept it)

    first = await client.execute(PROJECT_PAGE, {"id": project}, token=account.access_token)
    again = await client.execute(PROJECT_PAGE, {"id": project}, token=account.access_token)

    assert first.errors == [], first.body
    assert first.body == again.body
    assert len(first.data["node"]["latestVersion"]["tables"]) == 3
    assert first.data["node"]["versions"]["totalCount"] == 1
    [read] = reads_of_large_columns(first)
    assert "raw_source" not in read
    assert reads_of_large_columns(again) == []
