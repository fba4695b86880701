"""Writes to the catalogue, split by task; each function is one transaction with its audit row.

- `catalogue`: fields (lĩnh vực), procedures, their papers and fees, publication;
- `workflows`: workflow templates and their versions;
- `forms`: online form versions.

Who may call which is decided in `egov.procedures.permissions`.
"""
