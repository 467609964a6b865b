"""The MySQL/MariaDB reader quirk by quirk, and what the MySQL, SQLite and SQL Server readers
share (errors, warnings, names, canonical form), on small scripts written for the test. The SQL
Server and SQLite quirks are in ``test_dialect_parsers_mssql_sqlite``."""

from __future__ import annotations

from textwrap import dedent

import pytest

from app.ingest.dialects import ParseResult, parse_dialect_sql
from app.ingest.errors import ParseError
from app.ingest.model import Identity, ReferentialAction, Table, TableKind, content_hash
from app.models.enums import SqlDialect
from tests.ingest.lookup import column, table

MYSQL, SQLITE, MSSQL = SqlDialect.MYSQL, SqlDialect.SQLITE, SqlDialect.MSSQL


def parse(sql: str, dialect: SqlDialect, *, lenient: bool = False) -> ParseResult:
    return parse_dialect_sql(dedent(sql), dialect, lenient=lenient)


def key_name(found: Table) -> str | None:
    return found.primary_key.name if found.primary_key else None


# -- MySQL / MariaDB ---------------------------------------------------------------------------


# Written type -> the type as MySQL 8's information_schema.COLUMNS.COLUMN_TYPE prints it.
# fmt: off
MYSQL_TYPES = {
    "INT(11)": "int", "SMALLINT(5) UNSIGNED": "smallint unsigned", "DECIMAL(10,2)": "decimal(10,2)",
    "NUMERIC": "decimal(10,0)", "BOOLEAN": "tinyint(1)", "TINYINT(1)": "tinyint(1)",
    "ENUM('G','PG-13','it''s')": "enum('G','PG-13','it''s')", "SET('x', 'y')": "set('x','y')",
    "YEAR(4)": "year", "FLOAT(30)": "double", "NVARCHAR(10)": "varchar(10)",
    "INT ZEROFILL": "int(10) unsigned zerofill", "DOUBLE PRECISION": "double", "REAL": "double",
    "DATETIME(0)": "datetime", "TIMESTAMP(6)": "timestamp(6)", "POINT": "point", "BIT": "bit(1)",
    "CHAR": "char(1)", "INTEGER UNSIGNED": "int unsigned", "MEDIUMINT(8) UNSIGNED": "mediumint unsigned",
    "BIGINT(20)": "bigint", "TEXT": "text", "NATIONAL VARCHAR(5)": "varchar(5)",
}
# ... and as SQL Server's sys.types names it, with its default length, precision or scale.
TSQL_TYPES = {
    "INTEGER": "int", "nvarchar(max)": "nvarchar(max)", "[decimal](18, 2)": "decimal(18,2)",
    "numeric": "numeric(18,0)", "float(24)": "real", "float": "float", "rowversion": "timestamp",
    "datetime2": "datetime2(7)", "char": "char(1)", "varchar(10)": "varchar(10)", "dbo.Phone": "dbo.Phone",
    "ntext": "ntext", "time(3)": "time(3)", "DOUBLE PRECISION": "float", "sysname": "sysname",
    "national character varying(20)": "nvarchar(20)",
}
# fmt: on


@pytest.mark.parametrize(("dialect", "spellings"), [(MYSQL, MYSQL_TYPES), (MSSQL, TSQL_TYPES)])
def test_types_are_spelled_as_the_dialects_catalog_spells_them_and_keep_the_written_form(dialect, spellings):
    columns = ", ".join(f"c{number} {written}" for number, written in enumerate(spellings))
    result = parse_dialect_sql(f"CREATE TABLE t ({columns});", dialect)
    assert {c.original_type: c.data_type for c in result.model.tables[0].columns} == spellings


