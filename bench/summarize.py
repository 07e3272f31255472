#!/usr/bin/env python3
"""Turns one bench/results/<stamp>/ folder into a Markdown section with the targets of issue 8,
prints it, and with --insert puts it at the top of the runs in BENCHMARKS.md (older runs stay
below it for comparison).

Usage: summarize.py RESULTS_DIR [--insert BENCHMARKS.md]
"""
import argparse
import csv
import os
import statistics
import sys

MARKER = "<!-- bench/run.sh inserts each new run below this line; older runs stay below it for comparison -->"
HEADER = f"""# Benchmarks

Issue 8: import, report and web throughput, measured against the tools users would otherwise
script. `make bench` (= `bash bench/run.sh`) runs everything on a release build and adds a dated
section here; the newest run is on top, the previous figures stay below for comparison.

{MARKER}
"""
TARGET_RATIO = {"docx": 20.0, "xlsx": 5.0, "html": 5.0}
PEER_NAME = {"docx": "python-docx", "xlsx": "openpyxl", "html": "pandas.read_html (lxml)", "csv": "pandas.read_csv"}


def rows(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")


def med(values):
    v = [x for x in values if x == x]
    return statistics.median(v) if v else float("nan")


def fmt_s(x):
    if x != x:
        return "—"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt_mb(kb):
    return "—" if kb != kb else f"{kb / 1024:.0f}"


def fmt_rate(x):
    return "—" if x != x else f"{x:,.0f}"


def yes(ok):
    return "✅ met" if ok else "❌ missed"


def load_note(data):
    loads = [num(r.get("load1")) for r in data if r.get("load1")]
    loads = [x for x in loads if x == x]
    if not loads:
        return []
    return ["", f"1-minute load average when the commands started: {min(loads):.1f} to {max(loads):.1f} "
            "(2 cores; above 2, other work on the machine was competing with the measurement)."]


def import_section(d):
    data = rows(os.path.join(d, "import.tsv"))
    if not data:
        return []
    out = ["### Import", "",
           "Wall time from the nanosecond clock around each command, peak RSS from `/usr/bin/time -v`; Duban figures are the median of the runs "
           "(fresh database each run), the peer's the median of its runs (once per file, five times at 1,000 rows; "
           "Duban 9 times at 1,000 rows since 2026-11-22 18:05). *Import* is `duban --db NEW import FILE` (read + interpret + "
           "store); *parse-only* is `duban import --dry-run FILE` (read + interpret + print the preview, nothing stored). "
           "Ratio = peer time / Duban import time.", "",
           "| Format | Rows | Duban import s | rows/s | RSS MB | parse-only s | parse RSS MB | Peer | Peer s | Peer RSS MB | peer/Duban | Target | |",
           "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---|"]
    keys = []
    for r in data:
        k = (r["format"], int(r["rows"]))
        if k not in keys:
            keys.append(k)
    notes = []
    floors = []
    for f, n in sorted(keys, key=lambda k: (["docx", "xlsx", "html", "csv"].index(k[0]) if k[0] in TARGET_RATIO or k[0] == "csv" else 9, k[1])):
        sel = lambda tool: [r for r in data if r["format"] == f and int(r["rows"]) == n and r["tool"] == tool]
        imp, dry, peer, floor = sel("duban import"), sel("duban dry-run"), sel("peer"), sel("xmllint --stream")
        ok_imp = [r for r in imp if r["rc"] == "0"]
        wall = med([num(r["wall_s"]) for r in ok_imp])
        rss = med([num(r["rss_kb"]) for r in ok_imp])
        dwall = med([num(r["wall_s"]) for r in dry if r["rc"] == "0"])
        drss = med([num(r["rss_kb"]) for r in dry if r["rc"] == "0"])
        pwall = med([num(r["wall_s"]) for r in peer if r["rc"] == "0"])
        prss = med([num(r["rss_kb"]) for r in peer if r["rc"] == "0"])
        counts = {r["check"] for r in imp + dry}
        want = f"任务：{n} 项"
        if imp and (not ok_imp or counts != {want}):
            bad = [r for r in imp + dry if r["rc"] != "0" or r["check"] != want]
            notes.append(f"- {f} {n}: Duban " + "; ".join(
                f"{r['tool'].split()[-1]} run {r['run']}: exit {r['rc']}, read “{r['check'] or 'no task count'}”" for r in bad[:4]))
        ratio = pwall / wall if wall == wall and pwall == pwall else float("nan")
        target, met = "—", ""
        if f in TARGET_RATIO:
            target = f"≥ {TARGET_RATIO[f]:.0f}×"
            met = yes(ratio == ratio and ratio >= TARGET_RATIO[f]) if ratio == ratio else "❌ (no figure)"
            if f == "docx" and n == 10000:
                target += ", ≤ 1 s, ≤ 150 MB"
                met = yes(ratio >= TARGET_RATIO[f] and wall <= 1.0 and rss <= 150 * 1024)
        rate = n / wall if wall == wall and wall > 0 else float("nan")
        out.append(f"| {f} | {n:,} | {fmt_s(wall)} | {fmt_rate(rate)} | {fmt_mb(rss)} | {fmt_s(dwall)} | {fmt_mb(drss)} | "
                   f"{PEER_NAME.get(f, '?')} | {fmt_s(pwall)} | {fmt_mb(prss)} | "
                   f"{'—' if ratio != ratio else f'{ratio:.1f}×'} | {target} | {met} |")
        for r in floor:
            size = num(r["check"].split()[1]) if len(r["check"].split()) > 1 else float("nan")
            fwall = num(r["wall_s"])
            share = "—" if wall != wall or fwall != fwall else f"{fwall / wall:.0%}"
            mb = "—" if size != size else f"{size / 1e6:.1f} MB"
            floors.append(f"| {n:,} | {mb} | {fmt_s(fwall)} | {share} |")
    if floors:
        out += ["", "The floor for DOCX: libxml2's streaming reader alone (`xmllint --stream --noout`) through the "
                "same `word/document.xml` (last column: its time as a share of Duban's import time):", "",
                "| Rows | document.xml | xmllint --stream s | share of Duban import |", "|---:|---:|---:|---:|"] + floors
    if notes:
        out += ["", "Problems seen:"] + notes
    return out + load_note(data) + [""]


def report_section(d):
    data = rows(os.path.join(d, "report.tsv"))
    if not data:
        return []
    out = ["### Reports", "",
           "`duban --db DB report --quarter 2018Q3 --format html,csv,xlsx --out DIR` on a generated database "
           "(`bench/gen_reportdb.py`: one plan, T tasks cycled from the seed plan as Duban imports it, R progress "
           "reports through 2018, one pending extension per 1,000 tasks). Median of the runs.", "",
           "| Tasks | Reports | wall s | µs per task | peak RSS MB | output (html+csv+xlsx) | Target | |",
           "|---:|---:|---:|---:|---:|---:|---|---|"]
    sizes = []
    for r in data:
        k = (int(r["tasks"]), int(r["reports"]))
        if k not in sizes:
            sizes.append(k)
    prev = None
    growth = []
    for t, rep in sorted(sizes):
        sel = [r for r in data if int(r["tasks"]) == t and int(r["reports"]) == rep and r["rc"] == "0"]
        wall = med([num(r["wall_s"]) for r in sel])
        rss = med([num(r["rss_kb"]) for r in sel])
        size = med([num(r["out_bytes"]) for r in sel])
        target, met = "", ""
        if (t, rep) == (100000, 1000000):
            target, met = "≤ 1 s", yes(wall <= 1.0)
        failed = [r for r in data if int(r["tasks"]) == t and int(r["reports"]) == rep and r["rc"] != "0"]
        if failed:
            met += f" ({len(failed)} run(s) failed: exit {failed[0]['rc']})"
        out.append(f"| {t:,} | {rep:,} | {fmt_s(wall)} | {'—' if wall != wall else f'{wall / t * 1e6:.0f}'} | "
                   f"{fmt_mb(rss)} | {'—' if size != size else f'{size / 1e6:.1f} MB'} | {target} | {met} |")
        if prev and wall == wall and prev[2] == prev[2]:
            growth.append(f"{prev[0]:,}→{t:,} tasks ({t / prev[0]:.0f}× the rows): {wall / prev[2]:.1f}× the time")
        prev = (t, rep, wall)
    if growth:
        out += ["", "Growth: " + "; ".join(growth) + ". Linear growth means the time grows by the same factor as the rows."]
    return out + load_note(data) + [""]


def web_section(d):
    data = rows(os.path.join(d, "web.tsv"))
    ceil = rows(os.path.join(d, "ceiling.tsv"))
    if not data and not ceil:
        return []
    out = ["### Web", "",
           "`duban serve` (release, default log level) on 127.0.0.1, a logged-in 区长热线办 reporter; wrk on the same "
           "2 cores (`wrk -t2 -cC -d30s --latency`). GET `/my` (我的任务) and POST `/tasks/74/report` "
           "(`_csrf`, `state=inProgress`, `note=…`; each POST stores one report and answers 303). "
           "Durability: Duban's own setting, WAL with `synchronous=NORMAL` (a commit survives a process crash; "
           "the last commits may be lost on power failure).", "",
           "| Database (tasks/reports) | Request | Connections | req/s | p50 ms | p99 ms | max ms | non-2xx/3xx | socket errors | rows stored | server peak RSS MB | Target | |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    ceilings = {}
    for c in ceil:
        ceilings[(c["db"], c["sync"])] = num(c["commits_per_s"])
    for r in data:
        rps, p99 = num(r["req_per_s"]), num(r["p99"])
        target, met = "", ""
        if r["endpoint"].startswith("POST") and r["conns"] == "64":
            c = ceilings.get((r["db"], "NORMAL"), float("nan"))
            frac = rps / c if c == c and c > 0 else float("nan")
            share = "—" if frac != frac else (f"{frac:.1%}" if frac < 0.1 else f"{frac:.0%}")
            target = f"≥ 2,000/s, p99 ≤ 50 ms, ≥ 50 % of ceiling (here {share})"
            met = yes(rps >= 2000 and p99 <= 50 and frac >= 0.5)
        errs = int(r["non2xx3xx"] or 0)
        out.append(f"| {r['db']} | {r['endpoint']} | {r['conns']} | {fmt_rate(rps)} | {r['p50']} | {r['p99']} | {r['max']} | "
                   f"{errs} | {r['socket_errors']} | {r['rows_added'] if r['endpoint'].startswith('POST') else '—'} | "
                   f"{fmt_mb(num(r['server_rss_kb']))} | {target} | {met} |")
    if ceil:
        out += ["", "The ceiling: single-row `INSERT` into `report` + `COMMIT` (autocommit, one transaction per row) "
                "from Python's sqlite3 on the same database file, WAL, the same `synchronous` setting "
                "(`bench/sqlite_ceiling.py`, 10 s each, server stopped):", "",
                "| Database | SQLite | journal | synchronous | rows | commits/s |", "|---|---|---|---|---:|---:|"]
        for c in ceil:
            out.append(f"| {c['db']} | {c['sqlite']} | {c['journal']} | {c['sync']} | {int(num(c['rows'])):,} | {fmt_rate(num(c['commits_per_s']))} |")
    return out + load_note(data) + [""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--insert")
    args = ap.parse_args()
    d = args.results
    meta = {}
    if os.path.exists(os.path.join(d, "meta.tsv")):
        for line in open(os.path.join(d, "meta.tsv"), encoding="utf-8"):
            if "\t" in line:
                k, v = line.rstrip("\n").split("\t", 1)
                meta[k] = v
    lines = [f"## Run of {meta.get('date', os.path.basename(d))}", ""]
    lines += ["| Machine and versions | |", "|---|---|"]
    for k in ("commit", "nproc", "memory", "cpu", "kernel", "swift", "sqlite (Duban links)", "libxml2", "python", "peers",
              "wrk", "soffice", "load at start", "load at end", "settings"):
        if k in meta:
            lines.append(f"| {k} | {meta[k].replace('|', '/')} |")
    lines += ["", f"Command: `bash bench/run.sh` ({meta.get('settings', 'defaults')}); raw figures were in "
              f"`bench/results/{os.path.basename(os.path.normpath(d))}/` (not committed).", ""]
    lines += import_section(d) + report_section(d) + web_section(d)
    text = "\n".join(lines).rstrip() + "\n"
    print(text)
    if args.insert:
        doc = open(args.insert, encoding="utf-8").read() if os.path.exists(args.insert) else HEADER
        if MARKER not in doc:
            doc = doc.rstrip() + "\n\n" + MARKER + "\n"
        head, tail = doc.split(MARKER, 1)
        doc = head + MARKER + "\n\n" + text + "\n" + tail.lstrip("\n")
        with open(args.insert, "w", encoding="utf-8") as f:
            f.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
