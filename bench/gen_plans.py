#!/usr/bin/env python3
"""Deterministic generator of synthetic 分工方案 plans for the benchmarks (issue 8).

The rows are the seed table of shared/fixtures/guandu-2018/plan.html repeated: its real
category / subcategory / requirement / lead-unit / deadline texts, cycled and renumbered 1..N,
with the seed's own merge pattern (rowspan runs of category, subcategory, lead and deadline
cells, the 工作任务 header spanning two columns). A rowspan that would run past row N is cut
at N. Nothing is random, so the same N always gives the same bytes (HTML, CSV); the seed below
only fixes the one choice that is not a copy of the seed table (none at present) and is kept so
that later variations stay reproducible.

Outputs, for each N:
  plan-N.html  rowspan/colspan table under the title line
  plan-N.csv   UTF-8 with BOM, merged cells blank, title row above the header, the 工作任务
               header followed by an empty header cell (as the seed CSV)
  plan-N.docx  LibreOffice Writer's "MS Word 2007 XML" export of plan-N.html; above
               --splice-above rows (default 10,000) LibreOffice's own row XML of the 10,000-row
               export repeated and renumbered (see splice_docx)
  plan-N.xlsx  LibreOffice Calc's xlsx export of plan-N.html (opened with Calc's HTML filter)

Usage: gen_plans.py [--out bench/data] [--sizes 1000,10000,50000] [--seed-html PATH]
                    [--formats html,csv,docx,xlsx] [--splice-above 1000] [--force]
"""
import argparse
import csv
import html
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from html.parser import HTMLParser

SEED = 20180817  # fixed: the generator is deterministic
TITLE = "官渡区2018年政务公开工作要点分工方案"
ISSUER_LINE = "昆明市官渡区人民政府办公室 2018年8月17日印发"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED_HTML = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "fixtures", "guandu-2018", "plan.html"))
if not os.path.exists(DEFAULT_SEED_HTML):
    DEFAULT_SEED_HTML = "/work/shared/fixtures/guandu-2018/plan.html"
LO_PROFILE = os.environ.get("BENCH_LO_PROFILE", "file:///tmp/bench-lo-profile")


class TableParser(HTMLParser):
    """Collects the rows of the last <table>: each cell as (text, rowspan, colspan, is_header)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = {"text": "", "rowspan": int(a.get("rowspan", 1)), "colspan": int(a.get("colspan", 1)),
                         "th": tag == "th"}
        elif tag == "br" and self.cell is not None:
            self.cell["text"] += "\n"

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cell["text"] = self.cell["text"].strip()
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def seed_rows(path):
    """The seed table's data rows as lists of 6 slots (seq, cat, sub, req, lead, deadline):
    a slot is (text, rowspan) where a cell starts, or None where a merged cell covers it."""
    p = TableParser()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    table = p.tables[-1]
    body = [r for r in table if not all(c["th"] for c in r)]
    covered = {}  # (row, col) -> True for slots covered by a rowspan from above
    rows = []
    for r, cells in enumerate(body):
        slots = [None] * 6
        col = 0
        it = iter(cells)
        while col < 6:
            if covered.get((r, col)):
                col += 1
                continue
            c = next(it, None)
            if c is None:
                break
            slots[col] = (c["text"], c["rowspan"])
            for dr in range(1, c["rowspan"]):
                for dc in range(c["colspan"]):
                    covered[(r + dr, col + dc)] = True
            col += c["colspan"]
        rows.append(slots)
    # sanity: every rowspan stays inside the seed table
    for r, slots in enumerate(rows):
        for s in slots:
            if s and r + s[1] > len(rows):
                raise SystemExit(f"seed rowspan runs past the table at row {r + 1}")
    return rows


def plan_rows(seed, n):
    """N rows: the seed rows cycled, seq renumbered 1..N, rowspans cut at N."""
    out = []
    for i in range(n):
        src = seed[i % len(seed)]
        slots = list(src)
        slots[0] = (str(i + 1), 1)
        for c in range(1, 6):
            if slots[c] is not None:
                text, span = slots[c]
                slots[c] = (text, min(span, n - i))
        out.append(slots)
    return out


def write_html(rows, path):
    e = html.escape
    buf = io.StringIO()
    buf.write('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">')
    buf.write(f"<title>{e(TITLE)}</title></head><body>\n<h1>{e(TITLE)}</h1>\n")
    buf.write('<table border="1" cellspacing="0" cellpadding="4">\n')
    buf.write("<tr><th>序号</th><th colspan=\"2\">工作任务</th><th>具体要求</th><th>牵头落实单位</th><th>完成时限</th></tr>\n")
    for slots in rows:
        buf.write("<tr>")
        for s in slots:
            if s is None:
                continue
            text, span = s
            attr = f' rowspan="{span}"' if span > 1 else ""
            buf.write(f"<td{attr}>{e(text)}</td>")
        buf.write("</tr>\n")
    buf.write(f"</table>\n<p>{e(ISSUER_LINE)}</p></body></html>\n")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(buf.getvalue())


def write_csv(rows, path):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow([TITLE, "", "", "", "", ""])
        w.writerow(["序号", "工作任务", "", "具体要求", "牵头落实单位", "完成时限"])
        for slots in rows:
            w.writerow([s[0] if s else "" for s in slots])
        w.writerow([ISSUER_LINE, "", "", "", "", ""])


def soffice(args, timeout):
    cmd = ["soffice", f"-env:UserInstallation={LO_PROFILE}", "--headless", "--norestore"] + args
    t0 = time.time()
    subprocess.run(cmd, check=True, timeout=timeout, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return time.time() - t0


def convert(html_path, target, timeout=7200):
    """LibreOffice export of the HTML: DOCX through Writer, XLSX through Calc's HTML filter."""
    out_dir = os.path.dirname(html_path)
    base = os.path.splitext(os.path.basename(html_path))[0]
    final = os.path.join(out_dir, f"{base}.{target}")
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as tmp:
        if target == "docx":
            secs = soffice(["--convert-to", 'docx:MS Word 2007 XML', "--outdir", tmp, html_path], timeout)
        else:
            secs = soffice(["--infilter=calc_HTML_WebQuery", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                            "--outdir", tmp, html_path], timeout)
        produced = os.path.join(tmp, f"{base}.{target}")
        if not os.path.exists(produced) or os.path.getsize(produced) == 0:
            raise SystemExit(f"soffice wrote no {target} for {html_path}")
        shutil.move(produced, final)
    print(f"  {final}  ({os.path.getsize(final):,} bytes, soffice {secs:.1f} s)", flush=True)


