#!/usr/bin/env bash
# Soak tests of issue 9 that take minutes (run by `make soak`, not by CI):
#  1. SIGKILL `duban import` at random moments 50 times against one database file: afterwards
#     PRAGMA integrity_check is ok, the plan is wholly there or wholly absent, the next import works.
#  2. 32 concurrent writers (16 CLI processes + 16 HTTP clients of one `serve`) x 500 reports
#     on the same tasks: exactly 16,000 reports stored, no error reaching a writer.
# Only loopback traffic; every loop is bounded.
set -uo pipefail
cd "$(dirname "$0")/.."
DUBAN=${DUBAN:-.build/debug/duban}
PLAN=${PLAN:-../shared/fixtures/guandu-2018/plan.docx}
BIG=${BIG:-bench/data/plan-10000.docx}
[ -f "$BIG" ] || BIG=$PLAN
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT
fail=0

PARTS=${SOAK_PARTS:-12}   # SOAK_PARTS=2 runs only the concurrent-writer part
if [[ "$PARTS" == *1* ]]; then
echo "== 1. SIGKILL during import, 50 times ($(basename "$BIG"))"
DB=$WORK/kill.sqlite
expected=$("$DUBAN" import --dry-run "$BIG" | sed -n 's/^任务：\([0-9]*\) 项.*/\1/p')
survived=0; killed=0
for i in $(seq 1 50); do
  rm -f "$DB" "$DB-wal" "$DB-shm"
  "$DUBAN" --db "$DB" import "$BIG" > /dev/null 2>&1 &
  pid=$!
  sleep "0.$(( (i * 37) % 100 ))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null
  [ -f "$DB" ] || continue
  ok=$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)
  tasks=$(sqlite3 "$DB" "SELECT COUNT(*) FROM task" 2>/dev/null || echo 0)
  plans=$(sqlite3 "$DB" "SELECT COUNT(*) FROM plan" 2>/dev/null || echo 0)
  if [ "$ok" != "ok" ] || { [ "$plans" != "0" ] && [ "$tasks" != "$expected" ]; }; then
    echo "  run $i: integrity=$ok plans=$plans tasks=$tasks (expected 0 or $expected)"; fail=1
  fi
  [ "$plans" = "1" ] && survived=$((survived + 1))
  if ! "$DUBAN" --db "$DB" import "$BIG" > /dev/null 2>&1; then echo "  run $i: the next import failed"; fail=1; fi
done
echo "  killed $killed times; plan complete after the kill in $survived runs, absent in the others; integrity ok"
fi
[[ "$PARTS" == *2* ]] || exit $fail

echo "== 2. 32 concurrent writers x 500 reports"
DB=$WORK/conc.sqlite
"$DUBAN" --db "$DB" import "$PLAN" > /dev/null
printf 'soak-password\n' | "$DUBAN" --db "$DB" users add soak --role unit --unit 区长热线办 --password-stdin > /dev/null
PORT=$(( 20000 + RANDOM % 20000 ))
"$DUBAN" --db "$DB" serve --port "$PORT" --log-level error > "$WORK/serve.log" 2>&1 &
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.1; done
jar=$WORK/cookies
login=$(curl -s -c "$jar" "http://127.0.0.1:$PORT/login" | sed -n 's/.*name="_login" value="\([^"]*\)".*/\1/p')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_login=$login" --data-urlencode "name=soak" \
  --data-urlencode "password=soak-password" "http://127.0.0.1:$PORT/login"
csrf=$(curl -s -b "$jar" "http://127.0.0.1:$PORT/tasks/74" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
start=$(date +%s)
for w in $(seq 1 16); do
  ( for i in $(seq 1 500); do
      "$DUBAN" --db "$DB" update 44 --unit 区政务服务局 --state 推进中 --note "cli-$w-$i" --as-of 2018-09-20 > /dev/null 2>>"$WORK/cli-errors" || echo x >> "$WORK/cli-failed"
    done ) &
  ( for i in $(seq 1 500); do
      code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "state=inProgress" \
        --data-urlencode "note=http-$w-$i" "http://127.0.0.1:$PORT/tasks/74/report")
      [ "$code" = "303" ] || echo "$code" >> "$WORK/http-failed"
    done ) &
done
# While they write: online backups, each checked and restorable.
backups=0
for b in 1 2 3; do
  sleep 5
  if "$DUBAN" --db "$DB" backup "$WORK/backup-$b.sqlite" > /dev/null 2>>"$WORK/backup-errors" \
     && [ "$(sqlite3 "$WORK/backup-$b.sqlite" "PRAGMA integrity_check")" = "ok" ] \
     && "$DUBAN" --db "$WORK/restored-$b.sqlite" restore "$WORK/backup-$b.sqlite" > /dev/null 2>>"$WORK/backup-errors"; then
    backups=$((backups + 1))
  fi
done
# Wait for the writer loops only (the server keeps running until the end).
while [ "$(jobs -rp | wc -l)" -gt 1 ]; do sleep 1; done
elapsed=$(( $(date +%s) - start ))
stored=$(sqlite3 "$DB" "SELECT COUNT(*) FROM report")
cli_failed=$(cat "$WORK/cli-failed" 2>/dev/null | wc -l); http_failed=$(cat "$WORK/http-failed" 2>/dev/null | wc -l)
echo "  stored $stored reports (expected 16000) in ${elapsed}s; failed CLI writes: $cli_failed, failed HTTP writes: $http_failed"
[ "$stored" = "16000" ] && [ "$cli_failed" = "0" ] && [ "$http_failed" = "0" ] || fail=1
[ -s "$WORK/cli-errors" ] && { echo "  CLI errors:"; sort "$WORK/cli-errors" | uniq -c | head -5; }
echo "  integrity: $(sqlite3 "$DB" "PRAGMA integrity_check"); online backups taken, checked and restored during the writes: $backups/3"
[ "$backups" = "3" ] || { fail=1; cat "$WORK/backup-errors" 2>/dev/null | head -3; }
exit $fail
