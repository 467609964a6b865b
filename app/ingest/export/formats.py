"""A version back to text, in the formats a person or a tool can use again."""

from __future__ import annotations

import json
from enum import StrEnum

from app.diagrams.mermaid import to_mermaid
from app.ingest import model as canonical
from app.ingest.export.dialect_ddl import to_dialect_ddl
from app.ingest.export.postgres import to_postgres_ddl
from app.models.enums import SqlDialect


class ExportFormat(StrEnum):
    SQL = "sql"
    JSON = "json"
    MERMAID = "mermaid"


def export_model(model: canonical.SchemaModel, format: ExportFormat) -> str:
    if format is ExportFormat.JSON:
        return json.dumps(canonical.to_json(model), ensure_ascii=False, indent=2)
    if format is ExportFormat.MERMAID:
        return to_mermaid(model)
    if model.dialect is SqlDialect.POSTGRES:
        return to_postgres_ddl(model)
    return to_dialect_ddl(model)