def splice_docx(src, n, dst, period):
    """plan-N.docx assembled from LibreOffice's own DOCX of a smaller size of the same table.

    Writer lays out the whole table while converting, which grows faster than linearly (1,000 rows:
    14 s, 10,000 rows: about half an hour on 2 cores; 50,000 would take hours). Its row XML does not
    depend on the table's length: data row k is data row k - 93 with another number in its first
    cell (w:vMerge cells carry no span count), and only the table's last row differs (bottom
    borders sz 2 → 6, and a merge that would start there is cut to one row, so no vMerge restart). Column widths do depend on the widest text, so the seq column is wider for
    5-digit numbers: the source must have numbers of as many digits as N (10,000 for 50,000).
    Rows 1..93 of the source, renumbered, are repeated up to N, the last one given the last-row
    borders, and every other part of the package is copied as LibreOffice wrote it. Checked
    byte for byte against soffice's own exports: plan-2000 spliced from plan-1000, plan-4000 from
    plan-1000 and plan-10000 from plan-10000 (BENCHMARKS.md).
    """
    with zipfile.ZipFile(src) as z:
        members = [(info, z.read(info.filename)) for info in z.infolist()]
    doc = dict((i.filename, b) for i, b in members)["word/document.xml"].decode("utf-8")
    i, j = doc.index("<w:tbl>"), doc.index("</w:tbl>")
    tbl = doc[i:j]
    rows = [m for m in re.finditer(r"<w:tr>.*?</w:tr>", tbl, re.S)]
    header, data = rows[0], rows[1:]
    if len(data) <= period:
        raise SystemExit(f"{src}: needs more than {period} rows to splice from")
    template = [m.group(0) for m in data[:period]]
    for k, r in enumerate(template, start=1):
        if f"<w:t>{k}</w:t>" not in r:
            raise SystemExit(f"{src}: row {k} does not start with its number")
    out = [doc[:i], tbl[:header.end()]]
    for k in range(1, n + 1):
        t = (k - 1) % period
        r = template[t].replace(f"<w:t>{t + 1}</w:t>", f"<w:t>{k}</w:t>", 1)
        if k == n:  # the table's last row: thicker bottom borders, and no merge starts in it
            r = r.replace('<w:bottom w:val="single" w:sz="2"', '<w:bottom w:val="single" w:sz="6"')
            r = r.replace('<w:vMerge w:val="restart"/>', "")
        out.append(r)
    out.append(tbl[data[-1].end():])
    out.append(doc[j:])
    body = "".join(out).encode("utf-8")
    tmp = dst + ".tmp"
    with zipfile.ZipFile(tmp, "w") as z:
        for info, data_bytes in members:
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            z.writestr(zi, body if info.filename == "word/document.xml" else data_bytes)
    os.replace(tmp, dst)
    print(f"  {dst}  ({os.path.getsize(dst):,} bytes, spliced from {os.path.basename(src)})", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "data"))
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--seed-html", default=DEFAULT_SEED_HTML)
    ap.add_argument("--formats", default="html,csv,docx,xlsx")
    ap.add_argument("--force", action="store_true", help="rewrite files that exist")
    ap.add_argument("--splice-above", type=int, default=10000,
                    help="a DOCX of more rows than this is spliced (see splice_docx) from LibreOffice's DOCX of "
                         "the power of ten with as many digits (50,000 from 10,000); 0 = always soffice")
    args = ap.parse_args()
    random.seed(SEED)
    os.makedirs(args.out, exist_ok=True)
    seed = seed_rows(args.seed_html)
    formats = args.formats.split(",")
    print(f"seed table: {len(seed)} rows from {args.seed_html}")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    for n in sizes:
        rows = plan_rows(seed, n)
        base = os.path.join(args.out, f"plan-{n}")
        html_path = base + ".html"
        # the HTML is always rewritten (cheap, deterministic); office files only when missing or --force
        write_html(rows, html_path)
        print(f"  {html_path}  ({os.path.getsize(html_path):,} bytes)")
        if "csv" in formats:
            write_csv(rows, base + ".csv")
            print(f"  {base}.csv  ({os.path.getsize(base + '.csv'):,} bytes)")
        for target in ("docx", "xlsx"):
            if target in formats and (args.force or not os.path.exists(f"{base}.{target}")):
                m = 10 ** (len(str(n)) - 1)  # the smallest size whose numbers have as many digits
                if target == "docx" and args.splice_above and n > args.splice_above and m < n:
                    src = os.path.join(args.out, f"plan-{m}.docx")
                    if not os.path.exists(src):
                        write_html(plan_rows(seed, m), os.path.join(args.out, f"plan-{m}.html"))
                        convert(os.path.join(args.out, f"plan-{m}.html"), "docx")
                    splice_docx(src, n, f"{base}.docx", len(seed))
                else:
                    convert(html_path, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
