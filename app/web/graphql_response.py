"""How a GraphQL response goes out over HTTP: in which media type, with which status.

GraphQL over HTTP (https://graphql.github.io/graphql-over-http/) has two media types:
- ``application/graphql-response+json``, for clients that ask for it: the status says whether
  the request ran. A document that does not parse or validate, or variables that do not
  coerce, get 400 and no ``data`` entry; once execution started the answer is 200, errors or
  not.
- ``application/json``, for every other client (no Accept, ``*/*``, ``application/json``):
  200 for any GraphQL result, as clients written before the spec expect.
A request refused before GraphQL reads it (malformed JSON, a wrong content type, a body over
the limit) gets its 4xx status and a GraphQL-shaped body in either media type.
"""

from __future__ import annotations

import json

from starlette.responses import Response
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from app.errors import ErrorCode

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"


def negotiated_media_type(accept: str | None) -> str:
    """``application/graphql-response+json`` when the client names it, weighted at least as
    high as ``application/json``; otherwise ``application/json``. A wildcard gets JSON, and
    so does an Accept naming neither: the spec allows answering with the default rather than
    406."""
    named = _qualities(accept or "")
    graphql_response = named.get(GRAPHQL_RESPONSE_JSON, 0.0)
    json_quality = next(
        (named[media_range] for media_range in (JSON, "application/*", "*/*") if media_range in named), 0.0
    )
    return GRAPHQL_RESPONSE_JSON if graphql_response > 0 and graphql_response >= json_quality else JSON


def _qualities(accept: str) -> dict[str, float]:
    qualities: dict[str, float] = {}
    for entry in accept.split(","):
        media_range, *parameters = (part.strip() for part in entry.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        qualities[media_range.lower()] = quality
    return qualities


def was_executed(result: ExecutionResult) -> bool:
    """False when the request failed before execution (parse, validation, variable coercion):
    such errors belong to no field, so they have no path, and there is no data."""
    return result.data is not None or any(error.path is not None for error in result.errors or ())


def status_of(response: GraphQLHTTPResponse | list[GraphQLHTTPResponse], media_type: str) -> int:
    """Only ``application/graphql-response+json`` tells by the status; a response without a
    ``data`` entry was not executed (see ``was_executed``)."""
    not_executed = isinstance(response, dict) and "data" not in response
    return 400 if media_type == GRAPHQL_RESPONSE_JSON and not_executed else 200


def refusal(message: str, status: int, media_type: str) -> Response:
    """A request refused before GraphQL read it, in the shape of a GraphQL error."""
    code = {404: ErrorCode.NOT_FOUND, 503: ErrorCode.UNAVAILABLE}.get(status, ErrorCode.BAD_USER_INPUT)
    body = {"errors": [{"message": message, "extensions": {"code": code.value}}]}
    return Response(json.dumps(body), status_code=status, media_type=media_type)
