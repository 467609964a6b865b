"""Syntax trees from libpg_query, built without pglast's per-attribute checks.

pglast checks and coerces every attribute of every node it builds (``Node.__setattr__``):
about 85% of ``parse_sql``'s time on a large script. The nodes ``parse_sql`` makes come from
libpg_query's C structures through pglast's compiled builder, which already gives every
attribute its final type (tuples, enums, booleans, characters). The one exception is the
value of a ``Boolean`` literal, built from a C int: ``Boolean`` keeps its check, which makes
it a ``bool``.

So the checks are off while a script is read, under a lock. Reading builds no node by hand
(nor do pglast's printers), so every tree is the one ``parse_sql`` would give. The switch is
made once per script, not per statement: changing a class's attribute empties the type
caches of its few hundred subclasses.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pglast import ast

_CHECKED_SETATTR = ast.Node.__setattr__
ast.Boolean.__setattr__ = _CHECKED_SETATTR  # type: ignore[method-assign]
_lock = threading.Lock()


@contextmanager
def unchecked_nodes() -> Iterator[None]:
    """While inside, ``pglast.parse_sql`` gives the same trees several times faster."""
    with _lock:
        ast.Node.__setattr__ = object.__setattr__  # type: ignore[assignment]
        try:
            yield
        finally:
            ast.Node.__setattr__ = _CHECKED_SETATTR  # type: ignore[method-assign]
