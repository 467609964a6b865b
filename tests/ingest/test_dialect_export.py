"""MySQL, SQLite and SQL Server models back to DDL: the database can run it, and the reader
reads it back to the same model."""

from __future__ import annotations

import sqlite3
from textwrap import dedent

import pytest

from app.ingest.dialects import parse_dialect_sql
from app.ingest.export.dialect_ddl import to_dialect_ddl
from app.ingest.model import SchemaModel, canonical_json, content_hash
from app.ingest.postgres import parse_postgres
from app.models.enums import SqlDialect

MYSQL_SCRIPT = """
    /*!40101 SET NAMES utf8mb4 */;
    USE `shop`;
    CREATE TABLE `customer` (
      `id` INT(11) UNSIGNED NOT NULL AUTO_INCREMENT,
      `email` VARCHAR(120) NOT NULL COMMENT 'login; it''s unique',
      `status` ENUM('active','blocked') NOT NULL DEFAULT 'active',
      `tags` SET('a','b') DEFAULT NULL,
      `balance` DECIMAL(10,2) NOT NULL DEFAULT 0.00,
      `flag` BOOLEAN DEFAULT TRUE,
      `created` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
      `name` varchar(60) COLLATE utf8mb4_bin,
      `bio` TEXT,
      `Ünïcode name` INT GENERATED ALWAYS AS (`id` * 2) STORED,
      PRIMARY KEY (`id`),
      UNIQUE KEY (`email`),
      KEY `idx_name` (`name`(10) DESC, `created`) USING HASH,
      FULLTEXT KEY `ft_bio` (`bio`),
      CONSTRAINT CHECK (`balance` >= 0)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='people';
    CREATE TABLE shop.orders (
      id SERIAL,
      customer_id INT UNSIGNED NOT NULL,
      ref INT UNSIGNED REFERENCES `customer` (`id`),
      FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE ON UPDATE SET NULL,
      FOREIGN KEY (ref) REFERENCES archive.customer (id) MATCH FULL
    );
    CREATE TABLE archive.customer (id INT PRIMARY KEY, location POINT NOT NULL, SPATIAL KEY (location));
    CREATE UNIQUE INDEX uq_prefix ON customer (email(20));
    CREATE VIEW z_base AS SELECT c.id, c.email AS mail FROM customer c;
    CREATE VIEW a_top (ident) AS SELECT id FROM z_base;
"""

SQLITE_SCRIPT = """
    PRAGMA foreign_keys=OFF;
    BEGIN TRANSACTION;
    CREATE TABLE "artist" (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      score REAL DEFAULT (0.5 * 2),
      note,
      big UNSIGNED BIG INT,
      CHECK (length(name) > 0)
    );
    CREATE TABLE album (
      artist_id INTEGER REFERENCES artist ON DELETE CASCADE,
      title VARCHAR(200) NOT NULL ON CONFLICT FAIL,
      "year" INT,
      PRIMARY KEY (artist_id, title),
      UNIQUE (title, "year")
    ) WITHOUT ROWID;
    CREATE TABLE track (
      id INTEGER PRIMARY KEY,
      album_title TEXT DEFAULT 'none',
      FOREIGN KEY (album_title) REFERENCES album (title) DEFERRABLE INITIALLY DEFERRED,
      FOREIGN KEY (id) REFERENCES genre (id)
    );
    CREATE INDEX IF NOT EXISTS idx_track_title ON track (album_title COLLATE NOCASE DESC)
      WHERE album_title IS NOT NULL;
    CREATE UNIQUE INDEX idx_artist_lower ON artist (lower(name));
    CREATE VIEW v AS SELECT a.name, t.* FROM artist a, track t;
    COMMIT;
"""

TSQL_SCRIPT = """
    SET ANSI_NULLS ON
    GO
    CREATE SCHEMA [sales] AUTHORIZATION [dbo]
    GO
    CREATE TABLE [dbo].[Customer](
        [CustomerId] [int] IDENTITY(1,1) NOT NULL,
        [Name] [nvarchar](160) NOT NULL,
        [Notes] nvarchar(max) NULL,
        [Price] [decimal](18, 2) NULL,
        [Created] datetime2 NOT NULL CONSTRAINT [DF_Created] DEFAULT (getdate()),
        [Code] char NULL,
        [Total] AS ([Price] * 2) PERSISTED,
        [Kind] [dbo].[KindType] NULL,
     CONSTRAINT [PK_Customer] PRIMARY KEY CLUSTERED ([CustomerId] ASC) ON [PRIMARY]
    ) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
    GO
    CREATE TABLE sales.[Order] (
        Id int IDENTITY PRIMARY KEY NONCLUSTERED,
        CustomerId int NOT NULL,
        Qty smallint CHECK (Qty > 0),
        Code varchar(10) UNIQUE
    )
    GO
    ALTER TABLE [dbo].[Customer] ADD CONSTRAINT [DF_Customer_Code] DEFAULT ('A') FOR [Code]
    GO
    ALTER TABLE [sales].[Order] WITH CHECK ADD CONSTRAINT [FK_Order_Customer] FOREIGN KEY([CustomerId])
    REFERENCES [dbo].[Customer] ([CustomerId]) ON DELETE CASCADE
    GO
    ALTER TABLE [sales].[Order] WITH NOCHECK ADD FOREIGN KEY (Qty) REFERENCES dbo.Missing (Id)
    GO
    CREATE UNIQUE NONCLUSTERED INDEX [IX_Name] ON [dbo].[Customer] ([Name] DESC) INCLUDE ([Notes])
        WHERE ([Name] IS NOT NULL)
    GO
    CREATE CLUSTERED INDEX IX_Order ON sales.[Order] (CustomerId)
    GO
    CREATE VIEW dbo.vCustomer AS SELECT c.CustomerId, c.Name FROM dbo.Customer AS c
    GO
"""

