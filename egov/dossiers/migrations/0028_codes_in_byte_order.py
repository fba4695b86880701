"""PostgreSQL: a dossier's code and submission reference compared byte by byte (collation "C"), whatever
the database's own collation.

A queue's code box finds the dossiers whose code starts with what the officer typed, by a range on the
code's unique index, `code >= p AND code < p || U+10FFFF` (`selectors.filtered`; LIKE 'p%' needs a pattern
index on PostgreSQL under any collation but C, which 0027 dropped because every move paid for it). The range
is a prefix match only where text is ordered by its characters. A database made with a glibc locale
(`createdb` on a Debian server whose locale is vi_VN.UTF-8 or en_US.UTF-8) orders by language rules that
pass over punctuation and over U+10FFFF, an unassigned code point: there "000.00.10.H57-261207-0001" is not
below "000.00.10.H57-2612" + U+10FFFF, and the box found nothing but a whole code (seen with Python's
`locale.strcoll` under both locales built by `localedef`). The codes are ASCII (the national format and
egov's own references, egov.dossiers.codes), so byte order is also their natural order; the names and
summaries keep the database's collation for Vietnamese sorting.

Only the column's collation changes (no table rewrite): PostgreSQL rebuilds the two unique indexes under
an ACCESS EXCLUSIVE lock, so the dossier table can be neither read nor written meanwhile (about a minute per
ten million dossiers, measured on no such set: plan the upgrade in a maintenance window). SQLite compares
text by its bytes already (BINARY): nothing to do there. The models do not name the collation (Django would
write `COLLATE "C"` on SQLite too, which has no such collation); a later AlterField that changes one of the
two columns' type would write the type without it and lose it: tests/dossiers/test_codes_in_byte_order.py
says so."""

from django.db import migrations

COLUMNS = [("code", 64), ("submission_ref", 32)]


def _alter(schema_editor, collation: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    changes = ", ".join(
        f'ALTER COLUMN "{column}" TYPE varchar({length}) COLLATE {collation}' for column, length in COLUMNS
    )
    schema_editor.execute(f'ALTER TABLE "dossiers_dossier" {changes}')


def to_bytes(apps, schema_editor):
    _alter(schema_editor, '"C"')


def to_default(apps, schema_editor):
    _alter(schema_editor, '"default"')


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0027_text_indexes_no_query_uses")]

    operations = [migrations.RunPython(to_bytes, to_default, elidable=False)]
