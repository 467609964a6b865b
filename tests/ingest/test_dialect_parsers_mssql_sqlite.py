"""The SQL Server and SQLite readers, quirk by quirk (the MySQL reader and what all three share
are in ``test_dialect_parsers``)."""

from __future__ import annotations

from app.ingest.model import Identity, ReferentialAction
from tests.ingest.lookup import column, table
from tests.ingest.test_dialect_parsers import MSSQL, SQLITE, key_name, parse

# -- SQL Server --------------------------------------------------------------------------------


def test_tsql_go_batches_brackets_identity_and_the_dbo_default_schema():
    result = parse(
        """
        SET ANSI_NULLS ON
        GO
        USE [Shop]
        GO
        CREATE DATABASE [Shop2];
        GO
        SET QUOTED_IDENTIFIER ON
        CREATE TABLE [dbo].[Customer](
            [CustomerId] [int] IDENTITY(1,1) NOT NULL,
            [Name] [nvarchar](160) NOT NULL,
            [Order Count] int NULL,
         CONSTRAINT [PK_Customer] PRIMARY KEY CLUSTERED ([CustomerId] ASC)
            WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF) ON [PRIMARY]
        ) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
        GO
        CREATE TABLE Item (Id int IDENTITY PRIMARY KEY)
        GO 2
        """,
        MSSQL,
    )
    assert [t.key for t in result.model.tables] == ["dbo.Customer", "dbo.Item"]
    customer_id = column(result, "dbo.Customer", "CustomerId")
    assert (customer_id.data_type, customer_id.original_type) == ("int", "[int]")
    assert (customer_id.identity, customer_id.nullable) == (Identity.ALWAYS, False)
    assert customer_id.is_primary_key
    assert column(result, "dbo.Item", "Id").identity == Identity.ALWAYS
    assert result.skipped == {"database": 1, "set": 2, "use": 1}


def test_tsql_alter_table_defaults_and_checked_foreign_keys():
    result = parse(
        """
        CREATE TABLE [dbo].[Customer] ([Id] int NOT NULL PRIMARY KEY, [Code] char(1) NULL)
        GO
        CREATE TABLE [sales].[Order] ([Id] int NOT NULL, [CustomerId] int NOT NULL, [Qty] int NULL)
        GO
        ALTER TABLE [dbo].[Customer] ADD  CONSTRAINT [DF_Customer_Code]  DEFAULT ('A') FOR [Code]
        GO
        ALTER TABLE [sales].[Order]  WITH CHECK ADD  CONSTRAINT [FK_Order_Customer] FOREIGN KEY([CustomerId])
        REFERENCES [dbo].[Customer] ([Id])
        ON DELETE CASCADE
        GO
        ALTER TABLE [sales].[Order] CHECK CONSTRAINT [FK_Order_Customer]
        GO
        ALTER TABLE [sales].[Order] WITH NOCHECK ADD CONSTRAINT [CK_Qty] CHECK ([Qty] > 0)
        GO
        ALTER TABLE [sales].[Order] ALTER COLUMN [Qty] bigint NOT NULL
        GO
        """,
        MSSQL,
    )
    assert column(result, "dbo.Customer", "Code").default == "'A'"
    order = table(result, "sales.Order")
    (foreign_key,) = order.foreign_keys
    assert (foreign_key.name, foreign_key.referenced_table) == ("FK_Order_Customer", "dbo.Customer")
    assert foreign_key.on_delete == ReferentialAction.CASCADE
    assert [(c.name, c.expression) for c in order.check_constraints] == [("CK_Qty", "[Qty] > 0")]
    qty = column(result, "sales.Order", "Qty")
    assert (qty.data_type, qty.nullable) == ("bigint", False)
    assert result.warnings == []