def test_mysql_backticks_auto_increment_defaults_comments_and_table_options():
    result = parse(
        """
        CREATE TABLE `actor` (
          `actor_id` SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
          `name` VARCHAR(45) NOT NULL COMMENT 'full name' COLLATE UTF8MB4_BIN,
          `active` BOOLEAN NOT NULL DEFAULT TRUE,
          `rate` DECIMAL(4,2) DEFAULT 4.99,
          `note` TEXT DEFAULT NULL,
          `last_update` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
          PRIMARY KEY (`actor_id`)
        ) ENGINE=InnoDB AUTO_INCREMENT=201 DEFAULT CHARSET=utf8mb4 COMMENT='who acts';
        """,
        MYSQL,
    )
    actor = table(result, "actor")
    assert actor.comment == "who acts"
    actor_id, name, active, rate, note, last_update = actor.columns
    assert (actor_id.identity, actor_id.serial, actor_id.nullable) == (Identity.BY_DEFAULT, False, False)
    assert (name.comment, name.collation) == ("full name", "utf8mb4_bin")
    assert (active.default, rate.default, note.default) == ("TRUE", "4.99", None)
    assert (last_update.data_type, last_update.default) == ("timestamp", "CURRENT_TIMESTAMP()")
    assert key_name(actor) == "PRIMARY"


def test_mysql_inline_keys_are_indexes_and_unique_keys_are_unique_constraints():
    result = parse(
        """
        CREATE TABLE film (
          film_id INT NOT NULL, title VARCHAR(255) NOT NULL, description TEXT,
          location GEOMETRY NOT NULL, code CHAR(4),
          PRIMARY KEY (film_id), KEY idx_title (title(10) DESC, film_id) USING HASH, INDEX (code),
          UNIQUE KEY (code), UNIQUE KEY uk_title (title),
          FULLTEXT KEY idx_text (title, description), SPATIAL KEY idx_location (location)
        );
        """,
        MYSQL,
    )
    film = table(result, "film")
    indexes = {index.name: (index.columns, index.method, index.unique) for index in film.indexes}
    assert indexes == {
        "code": (["code"], "btree", False),
        "idx_location": (["location"], "spatial", False),
        "idx_text": (["title", "description"], "fulltext", False),
        "idx_title": (["title(10)", "film_id"], "hash", False),
    }
    # MySQL names an unnamed key after its first column, numbered once the name is taken.
    uniques = [(u.name, u.columns) for u in film.unique_constraints]
    assert uniques == [("code_2", ["code"]), ("uk_title", ["title"])]
    definition = next(index.definition for index in film.indexes if index.name == "idx_title")
    assert definition == "CREATE INDEX `idx_title` ON `film` (`title`(10) DESC, `film_id`) USING HASH"
    assert column(result, "film", "title").is_unique
    assert not column(result, "film", "description").is_unique


def test_mysql_enum_and_set_columns_are_listed_as_enums_by_table_and_column():
    result = parse(
        """
        CREATE TABLE film (
          rating ENUM('G','PG','PG-13') DEFAULT 'G',
          special_features SET('Trailers','Deleted Scenes') DEFAULT NULL
        );
        CREATE VIEW film_ratings AS SELECT rating FROM film;
        """,
        MYSQL,
    )
    rating, special_features = result.model.enums
    assert (rating.key, rating.values) == ("film.rating", ["G", "PG", "PG-13"])
    assert (special_features.key, special_features.values) == (
        "film.special_features",
        ["Trailers", "Deleted Scenes"],
    )
    assert column(result, "film", "rating").default == "'G'"


def test_mysql_unnamed_constraints_get_the_names_the_server_gives():
    result = parse(
        """
        CREATE TABLE parent (id INT PRIMARY KEY);
        CREATE TABLE child (
          id INT, a INT REFERENCES parent (id), b INT, CONSTRAINT pk_ignored PRIMARY KEY (id),
          FOREIGN KEY (b) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL,
          CHECK (a > 0), CHECK (b > 0)
        );
        """,
        MYSQL,
    )
    child = table(result, "child")
    assert key_name(child) == "PRIMARY"
    foreign_keys = {fk.name: (fk.columns, fk.on_delete, fk.on_update) for fk in child.foreign_keys}
    assert foreign_keys == {
        "child_ibfk_1": (["a"], ReferentialAction.NO_ACTION, ReferentialAction.NO_ACTION),
        "child_ibfk_2": (["b"], ReferentialAction.CASCADE, ReferentialAction.SET_NULL),
    }
    checks = [(c.name, c.expression) for c in child.check_constraints]
    assert checks == [("child_chk_1", "`a` > 0"), ("child_chk_2", "`b` > 0")]