SCRIPTS = {SqlDialect.MYSQL: MYSQL_SCRIPT, SqlDialect.SQLITE: SQLITE_SCRIPT, SqlDialect.MSSQL: TSQL_SCRIPT}


def model_of(dialect: SqlDialect) -> SchemaModel:
    return parse_dialect_sql(dedent(SCRIPTS[dialect]), dialect).model


@pytest.mark.parametrize("dialect", [SqlDialect.MYSQL, SqlDialect.SQLITE, SqlDialect.MSSQL])
def test_exported_ddl_reads_back_to_an_equal_model(dialect):
    model = model_of(dialect)
    exported = to_dialect_ddl(model)
    again = parse_dialect_sql(exported, dialect)
    assert canonical_json(again.model) == canonical_json(model)
    assert content_hash(again.model) == content_hash(model)
    assert not any("line" in warning for warning in again.warnings)


@pytest.mark.parametrize("dialect", [SqlDialect.MYSQL, SqlDialect.SQLITE, SqlDialect.MSSQL])
def test_exporting_twice_gives_the_same_text(dialect):
    exported = to_dialect_ddl(model_of(dialect))
    assert to_dialect_ddl(parse_dialect_sql(exported, dialect).model) == exported


def test_mysql_foreign_keys_come_after_every_table_so_references_may_point_forward():
    exported = to_dialect_ddl(model_of(SqlDialect.MYSQL))
    last_table = exported.rindex("CREATE TABLE")
    assert exported.index("ALTER TABLE `orders` ADD CONSTRAINT `orders_ibfk_2` FOREIGN KEY") > last_table
    assert "REFERENCES `archive`.`customer` (`id`) MATCH FULL" in exported
    assert "CREATE DATABASE IF NOT EXISTS `archive`;" in exported
    # SERIAL says NOT NULL, AUTO_INCREMENT and UNIQUE itself.
    assert "`id` SERIAL,\n" in exported


def test_views_are_created_after_the_views_they_select_from():
    exported = to_dialect_ddl(model_of(SqlDialect.MYSQL))
    assert exported.index("CREATE VIEW `z_base`") < exported.index("CREATE VIEW `a_top` (`ident`)")


def test_sqlite_export_keeps_foreign_keys_and_autoincrement_in_create_table_and_runs_in_sqlite():
    model = model_of(SqlDialect.SQLITE)
    exported = to_dialect_ddl(model)
    assert '"id" INTEGER CONSTRAINT "sqlite_autoindex_artist_1" PRIMARY KEY AUTOINCREMENT' in exported
    assert "ALTER TABLE" not in exported
    connection = sqlite3.connect(":memory:")
    connection.executescript(exported)
    album = model.table("album")
    assert album is not None
    pragma = connection.execute("PRAGMA table_info(album)").fetchall()
    assert [(name, declared, not_null) for _, name, declared, not_null, _, _ in pragma] == [
        (column.name, column.original_type, int(not column.nullable)) for column in album.columns
    ]


def test_sql_server_statements_are_each_followed_by_go_so_views_start_their_batch():
    exported = to_dialect_ddl(model_of(SqlDialect.MSSQL))
    assert "CREATE SCHEMA [sales];\nGO" in exported
    assert "[Total] AS ([Price] * 2) PERSISTED" in exported
    assert "[CustomerId] [int] NOT NULL IDENTITY" in exported
    # A clustered index elsewhere keeps the keys from claiming the table's clustering.
    assert "CONSTRAINT [PK_Order] PRIMARY KEY NONCLUSTERED ([Id])" in exported
    assert "CONSTRAINT [PK_Customer] PRIMARY KEY ([CustomerId])" in exported
    assert exported.rstrip().endswith(
        "CREATE VIEW [dbo].[vCustomer] ([CustomerId], [Name]) AS "
        "SELECT [c].[CustomerId], [c].[Name] FROM [dbo].[Customer] AS [c];\nGO"
    )


def test_a_postgresql_model_is_not_exported_here():
    model = parse_postgres("CREATE TABLE t (a int);").model
    with pytest.raises(ValueError, match="own exporter"):
        to_dialect_ddl(model)
