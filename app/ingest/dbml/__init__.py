"""The DBML reader: ``parse_dbml(source)`` gives the canonical model of a dbdiagram.io
schema, with warnings. See ``reader`` for how DBML maps onto the model and ``references``
for where foreign keys go."""

from app.ingest.dbml.reader import parse_dbml

__all__ = ["parse_dbml"]