def test_mysql_delimiter_blocks_are_skipped_and_counted():
    result = parse(
        """
        DELIMITER ;;
        CREATE TRIGGER ins_film AFTER INSERT ON film FOR EACH ROW BEGIN
            INSERT INTO film_text (film_id) VALUES (new.film_id);
          END;;
        DELIMITER ;
        CREATE TABLE film (film_id INT);
        DELIMITER $$
        CREATE PROCEDURE p(IN x INT)
        BEGIN
          DECLARE y INT; -- a comment; with semicolons
          SELECT x INTO y;
        END $$
        CREATE FUNCTION f() RETURNS INT DETERMINISTIC BEGIN RETURN 1; END$$
        DELIMITER //
        CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM film; //
        DELIMITER ;
        CREATE TABLE after_blocks (id INT);
        """,
        MYSQL,
    )
    assert [t.key for t in result.model.tables] == ["after_blocks", "film"]
    assert result.skipped == {"delimiter": 5, "event": 1, "function": 1, "procedure": 1, "trigger": 1}
    assert result.statements == 11
    assert result.warnings == []


def test_mysql_versioned_comments_are_read_as_the_sql_mysql_runs():
    result = parse(
        """
        /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
        /*!50503 SET NAMES utf8mb4 */;
        # a hash comment; not a statement
        CREATE TABLE address (
          id INT NOT NULL,
          /*!50705 location GEOMETRY NOT NULL,*/
          note VARCHAR(20) COMMENT '/*!99999 not a comment */',
          PRIMARY KEY (id)
          /*!50705 , SPATIAL KEY idx_location (location)*/
        ) ENGINE=InnoDB /*!50503 DEFAULT CHARSET=utf8mb4 */;
        /*!40000 ALTER TABLE address DISABLE KEYS */;
        /*M!100100 SET sql_mode = 'x' */;
        LOCK TABLES `address` WRITE;
        INSERT INTO address VALUES (1, POINT(0, 0), 'a;b');
        UNLOCK TABLES;
        """,
        MYSQL,
    )
    address = table(result, "address")
    assert [c.name for c in address.columns] == ["id", "location", "note"]
    assert column(result, "address", "note").comment == "/*!99999 not a comment */"
    assert [index.name for index in address.indexes] == ["idx_location"]
    assert result.skipped == {"insert": 1, "lock": 2, "set": 3}


def test_mysql_create_index_statements_and_partitioned_tables():
    result = parse(
        """
        CREATE TABLE t (id INT, body TEXT, g GEOMETRY NOT NULL, code INT)
          PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);
        CREATE FULLTEXT INDEX ft ON t (body);
        CREATE SPATIAL INDEX sp ON t (g);
        CREATE UNIQUE INDEX uq USING BTREE ON t (code) ALGORITHM=INPLACE;
        CREATE INDEX ix ON t (id) USING HASH;
        """,
        MYSQL,
    )
    t = table(result, "t")
    assert {(i.name, i.method) for i in t.indexes} == {("ft", "fulltext"), ("sp", "spatial"), ("ix", "hash")}
    assert [u.name for u in t.unique_constraints] == ["uq"]


def test_mysql_data_is_cut_out_without_tokens_whatever_its_strings_hold():
    rows = ",".join(f"({n}, 'a;b ''q'' \\' \\\\', \"x;\")" for n in range(300))
    script = "CREATE TABLE t (id INT, s TEXT, d TEXT);\n" + f"INSERT INTO t VALUES {rows};\n" * 3
    script += "insert into t values (1, '-- not a comment; /* nor this', '#') # a comment;\n;\n"
    script += "REPLACE INTO t VALUES (2, 'x', 'y');\nCREATE TABLE after_data (id INT);\n"
    result = parse_dialect_sql(script, MYSQL)
    assert [t.key for t in result.model.tables] == ["after_data", "t"]
    assert (result.skipped, result.statements, result.warnings) == ({"insert": 5}, 7, [])


