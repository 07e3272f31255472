#!/usr/bin/env python3
"""The peers a user would script instead of Duban, on the same files (issue 8).

  docx  python-docx 1.2: open + iterate every cell's text of every table
  xlsx  openpyxl 3.1: load (full mode, which keeps merged ranges) + iterate every cell + merged ranges
  html  pandas 3.1 read_html with lxml 6.1 (flavor="lxml"): every table into a DataFrame
  csv   pandas 3.1 read_csv (C engine): the whole file into a DataFrame (no target; for reference)

Run with bench/.venv/bin/python. Prints one line: peer, rows it went through (the biggest
table's or sheet's rows, header and title rows included; the DataFrame's rows for pandas),
cells touched and the in-process seconds; wall time and peak RSS are taken outside by
/usr/bin/time -v.
Usage: peers.py {docx|xlsx|html|csv} FILE
"""
import sys
import time


def _version(dist):
    from importlib.metadata import version

    return version(dist)


def run_docx(path):
    import docx  # python-docx

    doc = docx.Document(path)
    cells = 0
    chars = 0
    rows = 0
    for table in doc.tables:
        n = 0
        for row in table.rows:
            n += 1
            for cell in row.cells:
                chars += len(cell.text)
                cells += 1
        rows = max(rows, n)
    return "python-docx " + _version("python-docx"), rows, cells, chars


def run_xlsx(path):
    import openpyxl

    wb = openpyxl.load_workbook(path)  # not read_only: read-only mode has no merged ranges
    cells = 0
    chars = 0
    rows = 0
    merged = 0
    for ws in wb.worksheets:
        n = 0
        for row in ws.iter_rows(values_only=True):
            n += 1
            for v in row:
                cells += 1
                if v is not None:
                    chars += len(str(v))
        for rng in ws.merged_cells.ranges:
            merged += 1
            _ = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        rows = max(rows, n)
    return f"openpyxl {openpyxl.__version__} ({merged} merged ranges)", rows, cells, chars


def run_html(path):
    import lxml
    import pandas as pd

    tables = pd.read_html(path, flavor="lxml")
    big = max(tables, key=len)
    cells = sum(t.size for t in tables)
    return f"pandas {pd.__version__} read_html (lxml {lxml.__version__})", len(big), cells, 0


def run_csv(path):
    import pandas as pd

    df = pd.read_csv(path, encoding="utf-8-sig", skiprows=1, dtype=str, keep_default_na=False)
    return f"pandas {pd.__version__} read_csv", len(df), df.size, 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("docx", "xlsx", "html", "csv"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, path = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    name, rows, cells, chars = {"docx": run_docx, "xlsx": run_xlsx, "html": run_html, "csv": run_csv}[kind](path)
    secs = time.perf_counter() - t0
    print(f"peer={name}\trows={rows}\tcells={cells}\tchars={chars}\tseconds={secs:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