def test_tsql_clustered_nonclustered_and_filtered_indexes():
    result = parse(
        """
        CREATE TABLE dbo.t (a int NOT NULL, b nvarchar(20), c int)
        GO
        CREATE UNIQUE NONCLUSTERED INDEX [IX_b] ON [dbo].[t] ([b] DESC) INCLUDE ([c])
            WHERE ([b] IS NOT NULL) WITH (FILLFACTOR = 80) ON [PRIMARY]
        GO
        CREATE CLUSTERED INDEX IX_a ON dbo.t (a)
        GO
        CREATE INDEX IX_c ON dbo.t (c)
        GO
        DROP INDEX IX_c ON dbo.t
        GO
        """,
        MSSQL,
    )
    t = table(result, "dbo.t")
    indexes = {i.name: (i.unique, i.method, i.columns, i.include, i.predicate) for i in t.indexes}
    assert indexes == {
        "IX_a": (False, "clustered", ["a"], [], None),
        "IX_b": (True, "nonclustered", ["b"], ["c"], "NOT [b] IS NULL"),
    }
    ix_b = next(i for i in t.indexes if i.name == "IX_b")
    assert ix_b.definition == (
        "CREATE UNIQUE NONCLUSTERED INDEX [IX_b] ON [dbo].[t] ([b] DESC) INCLUDE ([c]) WHERE NOT [b] IS NULL"
    )


def test_tsql_statements_without_semicolons_are_split_where_a_new_one_starts():
    result = parse(
        """
        IF OBJECT_ID('dbo.t', 'U') IS NOT NULL DROP TABLE dbo.t
        CREATE TABLE dbo.t (a int, b int REFERENCES dbo.u (id) ON DELETE SET NULL)
        SET ANSI_PADDING OFF
        INSERT INTO dbo.t (a) SELECT 1
        UPDATE dbo.t SET a = 2
        GO
        CREATE PROCEDURE dbo.p AS
        BEGIN
            SET NOCOUNT ON;
            CREATE TABLE #scratch (x int);
            SELECT * FROM dbo.t;
        END
        GO
        CREATE VIEW dbo.v AS SELECT a FROM dbo.t
        GO
        """,
        MSSQL,
    )
    assert [t.key for t in result.model.tables] == ["dbo.t", "dbo.v"]
    assert table(result, "dbo.t").foreign_keys[0].on_delete == ReferentialAction.SET_NULL
    assert result.skipped == {"control flow": 1, "insert": 1, "procedure": 1, "set": 1, "update": 1}


def test_tsql_unnamed_constraints_get_names_derived_from_the_table():
    result = parse(
        """
        CREATE TABLE sales.[Order] (Id int IDENTITY PRIMARY KEY,
            CustomerId int FOREIGN KEY REFERENCES dbo.Customer (Id), Qty smallint CHECK (Qty > 0),
            Code varchar(10) UNIQUE)
        """,
        MSSQL,
    )
    order = table(result, "sales.Order")
    assert key_name(order) == "PK_Order"
    assert [fk.name for fk in order.foreign_keys] == ["FK_Order_Customer"]
    assert [c.name for c in order.check_constraints] == ["CK_Order_Qty"]
    assert [u.name for u in order.unique_constraints] == ["UQ_Order_Code"]


# -- SQLite ------------------------------------------------------------------------------------


def test_sqlite_autoincrement_without_rowid_and_declared_types():
    result = parse(
        """
        CREATE TABLE artist (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL COLLATE NOCASE,
                             big UNSIGNED BIG INT, price NUMERIC( 10 , 2 ), anything);
        CREATE TABLE album (artist_id INTEGER, title TEXT, PRIMARY KEY (artist_id, title)) WITHOUT ROWID;
        CREATE TABLE loose (a INTEGER, b TEXT, PRIMARY KEY (a, b));
        """,
        SQLITE,
    )
    types = [c.data_type for c in table(result, "artist").columns]
    assert types == ["integer", "text", "unsigned big int", "numeric(10,2)", ""]
    artist_id = column(result, "artist", "id")
    assert (artist_id.identity, artist_id.is_primary_key) == (Identity.BY_DEFAULT, True)
    assert column(result, "artist", "name").collation == "NOCASE"
    # Only WITHOUT ROWID tables make their key columns NOT NULL (PRAGMA table_info agrees).
    assert [c.nullable for c in table(result, "album").columns] == [False, False]
    assert [c.nullable for c in table(result, "loose").columns] == [True, True]


