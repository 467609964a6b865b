"""Which dialect a script is in, and the sentence that says why."""

from __future__ import annotations

from textwrap import dedent

import pytest

from app.ingest.dialects import DialectGuess, detect_dialect
from app.models.enums import SqlDialect


@pytest.mark.parametrize(
    ("script", "dialect", "reason"),
    [
        (
            """
            CREATE TABLE `actor` (
              `actor_id` SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
              PRIMARY KEY (`actor_id`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
            """,
            SqlDialect.MYSQL,
            "ENGINE=, AUTO_INCREMENT and backtick quoting suggest MySQL",
        ),
        (
            """
            DELIMITER $$
            CREATE PROCEDURE p() BEGIN SELECT 1; END $$
            DELIMITER ;
            """,
            SqlDialect.MYSQL,
            "DELIMITER commands suggests MySQL",
        ),
        (
            """
            SET ANSI_NULLS ON
            GO
            CREATE TABLE [dbo].[Customer] ([Id] [int] IDENTITY(1,1) NOT NULL, [Name] nvarchar(max))
            GO
            """,
            SqlDialect.MSSQL,
            "GO batch separators, IDENTITY and the dbo schema suggest SQL Server",
        ),
        (
            """
            PRAGMA foreign_keys=OFF;
            CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT) WITHOUT ROWID;
            """,
            SqlDialect.SQLITE,
            "AUTOINCREMENT, PRAGMA and WITHOUT ROWID suggest SQLite",
        ),
        (
            """
            CREATE TABLE [Album] ([AlbumId] INTEGER NOT NULL, [Title] NVARCHAR(160) NOT NULL);
            CREATE INDEX [IFK_Album] ON [Album] ([AlbumId]);
            """,
            SqlDialect.SQLITE,
            "[bracketed] names without GO batches and INTEGER columns suggest SQLite",
        ),
        (
            """
            --
            -- PostgreSQL database dump
            --
            CREATE EXTENSION IF NOT EXISTS citext;
            CREATE TABLE t (id serial, tags text[], price numeric DEFAULT '0'::numeric);
            """,
            SqlDialect.POSTGRES,
            "pg_dump markers, :: casts and CREATE EXTENSION suggest PostgreSQL",
        ),
        (
            """
            \\connect app
            CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql;
            """,
            SqlDialect.POSTGRES,
            "psql \\ commands and $$-quoted function bodies suggest PostgreSQL",
        ),
    ],
)
def test_each_dialect_is_recognised_by_the_syntax_only_it_uses(script, dialect, reason):
    assert detect_dialect(dedent(script)) == DialectGuess(dialect, reason)


def test_a_script_with_no_dialect_specific_syntax_is_read_as_postgresql_and_says_so():
    guess = detect_dialect("CREATE TABLE t (id int PRIMARY KEY, name varchar(20));")
    assert guess == DialectGuess(
        SqlDialect.POSTGRES, "no dialect-specific syntax found, so PostgreSQL (the default)"
    )


def test_postgresql_arrays_are_not_mistaken_for_bracketed_names():
    guess = detect_dialect("CREATE TABLE t (tags text[], first text GENERATED ALWAYS AS (tags[1]) STORED);")
    assert guess.dialect == SqlDialect.POSTGRES


def test_a_stronger_clue_outweighs_a_shared_one():
    # [names] and NVARCHAR are SQL Server's too, but only MySQL has ENGINE= and AUTO_INCREMENT.
    guess = detect_dialect("CREATE TABLE t ([a] NVARCHAR(10), id INT AUTO_INCREMENT) ENGINE=InnoDB;")
    assert guess.dialect == SqlDialect.MYSQL


def test_a_quote_that_never_closes_does_not_stop_detection():
    guess = detect_dialect("CREATE TABLE `t` (a INT) ENGINE=InnoDB;\nINSERT INTO `t` VALUES ('never closed);")
    assert guess.dialect == SqlDialect.MYSQL
