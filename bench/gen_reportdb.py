#!/usr/bin/env python3
"""Builds a Duban database with T tasks and R progress reports for the report and web benchmarks.

Deterministic (fixed seed). The schema is Duban's own: the database is created by
`duban --db OUT users add bench-office --role admin`, which runs the migrations on a new file
(and adds one office account), and everything else is bulk-inserted here with sqlite3 in one
transaction, consistent with
Sources/DubanCore/Store/AppDatabase+Migrations.swift (v1 plan/category/task/unit/unitAlias/taskUnit/
importRecord, v2 report/extension).

Rows are not invented: a template database is made by importing the seed plan
(shared/fixtures/guandu-2018/plan.html, 93 tasks) with Duban, so the units, unit aliases,
categories, lead/co/group links and the interpreted deadlines (kind, due, period) are exactly what
Duban's importer reads out of the real table. Task i (id i, seq i, position i-1) copies seed task
((i-1) mod 93)+1, so task 74 is always a 区长热线办 task, as in the seed.

Reports: R rows spread over the tasks (R/T each on average), dated through 2018 (asOf from
2018-01-15 to 2018-12-20, sorted per task), from the task's reporting unit (its lead, else the
group's unit): about 85 % progress reports (推进中 mostly, then 已完成 / 暂缓 with a note, 持续推进
on year-round tasks), 15 % notes (情况说明). One pending extension request per 1,000 tasks.

Usage: gen_reportdb.py --duban .build/release/duban --tasks 100000 --reports 1000000 OUT.sqlite
"""
import argparse
import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

SEED = 42
HERE = os.path.dirname(os.path.abspath(__file__))
SEED_HTML = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "fixtures", "guandu-2018", "plan.html"))
if not os.path.exists(SEED_HTML):
    SEED_HTML = "/work/shared/fixtures/guandu-2018/plan.html"
TITLE = "官渡区2018年政务公开工作要点分工方案"
NOTES = [
    "已按要求完成本季度信息公开，专栏已更新。",
    "正在梳理相关目录，预计下月完成。",
    "已召开专题会议研究部署，明确专人负责。",
    "已在政府网站发布相关政策解读材料。",
    "等待市级文件出台后推进。",
    "已完成自查整改，相关材料已报区政府办公室备案。",
    "",
    "",
]


