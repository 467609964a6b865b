"""Reading a GraphQL request from HTTP, stricter than Strawberry's own reader: anything a
client can get wrong (bytes that are not UTF-8, JSON that is not an object or nests past the
parser's stack, a multipart map that points nowhere) is refused with an ``HTTPException``,
which the endpoint answers with 400 and a GraphQL-shaped body, never a 500.

GraphQL over HTTP (https://graphql.github.io/graphql-over-http/) sends a request as a JSON
object (POST), as URL parameters (GET) or, for uploads, as the GraphQL multipart request
(https://github.com/jaydenseric/graphql-multipart-request-spec)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from cross_web import HTTPException, StarletteRequestAdapter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from strawberry.http import GraphQLRequestData


def json_value(data: str | bytes) -> object:
    try:
        return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
    except UnicodeDecodeError as error:
        raise HTTPException(400, "The request is not valid UTF-8.") from error
    except json.JSONDecodeError as error:
        raise HTTPException(400, f"The request is not valid JSON: {error.msg}.") from error
    except RecursionError as error:
        # The C parser stops at the interpreter's recursion limit: far beyond any real request.
        raise HTTPException(400, "The request's JSON is nested too deeply.") from error


def query_parameters(query_string: bytes) -> dict[str, str]:
    """Starlette decodes the query string with replacement characters, so that a GET query
    with a stray byte would fail later as a confusing syntax error about U+FFFD."""
    try:
        return dict(parse_qsl(query_string.decode("utf-8"), keep_blank_values=True, errors="strict"))
    except UnicodeDecodeError as error:
        raise HTTPException(400, "The query string is not valid UTF-8.") from error


class StrictRequestAdapter(StarletteRequestAdapter):
    """Strawberry's view of a Starlette request, with the query string decoded strictly."""

    def __init__(self, request: Request) -> None:
        super().__init__(request)
        self._query_parameters = query_parameters(request.scope["query_string"])

    @property
    def query_params(self) -> Mapping[str, str | None]:
        return self._query_parameters


def graphql_request(fields: object) -> GraphQLRequestData:
    """The request's parameters, each of the type the spec gives it."""
    if isinstance(fields, list):
        raise HTTPException(400, "Batching is not enabled")
    if not isinstance(fields, dict):
        raise HTTPException(400, "The request must be a JSON object with a `query`.")
    return GraphQLRequestData(
        query=_parameter(fields, "query", str, "a string"),
        variables=_parameter(fields, "variables", dict, "an object"),
        operation_name=_parameter(fields, "operationName", str, "a string"),
        extensions=_parameter(fields, "extensions", dict, "an object"),
    )


T = TypeVar("T")


def _parameter(fields: Mapping[str, object], name: str, kind: type[T], described: str) -> T | None:
    value = fields.get(name)
    if value is None or isinstance(value, kind):
        return value
    raise HTTPException(400, f"`{name}` must be {described} or null.")


def operations_with_files(operations: object, files_map: object, files: Mapping[str, Any]) -> object:
    """The multipart request's ``operations`` with each file put where ``map`` says
    (``{"0": ["variables.input.upload"]}``)."""
    if not isinstance(files_map, dict) or not all(
        isinstance(paths, list) and all(isinstance(path, str) for path in paths)
        for paths in files_map.values()
    ):
        raise HTTPException(400, "The multipart `map` must be an object of lists of paths.")
    for name, paths in files_map.items():
        file = files.get(name)
        if not isinstance(file, UploadFile):
            raise HTTPException(400, f"The multipart request has no file named {name!r}.")
        for path in paths:
            _put(operations, path, file)
    return operations


def _put(operations: object, path: str, file: UploadFile) -> None:
    *parents, last = path.split(".")
    target: Any = operations
    try:
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = file
        elif isinstance(target, dict):
            target[last] = file
        else:
            raise TypeError(path)
    except (LookupError, TypeError, ValueError) as error:
        raise HTTPException(400, f"The multipart map names {path!r}, not in `operations`.") from error
