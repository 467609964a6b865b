"""Resolvers of schema versions."""

from __future__ import annotations

from app.diff.history import compare_versions
from app.errors import BadUserInputError
from app.ingest import readers, versions
from graphql_schema.context import Info
from graphql_schema.diff import SchemaChange, SchemaChangeSet
from graphql_schema.mutations import run_mutation
from graphql_schema.permissions import require_viewer
from graphql_schema.versions import CreateSchemaVersionInput, CreateSchemaVersionPayload, SchemaVersion
from resolvers.ids import required_id


async def create_schema_version(info: Info, data: CreateSchemaVersionInput) -> CreateSchemaVersionPayload:
    context = info.context
    actor = context.actor(require_viewer(info))
    project_id = required_id(data.project_id, "Project", "projectId")

    async def store() -> versions.StoredVersion:
        upload = readers.Upload(
            source=await _source(data, context.runtime.settings.max_upload_bytes),
            format=data.format,
            dialect=data.dialect,
            label=data.label,
            lenient=bool(data.lenient),
        )
        return await versions.create_version(context.uow, actor, project_id=project_id, upload=upload)

    stored, errors = await run_mutation(info, store)
    if stored is None:
        return CreateSchemaVersionPayload(schema_version=None, created=False, user_errors=errors)
    return CreateSchemaVersionPayload(
        schema_version=SchemaVersion.from_row(stored.version), created=stored.created, user_errors=[]
    )


async def _source(data: CreateSchemaVersionInput, max_bytes: int) -> str:
    if (data.source is None) == (data.upload is None):
        raise BadUserInputError("Send the schema as either `source` or `upload`.", field=["source"])
    if data.source is not None:
        return data.source
    raw = await data.upload.read(max_bytes + 1)  # type: ignore[union-attr]
    if len(raw) > max_bytes:
        raise BadUserInputError(f"The file is larger than {max_bytes} bytes.", field=["upload"])
    try:
        return str(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise BadUserInputError("The file is not UTF-8 text.", field=["upload"]) from error


async def compare_schema_versions(info: Info, from_id: str, to_id: str) -> SchemaChangeSet:
    comparison = await compare_versions(
        info.context.uow,
        required_id(from_id, "SchemaVersion", "fromId"),
        required_id(to_id, "SchemaVersion", "toId"),
    )
    return SchemaChangeSet.build(
        SchemaVersion.from_row(comparison.from_version),
        SchemaVersion.from_row(comparison.to_version),
        [SchemaChange.of(change) for change in comparison.changes],
    )
