"""The catalog queries of an introspection, one per kind of object.

They run with ``search_path`` empty, so ``format_type``, ``pg_get_expr`` and the other
``pg_get_*`` functions qualify every name outside ``pg_catalog`` (``public.mood``), which is
how the DDL reader spells types too. Objects that belong to an extension (``pg_depend``
type ``e``) are left out: a script creates them with CREATE EXTENSION, not one by one.
``$1`` is always an array of oids: of the schemas read, or of the relations read.
"""

from __future__ import annotations

# Empty list: every schema but PostgreSQL's own (catalog, information schema, TOAST and the
# temporary schemas of other sessions).
SCHEMAS = r"""
SELECT n.oid, n.nspname
FROM pg_catalog.pg_namespace n
WHERE CASE
    WHEN cardinality($1::text[]) = 0 THEN
        n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\_toast%'
        AND n.nspname NOT LIKE 'pg\_temp\_%'
    ELSE n.nspname = ANY ($1::text[])
END
ORDER BY n.nspname
"""

# Tables, partitioned and foreign tables, views and materialized views. A partition names its
# parent; other children list theirs in declaration order (inhseqno).
RELATIONS = """
SELECT
    c.oid,
    n.nspname AS schema,
    c.relname AS name,
    c.relkind::text AS kind,
    c.relrowsecurity AS rls_enabled,
    c.relforcerowsecurity AS rls_forced,
    pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
    CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
    CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
    CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS definition,
    COALESCE(
        (
            SELECT array_agg(array[pn.nspname, p.relname]::text[] ORDER BY i.inhseqno)
            FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
            JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
            WHERE i.inhrelid = c.oid
        ),
        '{}'
    ) AS parents,
    c.relispartition AS is_partition
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY ($1::oid[])
    AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
    AND NOT EXISTS (
        SELECT FROM pg_catalog.pg_depend d
        WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e'
    )
ORDER BY n.nspname, c.relname
"""

# A collation is reported only where it differs from the type's own (a COLLATE clause).
COLUMNS = """
SELECT
    a.attrelid AS relation,
    a.attname AS name,
    pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
    a.attnotnull AS not_null,
    pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS expression,
    a.attidentity::text AS identity,
    a.attgenerated::text AS generated,
    CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END AS collation,
    CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN cn.nspname END
        AS collation_schema,
    pg_catalog.col_description(a.attrelid, a.attnum) AS comment
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE a.attrelid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

# Sequences a column owns (serial, or pg_dump's OWNED BY); identity sequences depend with
# type 'i' and are not serial.
OWNED_SEQUENCES = """
SELECT sn.nspname AS schema, s.relname AS name, d.refobjid AS relation, a.attname AS column_name
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
    AND d.deptype = 'a'
    AND d.refobjid = ANY ($1::oid[])
ORDER BY sn.nspname, s.relname
"""

# NOT NULL constraints (contype 'n') are the columns' not_null already. Foreign keys and
# exclusion constraints cloned onto partitions stay on the parent in the model; a partition's
# own primary key and unique constraints are kept, as PostgreSQL creates them.
CONSTRAINTS = """
SELECT
    c.conrelid AS relation,
    c.conname AS name,
    pg_catalog.pg_get_constraintdef(c.oid) AS definition
FROM pg_catalog.pg_constraint c
WHERE c.conrelid = ANY ($1::oid[])
    AND c.contype IN ('p', 'u', 'c', 'f', 'x')
    AND NOT (c.contype IN ('f', 'x') AND c.conparentid <> 0)
ORDER BY c.conrelid, c.oid
"""

# Indexes created by CREATE INDEX: not those backing a key or exclusion constraint of their
# table, and not those a partition got from its parent's index (which have a parent index).
INDEXES = """
SELECT x.indrelid AS relation, pg_catalog.pg_get_indexdef(x.indexrelid) AS definition
FROM pg_catalog.pg_index x
WHERE x.indrelid = ANY ($1::oid[])
    AND NOT EXISTS (
        SELECT FROM pg_catalog.pg_constraint c
        WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x')
    )
    AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits i WHERE i.inhrelid = x.indexrelid)
ORDER BY x.indrelid, x.indexrelid
"""

# Role 0 is PUBLIC.
POLICIES = """
SELECT
    p.polrelid AS relation,
    p.polname AS name,
    p.polcmd::text AS command,
    p.polpermissive AS permissive,
    ARRAY(
        SELECT CASE WHEN r.role = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r.role)::text END
        FROM unnest(p.polroles) WITH ORDINALITY AS r (role, position)
        ORDER BY r.position
    ) AS roles,
    pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expression,
    pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expression
FROM pg_catalog.pg_policy p
WHERE p.polrelid = ANY ($1::oid[])
ORDER BY p.polrelid, p.polname
"""

ENUMS = """
SELECT
    n.nspname AS schema,
    t.typname AS name,
    ARRAY(
        SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder
    ) AS labels,
    pg_catalog.obj_description(t.oid, 'pg_type') AS comment
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typnamespace = ANY ($1::oid[])
    AND t.typtype = 'e'
    AND NOT EXISTS (
        SELECT FROM pg_catalog.pg_depend d
        WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = t.oid AND d.deptype = 'e'
    )
ORDER BY n.nspname, t.typname
"""

# Checks in creation order, which is the order a CREATE DOMAIN lists them in.
DOMAINS = """
SELECT
    n.nspname AS schema,
    t.typname AS name,
    pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
    t.typnotnull AS not_null,
    pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_expression,
    CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN co.collname END AS collation,
    CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation THEN cn.nspname END
        AS collation_schema,
    pg_catalog.obj_description(t.oid, 'pg_type') AS comment,
    ARRAY(
        SELECT array[c.conname::text, pg_catalog.pg_get_expr(c.conbin, 0)]
        FROM pg_catalog.pg_constraint c
        WHERE c.contypid = t.oid AND c.contype = 'c'
        ORDER BY c.oid
    ) AS checks
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE t.typnamespace = ANY ($1::oid[])
    AND t.typtype = 'd'
    AND NOT EXISTS (
        SELECT FROM pg_catalog.pg_depend d
        WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = t.oid AND d.deptype = 'e'
    )
ORDER BY n.nspname, t.typname
"""

# Extensions installed into a schema that is read; plpgsql lives in pg_catalog and is in
# every database whether or not a script creates it.
EXTENSIONS = """
SELECT e.extname AS name, n.nspname AS schema
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extnamespace = ANY ($1::oid[])
ORDER BY e.extname
"""
