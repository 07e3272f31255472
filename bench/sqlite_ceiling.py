#!/usr/bin/env python3
"""The physical ceiling for POST /tasks/:id/report: single-row INSERT + COMMIT into Duban's
report table, one transaction per row, on the same database file with Duban's pragmas
(journal_mode=WAL, synchronous=NORMAL, foreign_keys=ON; busy timeout 10 s).

Bounded: stops after --seconds or --max-rows, whichever comes first. Prints one TSV line per
synchronous setting: sync, rows, seconds, commits/s. The rows it inserted are deleted at the end
(in one transaction), so the file's content is as before.

Usage: sqlite_ceiling.py DB [--seconds 10] [--max-rows 500000] [--sync NORMAL,FULL] [--task 74]
"""
import argparse
import sqlite3
import sys
import time


def run(path, sync, seconds, max_rows, task):
    db = sqlite3.connect(path, isolation_level=None, timeout=10)
    mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    db.execute(f"PRAGMA synchronous={sync}")
    db.execute("PRAGMA foreign_keys=ON")
    unit = db.execute("SELECT unitId FROM taskUnit WHERE taskId = ? AND role = 'lead' LIMIT 1", (task,)).fetchone()
    unit = unit[0] if unit else None
    first = db.execute("SELECT COALESCE(MAX(id), 0) FROM report").fetchone()[0]
    sql = ("INSERT INTO report (taskId, unitId, kind, state, note, percent, evidence, reportedBy, reportedAt, asOf) "
           "VALUES (?, ?, 'progress', 'inProgress', ?, NULL, '', 'bench-ceiling', ?, ?)")
    n = 0
    t0 = time.perf_counter()
    deadline = t0 + seconds
    while n < max_rows:
        # autocommit: each INSERT is its own transaction (BEGIN … COMMIT), like one POST
        db.execute(sql, (task, unit, f"ceiling {n}", "2026-01-01 00:00:00.000", "2026-01-01"))
        n += 1
        if (n & 63) == 0 and time.perf_counter() >= deadline:
            break
    secs = time.perf_counter() - t0
    db.execute("BEGIN")
    db.execute("DELETE FROM report WHERE id > ? AND reportedBy = 'bench-ceiling'", (first,))
    db.execute("COMMIT")
    db.close()
    return mode, n, secs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--max-rows", type=int, default=500_000)
    ap.add_argument("--sync", default="NORMAL,FULL")
    ap.add_argument("--task", type=int, default=74)
    args = ap.parse_args()
    print("sqlite\tjournal\tsync\trows\tseconds\tcommits_per_s")
    for sync in args.sync.split(","):
        mode, n, secs = run(args.db, sync, args.seconds, args.max_rows, args.task)
        print(f"{sqlite3.sqlite_version}\t{mode}\t{sync}\t{n}\t{secs:.3f}\t{n / secs:.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