def test_sqlite_pragma_transactions_and_trigger_bodies_are_skipped():
    result = parse(
        """
        PRAGMA foreign_keys=OFF;
        BEGIN TRANSACTION;
        CREATE TABLE track (id INTEGER PRIMARY KEY, title TEXT);
        CREATE TRIGGER trg AFTER INSERT ON track BEGIN
          UPDATE track SET title = CASE WHEN NEW.id > 0 THEN 'x' END WHERE id = NEW.id;
          DELETE FROM track WHERE id < 0;
        END;
        INSERT INTO track VALUES (1, 'a');
        CREATE VIRTUAL TABLE search USING fts5(title);
        COMMIT;
        """,
        SQLITE,
    )
    assert [t.key for t in result.model.tables] == ["track"]
    assert result.skipped == {"insert": 1, "pragma": 1, "transaction": 2, "trigger": 1, "virtual table": 1}


def test_sqlite_insert_lines_in_a_trigger_body_or_a_string_are_not_statements():
    result = parse(
        """
        CREATE TABLE a (x TEXT DEFAULT 'two
        INSERT INTO lines');
        CREATE TRIGGER tr AFTER INSERT ON a BEGIN
        INSERT INTO a VALUES ('x;y');
        INSERT INTO a VALUES (2);
        END;
        INSERT INTO a VALUES ('it''s; fine'), ("q") -- a comment; with a semicolon
        ;
        CREATE TABLE b (y INT);
        """,
        SQLITE,
    )
    assert column(result, "a", "x").default == "'two\nINSERT INTO lines'"
    assert [t.key for t in result.model.tables] == ["a", "b"]
    assert result.skipped == {"insert": 1, "trigger": 1}


def test_sqlite_indexes_keys_and_references_without_columns():
    result = parse(
        """
        CREATE TABLE artist (id INTEGER PRIMARY KEY, name TEXT UNIQUE ON CONFLICT IGNORE);
        CREATE TABLE album (
          artist_id INTEGER REFERENCES artist ON DELETE CASCADE,
          title TEXT NOT NULL ON CONFLICT FAIL,
          FOREIGN KEY (title) REFERENCES album (title) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE INDEX IF NOT EXISTS idx_title ON album (title COLLATE NOCASE DESC) WHERE title IS NOT NULL;
        CREATE INDEX IF NOT EXISTS idx_title ON album (artist_id);
        CREATE UNIQUE INDEX main.idx_name ON artist (lower(name));
        """,
        SQLITE,
    )
    artist = table(result, "artist")
    assert key_name(artist) == "sqlite_autoindex_artist_1"
    assert [u.name for u in artist.unique_constraints] == ["sqlite_autoindex_artist_2"]
    album = table(result, "album")
    by_artist, self_reference = album.foreign_keys
    assert (by_artist.name, by_artist.referenced_columns) == ("album_fk_1", ["id"])
    assert by_artist.on_delete == ReferentialAction.CASCADE
    assert (self_reference.deferrable, self_reference.initially_deferred) == (True, True)
    (index,) = album.indexes
    assert (index.columns, index.predicate) == (["title"], 'NOT "title" IS NULL')
    assert index.definition.endswith('("title" COLLATE NOCASE DESC) WHERE NOT "title" IS NULL')
    assert artist.indexes[0].columns == ['LOWER("name")']
    assert result.warnings == []


def test_sqlite_and_sql_server_find_tables_whatever_the_case_of_their_names():
    sqlite = parse(
        """
        CREATE TABLE Album (Id INTEGER PRIMARY KEY);
        CREATE TABLE track (album_id INTEGER REFERENCES album (Id));
        CREATE INDEX idx ON ALBUM (Id);
        """,
        SQLITE,
    )
    assert table(sqlite, "track").foreign_keys[0].referenced_table == "Album"
    assert [index.name for index in table(sqlite, "Album").indexes] == ["idx"]
    mssql = parse(
        "CREATE TABLE dbo.Album (Id int)\nGO\nALTER TABLE DBO.ALBUM ADD Title nvarchar(10)\nGO", MSSQL
    )
    assert [c.name for c in table(mssql, "dbo.Album").columns] == ["Id", "Title"]
    assert sqlite.warnings == mssql.warnings == []
