"""The Mermaid ``erDiagram`` reader: ``parse_mermaid(source)`` gives the canonical model of a
diagram, with warnings. ``syntax`` reads the text with a lark grammar (``erdiagram.lark``),
``reader`` maps entities to tables, ``relationships`` decides which relationships become
foreign keys, and on which columns."""

from app.ingest.mermaid.reader import parse_mermaid

__all__ = ["parse_mermaid"]