def test_mysql_use_folds_the_current_database_out_of_qualified_names():
    result = parse(
        """
        CREATE DATABASE IF NOT EXISTS shop;
        USE `shop`;
        CREATE TABLE shop.customer (id INT PRIMARY KEY);
        CREATE TABLE orders (customer_id INT REFERENCES shop.customer (id));
        CREATE TABLE archive.orders (id INT);
        """,
        MYSQL,
    )
    assert [t.key for t in result.model.tables] == ["archive.orders", "customer", "orders"]
    assert table(result, "orders").foreign_keys[0].referenced_table == "customer"
    assert result.model.schemas == ["archive"]
    assert result.skipped == {"database": 1, "use": 1}


def test_mysql_alter_table_adds_modifies_renames_and_drops():
    result = parse(
        """
        CREATE TABLE t (id INT, a INT, b INT, c INT, KEY idx_c (c));
        CREATE TABLE u (t_a INT);
        ALTER TABLE t ADD COLUMN first_col INT FIRST, ADD COLUMN after_a INT AFTER a,
          ADD PRIMARY KEY (id), ADD UNIQUE KEY uk_a (a), ADD CONSTRAINT fk FOREIGN KEY (b) REFERENCES u (t_a);
        ALTER TABLE t MODIFY COLUMN b BIGINT NOT NULL, CHANGE COLUMN c renamed_c VARCHAR(5);
        ALTER TABLE t DROP FOREIGN KEY fk, DROP INDEX uk_a, ALTER COLUMN a SET DEFAULT 5;
        ALTER TABLE t RENAME TO t2;
        RENAME TABLE u TO u2;
        ALTER TABLE u2 ENGINE=InnoDB;
        """,
        MYSQL,
    )
    t2 = table(result, "t2")
    assert [c.name for c in t2.columns] == ["first_col", "id", "a", "after_a", "b", "renamed_c"]
    assert [(c.data_type, c.nullable, c.default) for c in t2.columns[1:3]] == [
        ("int", False, None),
        ("int", True, "5"),
    ]
    assert [(c.data_type, c.nullable) for c in t2.columns[4:]] == [("bigint", False), ("varchar(5)", True)]
    assert (t2.foreign_keys, t2.unique_constraints) == ([], [])
    assert t2.indexes[0].columns == ["renamed_c"]
    assert [t.key for t in result.model.tables] == ["t2", "u2"]


def test_mysql_views_keep_their_query_and_type_the_columns_they_take_from_tables():
    result = parse(
        """
        CREATE TABLE film (film_id INT, title VARCHAR(255));
        CREATE DEFINER=CURRENT_USER SQL SECURITY INVOKER VIEW film_list (id, name) AS
          SELECT f.film_id, f.title FROM film f;
        CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` VIEW counts AS
          SELECT COUNT(*) AS n, film.* FROM film;
        """,
        MYSQL,
    )
    film_list = table(result, "film_list")
    assert film_list.kind == TableKind.VIEW
    assert [(c.name, c.data_type) for c in film_list.columns] == [("id", "int"), ("name", "varchar(255)")]
    assert film_list.definition == "SELECT `f`.`film_id`, `f`.`title` FROM `film` AS `f`"
    assert [c.name for c in table(result, "counts").columns] == ["n", "film_id", "title"]


# -- all three ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "sql", "line", "column_number"),
    [
        (MYSQL, "CREATE TABLE a (id INT);\n\nCREATE TABLE b (\n  id INT,\n  n INT DEFAULT,\n);", 5, 16),
        (MSSQL, "CREATE TABLE a (id int)\nGO\nCREATE TABLE [b] (\n  [id] int IDENTITY(1,\n)\nGO\n", 5, 1),
        (SQLITE, "CREATE TABLE a (id);\nCREATE TABLE b (id, name DEFAULT 'x);\n", 2, 34),
    ],
)
def test_a_syntax_error_in_ddl_stops_a_strict_read_where_it_is(dialect, sql, line, column_number):
    with pytest.raises(ParseError) as raised:
        parse_dialect_sql(sql, dialect)
    assert (raised.value.line, raised.value.column) == (line, column_number)
    assert raised.value.statement.replace("[", "").startswith("CREATE TABLE b")


