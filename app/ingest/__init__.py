"""Schema ingestion: turning a schema source (SQL DDL for now) into the canonical
``SchemaModel`` that diffs, diagrams, reviews, documentation and search all read.

``model`` holds the canonical model and its hash; ``postgres`` the PostgreSQL DDL reader.
"""