def ts(d, seconds):
    """GRDB's Date format: 'YYYY-MM-DD HH:MM:SS.SSS' (UTC)."""
    return (dt.datetime(d.year, d.month, d.day) + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S.000")


def template(duban):
    """Seed plan imported by Duban into a temporary database: (units, aliases, categories, tasks, links)."""
    with tempfile.TemporaryDirectory(prefix="bench-tmpl-") as tmp:
        path = os.path.join(tmp, "tmpl.sqlite")
        subprocess.run([duban, "--db", path, "import", SEED_HTML], check=True, stdout=subprocess.DEVNULL)
        c = sqlite3.connect(path)
        c.row_factory = sqlite3.Row
        units = [dict(r) for r in c.execute("SELECT * FROM unit ORDER BY id")]
        aliases = [dict(r) for r in c.execute("SELECT * FROM unitAlias ORDER BY id")]
        cats = [dict(r) for r in c.execute("SELECT * FROM category ORDER BY id")]
        tasks = [dict(r) for r in c.execute("SELECT * FROM task ORDER BY position")]
        links = {}
        for r in c.execute("SELECT * FROM taskUnit ORDER BY taskId, position"):
            links.setdefault(r["taskId"], []).append(dict(r))
        plan = dict(c.execute("SELECT * FROM plan").fetchone())
        c.close()
    return plan, units, aliases, cats, tasks, links


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duban", default=os.path.join(HERE, "..", ".build", "release", "duban"))
    ap.add_argument("--tasks", type=int, required=True)
    ap.add_argument("--reports", type=int, required=True)
    ap.add_argument("out")
    args = ap.parse_args()
    rng = random.Random(SEED)
    t0 = time.time()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.out + suffix):
            os.remove(args.out + suffix)
    plan, units, aliases, cats, tmpl_tasks, tmpl_links = template(args.duban)
    # Duban's own migrations on an empty file
    subprocess.run([args.duban, "--db", args.out, "users", "add", "bench-office", "--role", "admin", "--password-stdin"],
                   input=b"bench-office-password\n", check=True, stdout=subprocess.DEVNULL)

    db = sqlite3.connect(args.out, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")  # generation only; Duban opens it with its own settings
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("BEGIN")
    now = "2018-08-20 02:00:00.000"
    cols = [k for k in plan if k != "id"]
    db.execute(f"INSERT INTO plan (id, {', '.join(cols)}) VALUES (1, {', '.join('?' * len(cols))})",
               [plan[k] for k in cols])
    db.execute("UPDATE plan SET sourceFile = ?, sha256 = ?, importedAt = ? WHERE id = 1",
               (f"bench-{args.tasks}.html", f"bench-{args.tasks}-{args.reports}", now))
    db.executemany("INSERT INTO unit (id, name, kind) VALUES (?, ?, ?)", [(u["id"], u["name"], u["kind"]) for u in units])
    db.executemany("INSERT INTO unitAlias (id, unitId, alias) VALUES (?, ?, ?)",
                   [(a["id"], a["unitId"], a["alias"]) for a in aliases])
    db.executemany("INSERT INTO category (id, planId, parentId, name, level, position) VALUES (?, 1, ?, ?, ?, ?)",
                   [(c["id"], c["parentId"], c["name"], c["level"], c["position"]) for c in cats])

    n93 = len(tmpl_tasks)

    def task_rows():
        for i in range(1, args.tasks + 1):
            t = tmpl_tasks[(i - 1) % n93]
            yield (i, str(i), i - 1, t["categoryId"], t["subcategoryId"], t["requirement"], t["leadText"],
                   t["deadlineText"], t["deadlineKind"], t["due"], t["period"], t["relativeDays"], i + 1)

    db.executemany("""INSERT INTO task (id, planId, seq, position, categoryId, subcategoryId, requirement, leadText,
                      deadlineText, deadlineKind, due, period, relativeDays, sourceRow, version)
                      VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""", task_rows())

    def link_rows():
        for i in range(1, args.tasks + 1):
            t = tmpl_tasks[(i - 1) % n93]
            for l in tmpl_links.get(t["id"], []):
                yield (i, l["unitId"], l["role"], l["writtenName"], l["position"])

    db.executemany("INSERT INTO taskUnit (taskId, unitId, role, writtenName, position) VALUES (?, ?, ?, ?, ?)",
                   link_rows())

    # who reports on a template task: its leads, else its groups (members are not registered here)
    reporters = {}
    for t in tmpl_tasks:
        ls = tmpl_links.get(t["id"], [])
        leads = [l["unitId"] for l in ls if l["role"] == "lead"] or [l["unitId"] for l in ls if l["role"] == "group"]
        reporters[t["id"]] = leads or [None]
    unit_name = {u["id"]: u["name"] for u in units}
    start = dt.date(2018, 1, 15)
    span = (dt.date(2018, 12, 20) - start).days

    def report_rows():
        per, extra = divmod(args.reports, args.tasks)
        rid = 0
        for i in range(1, args.tasks + 1):
            t = tmpl_tasks[(i - 1) % n93]
            k = per + (1 if i <= extra else 0)
            days = sorted(rng.randrange(span + 1) for _ in range(k))
            units_of = reporters[t["id"]]
            year_round = t["deadlineKind"] in ("yearRound", "recurring")
            for j, off in enumerate(days):
                rid += 1
                d = start + dt.timedelta(days=off)
                u = units_of[j % len(units_of)]
                r = rng.random()
                if r < 0.15:
                    kind, state, note, pct = "note", None, rng.choice(NOTES[:6]), None
                else:
                    kind = "progress"
                    last = j == k - 1
                    if last and r > 0.6:
                        state, pct = "done", 100
                    elif r > 0.95:
                        state, pct = "onHold", None
                    elif year_round and r > 0.5:
                        state, pct = "ongoing", None
                    else:
                        state, pct = "inProgress", min(95, 10 * (j + 1))
                    note = rng.choice(NOTES) if state != "onHold" else NOTES[4]
                by = (unit_name.get(u) or "office") + "-填报员"
                yield (rid, i, u, kind, state, note, pct, "", by, ts(d, 3600 + rng.randrange(30000)), d.isoformat())

    db.executemany("""INSERT INTO report (id, taskId, unitId, kind, state, note, percent, evidence, reportedBy,
                      reportedAt, asOf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", report_rows())

    ext = []
    for e, i in enumerate(range(500, args.tasks + 1, 1000), start=1):
        t = tmpl_tasks[(i - 1) % n93]
        u = reporters[t["id"]][0]
        if u is None:
            continue
        ext.append((e, i, u, "2018-12-31", "等待上级文件出台，申请延期。", "pending", unit_name[u] + "-填报员",
                    "2018-09-10 03:00:00.000"))
    db.executemany("""INSERT INTO extension (id, taskId, unitId, requestedDue, reason, status, requestedBy, requestedAt)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", ext)
    db.execute("""INSERT INTO importRecord (planId, fileName, format, sha256, importedAt, taskCount, unitCount, findings, outcome)
                  VALUES (1, ?, 'html', ?, ?, ?, ?, '[]', 'created')""",
               (f"bench-{args.tasks}.html", f"bench-{args.tasks}-{args.reports}", now, args.tasks, len(units)))
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("task", "taskUnit", "report", "extension", "unit")}
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    db.close()
    if problems:
        print(f"foreign key problems: {problems[:5]}", file=sys.stderr)
        return 1
    print(f"{args.out}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items())
          + f" ({os.path.getsize(args.out) / 1e6:.0f} MB, {time.time() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