def test_lenient_mode_skips_the_bad_statement_with_a_warning_naming_where_it_is():
    result = parse(
        """
        CREATE TABLE a (id INT);
        CREATE TABLE b (id INT DEFAULT, name TEXT);
        CREATE TABLE c (id INT);
        """,
        MYSQL,
        lenient=True,
    )
    assert [t.key for t in result.model.tables] == ["a", "c"]
    assert result.warnings == [
        "line 3, column 31: syntax error at ','; statement skipped: 'CREATE TABLE b (id INT DEFAULT, name TEXT)'"
    ]
    assert result.skipped == {"syntax error": 1}


def test_statements_that_define_no_schema_never_stop_a_read():
    result = parse(
        """
        SELEC * FROM nowhere;
        CREATE TABLE a (id INT);
        INSERT INTO a VALUES ('unterminated);
        """,
        MYSQL,
    )
    assert [t.key for t in result.model.tables] == ["a"]
    assert len(result.warnings) == 2
    assert result.warnings[1].startswith("line 4, column 23: a quote or comment is not closed")


def test_a_foreign_key_to_a_table_the_source_does_not_define_is_kept_with_a_warning():
    result = parse(
        """
        CREATE TABLE orders (customer_id INT REFERENCES customers (id), product_id INT REFERENCES products (id));
        CREATE TABLE products (id INT PRIMARY KEY);
        """,
        SQLITE,
    )
    assert [fk.referenced_table for fk in table(result, "orders").foreign_keys] == ["customers", "products"]
    (warning,) = result.warnings
    assert warning == "1 foreign key references customers, which this source does not define; kept as written"


def test_a_table_defined_twice_keeps_the_first_definition_with_a_warning():
    result = parse(
        """
        CREATE TABLE t (a INT);
        CREATE TABLE t (b INT);
        CREATE TABLE IF NOT EXISTS t (c INT);
        """,
        MYSQL,
    )
    assert [c.name for c in table(result, "t").columns] == ["a"]
    assert result.warnings == ["line 3: t is defined again; the first definition (line 2) is kept"]


@pytest.mark.parametrize(
    ("dialect", "sql", "key"),
    [
        (MYSQL, "CREATE TABLE `Order Lines` (`Ünïcode` INT, `a``b` INT);", "Order Lines"),
        (MSSQL, "CREATE TABLE [Order Lines] ([Ünïcode] int, [a]]b] int)", "dbo.Order Lines"),
        (SQLITE, 'CREATE TABLE "Order Lines" ("Ünïcode" INT, "a""b" INT);', "Order Lines"),
    ],
)
def test_quoted_and_unicode_names_are_kept_as_written(dialect, sql, key):
    result = parse_dialect_sql(sql, dialect)
    order_lines = table(result, key)
    assert order_lines.name == "Order Lines"
    quote = {MYSQL: "`", MSSQL: "]", SQLITE: '"'}[dialect]
    assert [c.name for c in order_lines.columns] == ["Ünïcode", f"a{quote}b"]


def test_the_model_does_not_depend_on_statement_order_whitespace_or_comments():
    first = parse(
        """
        CREATE TABLE b (id INT PRIMARY KEY, a_id INT, KEY idx (a_id));
        CREATE TABLE a (id INT PRIMARY KEY);
        ALTER TABLE b ADD CONSTRAINT fk FOREIGN KEY (a_id) REFERENCES a (id);
        """,
        MYSQL,
    )
    second = parse(
        """
        -- the same schema, written differently
        CREATE TABLE a (
            id INT PRIMARY KEY
        );
        CREATE TABLE b (id INT PRIMARY KEY, a_id INT, CONSTRAINT fk FOREIGN KEY (a_id) REFERENCES a (id),
                        INDEX idx (a_id));
        """,
        MYSQL,
    )
    assert content_hash(first.model) == content_hash(second.model)


def test_a_byte_order_mark_keeps_positions():
    with pytest.raises(ParseError) as raised:
        parse_dialect_sql("\ufeffCREATE TABLE t (a INT DEFAULT);", MYSQL)
    assert (raised.value.line, raised.value.column) == (1, 31)


def test_postgresql_is_read_by_its_own_reader():
    with pytest.raises(ValueError, match="parse_postgres"):
        parse_dialect_sql("CREATE TABLE t (a int);", SqlDialect.POSTGRES)
