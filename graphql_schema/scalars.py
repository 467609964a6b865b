"""Strawberry's ``Upload`` and ``JSON`` scalars, the same in the schema but strict about what
they accept. Both take any value upstream, and a multipart request may put its files at any
path of the variables (``map``), so a string given as an upload, or a file given inside JSON,
would reach a resolver and fail there as an internal error. Refused before anything runs
instead, as BAD_USER_INPUT: a variable's error names the path to the argument, a literal's
points at it."""

from __future__ import annotations

from dataclasses import replace

from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload
from strawberry.file_uploads.scalars import UploadDefinition
from strawberry.scalars import JSON
from strawberry.schema.types.scalar import DEFAULT_SCALAR_REGISTRY
from strawberry.types.scalar import ScalarDefinition

from app.errors import BadUserInputError

_JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def _uploaded_file(value: object) -> UploadFile:
    if not isinstance(value, UploadFile):
        raise BadUserInputError("not a file: send one in a multipart request, placed by its `map`")
    return value


def _json_value(value: object) -> object:
    """The value, when it is JSON through and through. A loop, not recursion: a deeply nested
    value costs no stack."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif not isinstance(item, _JSON_TYPES):
            raise BadUserInputError(f"{type(item).__name__} is not JSON: send a file as an `Upload`")
    return value


SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {
    Upload: replace(UploadDefinition, parse_value=_uploaded_file),
    JSON: replace(DEFAULT_SCALAR_REGISTRY[JSON], parse_value=_json_value),
}
