"""GraphQL types of schema versions and the canonical model they hold (the API contract's
``SchemaTable`` family), the same whatever the source format."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app import models
from app.ingest import model as canonical
from app.ingest.export.formats import ExportFormat, export_model
from app.models.enums import SchemaSourceFormat
from graphql_schema.context import Info
from graphql_schema.diff import SchemaChange, SchemaChangeSet
from graphql_schema.mutations import UserError
from graphql_schema.node import LoadedNode
from graphql_schema.projects import SqlDialectType

if TYPE_CHECKING:
    from graphql_schema.identity import User

UserType = Annotated["User", strawberry.lazy("graphql_schema.identity")]
SchemaSourceFormatType = strawberry.enum(SchemaSourceFormat, name="SchemaSourceFormat")
TableKindType = strawberry.enum(canonical.TableKind, name="TableKind")
SchemaExportFormatType = strawberry.enum(ExportFormat, name="SchemaExportFormat")


@strawberry.type(name="SchemaColumn")
class SchemaColumn:
    name: str
    data_type: str = strawberry.field(
        description='Normalised as PostgreSQL prints it ("unknown" for underivable view columns).'
    )
    nullable: bool
    default: str | None
    is_primary_key: bool
    is_unique: bool
    comment: str | None


@strawberry.type(name="SchemaForeignKey")
class SchemaForeignKey:
    name: str | None
    columns: list[str]
    referenced_table: str = strawberry.field(description="A table key; the table may be outside this schema.")
    referenced_columns: list[str]
    on_delete: str | None
    on_update: str | None


@strawberry.type(name="SchemaIndex")
class SchemaIndex:
    name: str | None
    columns: list[str]
    unique: bool
    method: str | None


@strawberry.type(name="SchemaTable")
class SchemaTable:
    key: str = strawberry.field(description='"schema.name" (or "name").')
    schema: str | None
    name: str
    kind: TableKindType  # type: ignore[valid-type]
    comment: str | None
    columns: list[SchemaColumn]
    primary_key: list[str]
    foreign_keys: list[SchemaForeignKey]
    indexes: list[SchemaIndex]
    checks: list[str]

    @classmethod
    def from_model(cls, table: canonical.Table) -> SchemaTable:
        return cls(
            key=table.key,
            schema=table.schema,
            name=table.name,
            kind=table.kind,
            comment=table.comment,
            columns=[
                SchemaColumn(
                    name=column.name,
                    data_type=column.data_type or "unknown",
                    nullable=column.nullable,
                    default=column.default,
                    is_primary_key=column.is_primary_key,
                    is_unique=column.is_unique,
                    comment=column.comment,
                )
                for column in table.columns
            ],
            primary_key=table.primary_key.columns if table.primary_key else [],
            foreign_keys=[
                SchemaForeignKey(
                    name=fk.name,
                    columns=fk.columns,
                    referenced_table=fk.referenced_table,
                    referenced_columns=fk.referenced_columns,
                    on_delete=fk.on_delete.value,
                    on_update=fk.on_update.value,
                )
                for fk in table.foreign_keys
            ],
            indexes=[
                SchemaIndex(name=index.name, columns=index.columns, unique=index.unique, method=index.method)
                for index in table.indexes
            ],
            checks=[check.expression for check in table.check_constraints],
        )


@strawberry.type(name="SchemaVersion", description="An immutable snapshot of a project's schema.")
class SchemaVersion(LoadedNode):
    loader_name = "schema_version_by_id"
    id: relay.NodeID[UUID]
    number: int = strawberry.field(description="1, 2, 3… per project, without gaps.")
    label: str | None
    source_format: SchemaSourceFormatType  # type: ignore[valid-type]
    dialect: SqlDialectType | None  # type: ignore[valid-type]
    content_hash: str
    created_at: datetime
    table_count: int
    warnings: list[str]
    created_by_id: strawberry.Private[UUID | None]
    parent_version_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: models.SchemaVersion) -> SchemaVersion:
        return cls(
            id=row.id,
            number=row.number,
            label=row.label,
            source_format=row.source_format,
            dialect=row.dialect,
            content_hash=row.content_hash,
            created_at=row.created_at,
            table_count=int(row.stats.get("tables", 0)),
            warnings=[str(warning) for warning in row.warnings],
            created_by_id=row.created_by_id,
            parent_version_id=row.parent_version_id,
        )

    @strawberry.field(
        description="The canonical model: tables and views with their columns, keys and indexes."
    )
    async def tables(self, info: Info) -> list[SchemaTable]:
        model = await self.model(info)
        return [SchemaTable.from_model(table) for table in model.tables]

    @strawberry.field(description="Against the previous version; null for the first.")
    async def changes(self, info: Info) -> SchemaChangeSet | None:
        if self.parent_version_id is None:
            return None
        loaders = info.context.loaders
        parent = await loaders.schema_version_by_id.load(self.parent_version_id)
        if parent is None:
            return None
        rows = await loaders.changes_by_to_version_id.load(self.id)
        return SchemaChangeSet.build(
            SchemaVersion.from_row(parent), self, [SchemaChange.of(row) for row in rows]
        )

    @strawberry.field(
        description="The version as text: SQL DDL in its dialect (re-reading it gives the same model), "
        "the canonical JSON model, or a Mermaid erDiagram."
    )
    async def export(self, info: Info, format: SchemaExportFormatType = ExportFormat.SQL) -> str:  # type: ignore[valid-type]
        return export_model(await self.model(info), format)

    async def model(self, info: Info) -> canonical.SchemaModel:
        return await info.context.loaders.model_by_version.load((self.id, self.content_hash))

    @strawberry.field
    async def created_by(self, info: Info) -> UserType | None:
        from graphql_schema.identity import User

        row = await info.context.loaders.user_by_id.load(self.created_by_id) if self.created_by_id else None
        return User.from_row(row) if row else None


@strawberry.input
class CreateSchemaVersionInput:
    project_id: strawberry.ID
    format: SchemaSourceFormatType  # type: ignore[valid-type]
    source: str | None = strawberry.field(default=None, description="The schema as text; or send `upload`.")
    upload: Upload | None = strawberry.field(
        default=None, description="The schema as a file (multipart request)."
    )
    dialect: SqlDialectType | None = None  # type: ignore[valid-type]
    label: str | None = None
    lenient: bool | None = strawberry.field(
        default=None,
        description="Skip statements that do not parse (reported as warnings) instead of failing.",
    )


@strawberry.type
class CreateSchemaVersionPayload:
    schema_version: SchemaVersion | None
    created: bool = strawberry.field(
        description="False when identical to an existing version, which is returned."
    )
    user_errors: list[UserError]


async def version_workspace(info: Info, version_id: UUID) -> UUID | None:
    """From a version to its workspace, for permission checks of fields that name one."""
    row = await info.context.loaders.schema_version_by_id.load(version_id)
    return row.workspace_id if row else None
