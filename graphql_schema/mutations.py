"""The mutation pattern: expected failures become ``userErrors`` and leave nothing written.

Each mutation field runs inside a savepoint. A ``VizoraError`` (validation, conflict, plan
limit, …) rolls the savepoint back and is returned as data; anything else propagates and is
masked, and the whole operation rolls back (see FinishUnitOfWork).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from strawberry.extensions import FieldExtension

from app.errors import VizoraError
from graphql_schema.context import Info

T = TypeVar("T")


@strawberry.type(description="An expected failure of a mutation: what was wrong, where, and a code.")
class UserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault, if any.")
    message: str
    code: str

    @classmethod
    def from_error(cls, error: VizoraError) -> UserError:
        return cls(field=error.field, message=error.message, code=error.code.value)


async def run_mutation(info: Info, action: Callable[[], Awaitable[T]]) -> tuple[T | None, list[UserError]]:
    savepoint = await info.context.uow.session.begin_nested()
    try:
        result = await action()
    except VizoraError as error:
        await savepoint.rollback()
        return None, [UserError.from_error(error)]
    await savepoint.commit()
    return result, []


class ReadAfresh(FieldExtension):
    """The fields of a mutation run one after another in one transaction: each must read what
    the ones before it wrote (an organization deleted, a role changed), not what the loaders
    cached for them. Outermost on every mutation field, so it comes before permission checks."""

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        info.context.loaders.forget()
        return await next_(source, info, **kwargs)


def read_afresh_in_every_field(mutation_type: type) -> None:
    # strawberry chains a field's extensions so that the last one listed runs first.
    for field in mutation_type.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        field.extensions.append(ReadAfresh())
