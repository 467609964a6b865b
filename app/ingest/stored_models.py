"""The canonical models of stored versions, read only when needed and parsed once.

A version is immutable and its model is named by its content hash, so a parsed model is kept
in process by that hash (a bounded number of them) and shared by everyone who asks: list views
never load the JSON (the column is deferred), and a model's JSON is read and parsed once per
process however many requests draw its diagram or diff it. Shared models are read-only.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.ingest import model as canonical
from app.models import SchemaVersion

# A 500 KB schema parses to a few MB: at most a few hundred MB kept, usually far less.
MODELS_KEPT = 64


class ParsedModels:
    """The most recently used parsed models, by content hash."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._models: OrderedDict[str, canonical.SchemaModel] = OrderedDict()

    def get(self, content_hash: str) -> canonical.SchemaModel | None:
        model = self._models.get(content_hash)
        if model is not None:
            self._models.move_to_end(content_hash)
        return model

    def clear(self) -> None:
        """Forget every model, as a process that has parsed none yet."""
        self._models.clear()

    def keep(self, content_hash: str, model: canonical.SchemaModel) -> None:
        self._models[content_hash] = model
        self._models.move_to_end(content_hash)
        while len(self._models) > self.size:
            self._models.popitem(last=False)


PARSED_MODELS = ParsedModels(MODELS_KEPT)


async def models_of(
    session: AsyncSession, versions: Sequence[tuple[UUID, str]]
) -> list[canonical.SchemaModel]:
    """The models of versions given as (id, content hash), in their order: the ones not kept
    yet are read in one statement."""
    found = {
        content_hash: model for _, content_hash in versions if (model := PARSED_MODELS.get(content_hash))
    }
    missing = [version_id for version_id, content_hash in versions if content_hash not in found]
    if missing:
        rows = await session.execute(
            select(SchemaVersion.content_hash, SchemaVersion.canonical_model).where(
                SchemaVersion.id.in_(missing)
            )
        )
        for content_hash, document in rows:
            found[content_hash] = canonical.from_json(document)
            PARSED_MODELS.keep(content_hash, found[content_hash])
    try:
        return [found[content_hash] for _, content_hash in versions]
    except KeyError as error:
        raise LookupError("the model of a version that is not visible was asked for") from error


async def model_of(session: AsyncSession, version: SchemaVersion) -> canonical.SchemaModel:
    [model] = await models_of(session, [(version.id, version.content_hash)])
    return model
