"""The diff engine: ``compare(before, after)`` lists what changed between two canonical
models, each change with a kind, a severity (see ``severity``), a path and a message;
``summarize`` counts them by severity."""

from app.diff.changes import Change, ChangeKind, summarize
from app.diff.compare import compare

__all__ = ["Change", "ChangeKind", "compare", "summarize"]
