"""Import and export of the whole catalogue, as JSON ("egov-catalogue/1") or as an xlsx workbook.

Both formats carry the same data; the workbook spreads it over sheets with
Vietnamese headers (xlsx_sheets.py). An import is checked in full before
anything is written; every error names where it is (sheet, row and column for
a workbook; the entry for JSON). A file with errors changes nothing. A
procedure whose data equals what is stored is skipped, so importing the same
file twice changes nothing the second time (no write, no audit row).

Extensions to the format (all optional on import, always written on export):
  procedure "status"    draft | published | unpublished (absent: new ones are published,
                        existing ones keep theirs)
  procedure "agencies"  agency codes that carry it out
  procedure "workflows" [{"agency": code, "steps": [...]}]: agency-specific templates
  "groups"              the linked procedure groups (catalogue_io.groups), written after the procedures
A procedure without "form" or "workflow" keeps the ones it has.

Modules: `format` (the format's name, errors, locations), `export`, `check` (a file's data checked in
full before anything is written), `importer` (writes through the catalogue services), and the
workbook's `xlsx_sheets`, `xlsx_write`, `xlsx_read`.
"""
