"""The pages ``bench.dashboard`` measures, as each implementation asks for them, and the one
shape their answers are compared in.

- ``dashboard``: the frontend's first screen, the viewer's organizations → workspaces →
  projects → latest version (issue 13).
- ``project``: a project page, its 20 newest versions and the tables of the newest.

PostGraphile names things after the database (``allOrganizations``, relations named after
their composite foreign keys) and has no ``tableCount``: it returns the version's ``stats``
(``stats.tables`` is what Vizora's ``tableCount`` reads) and, for the tables, the whole stored
canonical model. The floor (bench/peers/sql_floor.py) returns Vizora's shape.

Compared: names, version numbers, table counts, and per table its key, column names and
number of foreign keys. Lists are sorted first where every item fits on the page (5 x 5 x 10
of each): PostGraphile orders by primary key, Vizora by join date, creation and name.
"""

from __future__ import annotations

from typing import Any

PAGES = ("dashboard", "project")

VIZORA_DASHBOARD = """query Dashboard { viewer { organizations(first: 5) { edges { node { name
  workspaces(first: 5) { edges { node { name
    projects(first: 10) { edges { node { name latestVersion { number tableCount } } } } } } } } } } } }"""

POSTGRAPHILE_DASHBOARD = """query Dashboard { allOrganizations(first: 5) { edges { node { name
  workspacesByOrganizationId(first: 5) { edges { node { name
    projectsByWorkspaceIdAndOrganizationId(first: 10) { edges { node { name
      schemaVersionsByProjectIdAndWorkspaceId(first: 1, orderBy: NUMBER_DESC) { nodes { number stats } }
    } } } } } } } } } }"""

VIZORA_PROJECT = """query Project($id: ID!) { node(id: $id) { ... on Project { name
  versions(first: 20) { edges { node { number label createdAt tableCount } } }
  latestVersion { number tables { key name kind
    columns { name dataType nullable isPrimaryKey }
    foreignKeys { columns referencedTable referencedColumns } } } } } }"""

POSTGRAPHILE_PROJECT = """query Project($id: UUID!) { projectByRowId(rowId: $id) { name
  versions: schemaVersionsByProjectIdAndWorkspaceId(first: 20, orderBy: NUMBER_DESC) {
    nodes { number label createdAt stats } }
  latest: schemaVersionsByProjectIdAndWorkspaceId(first: 1, orderBy: NUMBER_DESC) {
    nodes { number canonicalModel } } } }"""

# The shapes compared. Dashboard: (organization, ((workspace, ((project, number, tables), …)), …)), …
Project = tuple[str, int | None, int | None]
Workspace = tuple[str, tuple[Project, ...]]
Dashboard = tuple[tuple[str, tuple[Workspace, ...]], ...]
# Project page: (name, ((number, tables), … newest first), latest number, ((key, columns, FKs), …))
Table = tuple[str, tuple[str, ...], int]
ProjectPage = tuple[str, tuple[tuple[int, int], ...], int | None, tuple[Table, ...]]


def dashboard(organizations: list[tuple[str, list[tuple[str, list[Project]]]]]) -> Dashboard:
    return tuple(
        sorted(
            (name, tuple(sorted((workspace, tuple(sorted(projects))) for workspace, projects in workspaces)))
            for name, workspaces in organizations
        )
    )


def project_page(
    name: str, versions: list[tuple[int, int]], latest: int | None, tables: list[Table]
) -> ProjectPage:
    return name, tuple(versions), latest, tuple(sorted(tables))


def vizora_dashboard(data: dict[str, Any]) -> Dashboard:
    def project(node: dict[str, Any]) -> Project:
        latest = node["latestVersion"] or {}
        return node["name"], latest.get("number"), latest.get("tableCount")

    return dashboard(
        [
            (
                organization["node"]["name"],
                [
                    (
                        workspace["node"]["name"],
                        [project(p["node"]) for p in workspace["node"]["projects"]["edges"]],
                    )
                    for workspace in organization["node"]["workspaces"]["edges"]
                ],
            )
            for organization in data["viewer"]["organizations"]["edges"]
        ]
    )


def postgraphile_dashboard(data: dict[str, Any]) -> Dashboard:
    def project(node: dict[str, Any]) -> Project:
        versions = node["schemaVersionsByProjectIdAndWorkspaceId"]["nodes"]
        if not versions:
            return node["name"], None, None
        return node["name"], versions[0]["number"], versions[0]["stats"]["tables"]

    return dashboard(
        [
            (
                organization["node"]["name"],
                [
                    (
                        workspace["node"]["name"],
                        [
                            project(p["node"])
                            for p in workspace["node"]["projectsByWorkspaceIdAndOrganizationId"]["edges"]
                        ],
                    )
                    for workspace in organization["node"]["workspacesByOrganizationId"]["edges"]
                ],
            )
            for organization in data["allOrganizations"]["edges"]
        ]
    )


def floor_dashboard(data: list[dict[str, Any]]) -> Dashboard:
    def project(item: dict[str, Any]) -> Project:
        latest = item["latestVersion"] or {}
        return item["name"], latest.get("number"), latest.get("tableCount")

    return dashboard(
        [
            (
                organization["name"],
                [
                    (workspace["name"], [project(p) for p in workspace["projects"]])
                    for workspace in organization["workspaces"]
                ],
            )
            for organization in data
        ]
    )


def vizora_project(data: dict[str, Any]) -> ProjectPage:
    node = data["node"]
    latest = node["latestVersion"] or {"number": None, "tables": []}
    return project_page(
        node["name"],
        [(edge["node"]["number"], edge["node"]["tableCount"]) for edge in node["versions"]["edges"]],
        latest["number"],
        [
            (table["key"], tuple(column["name"] for column in table["columns"]), len(table["foreignKeys"]))
            for table in latest["tables"]
        ],
    )


def postgraphile_project(data: dict[str, Any]) -> ProjectPage:
    node = data["projectByRowId"]
    [latest] = node["latest"]["nodes"] or [{"number": None, "canonicalModel": {"tables": []}}]
    return project_page(
        node["name"],
        [(version["number"], version["stats"]["tables"]) for version in node["versions"]["nodes"]],
        latest["number"],
        [
            (table["key"], tuple(column["name"] for column in table["columns"]), len(table["foreign_keys"]))
            for table in latest["canonicalModel"]["tables"]
        ],
    )


def floor_project(data: dict[str, Any]) -> ProjectPage:
    latest = data["latestVersion"] or {"number": None, "tables": []}
    return project_page(
        data["name"],
        [(version["number"], version["tableCount"]) for version in data["versions"]],
        latest["number"],
        [
            (table["key"], tuple(column["name"] for column in table["columns"]), len(table["foreignKeys"]))
            for table in latest["tables"]
        ],
    )


def describe(page: str, answer: Any) -> str:
    """What an answer holds, in a few words, to show what was compared."""
    if page == "dashboard":
        workspaces = [workspace for _, workspaces in answer for workspace in workspaces]
        projects = [project for _, projects in workspaces for project in projects]
        versions = sum(1 for project in projects if project[1] is not None)
        return (
            f"{len(answer)} organizations, {len(workspaces)} workspaces, {len(projects)} projects, "
            f"{versions} latest versions"
        )
    name, versions, latest, tables = answer
    return f"project {name!r}: {len(versions)} versions, latest {latest} with {len(tables)} tables and views"
