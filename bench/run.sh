#!/usr/bin/env bash
# Benchmarks of issue 8: import, report and web throughput, side by side with the tools users
# would script instead. What `make bench` runs. Reports figures; never fails because of them.
#
#   bash bench/run.sh                 everything (about 20 min on 2 cores once the inputs exist; the
#                                     first release build takes minutes, and making the inputs the
#                                     first time about 30 min, mostly LibreOffice's 10k-row DOCX)
#   BENCH_SKIP="web" bash bench/run.sh          skip parts: build gen import report web
#   BENCH_SIZES="1000 10000" BENCH_RUNS=1 ...   smaller runs
#   BENCH_MD=/tmp/trial.md ...                  put the section somewhere else than BENCHMARKS.md
#
# Results: bench/results/<UTC time>/ (raw TSVs, logs) and a new dated section at the top of the
# runs in BENCHMARKS.md (older runs stay below it for comparison).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench
DUBAN=${BENCH_DUBAN:-$ROOT/.build/release/duban}   # override only to try the script
PY=$BENCH/.venv/bin/python
SIZES=${BENCH_SIZES:-1000 10000 50000}
FORMATS=${BENCH_FORMATS:-docx xlsx html csv}
RUNS=${BENCH_RUNS:-3}                 # Duban runs per file and mode (the median is reported)
SMALL_RUNS=${BENCH_SMALL_RUNS:-9}     # … for files of 1,000 rows or fewer (~0.06 s: one disturbance moves a median of 3)
PEER_RUNS=${BENCH_PEER_RUNS:-1}       # peer runs per file (python-docx on 50k rows takes minutes)
REPORT_SIZES=${BENCH_REPORT_SIZES:-1000:10000 10000:100000 50000:500000 100000:1000000}
WEB_DBS=${BENCH_WEB_DBS:-1000:10000 10000:100000}
WEB_CONNS=${BENCH_WEB_CONNS:-16 64}
WEB_SECS=${BENCH_WEB_SECS:-30}
WEB_THREADS=${BENCH_WEB_THREADS:-2}
PORT=${BENCH_PORT:-18080}
CEILING_SECS=${BENCH_CEILING_SECS:-10}
TIMEOUT=${BENCH_TIMEOUT:-1800}        # any one measured command is killed after this many seconds
SKIP=" ${BENCH_SKIP:-} "
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH/results/$STAMP
TMPD=$(mktemp -d /tmp/duban-bench.XXXXXX)
mkdir -p "$OUT"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  rm -rf "$TMPD"
}
trap cleanup EXIT

log() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }
skip() { [[ "$SKIP" == *" $1 "* ]]; }

# measure NAME CMD... : runs CMD under /usr/bin/time -v (bounded by $TIMEOUT); stdout to
# $TMPD/NAME.out; sets WALL (s), RSS (kB), RC. The wall time is read from the clock in
# nanoseconds around the command (/usr/bin/time prints it to 10 ms only: 0.05 or 0.06 s for a
# 1,000-row import), RSS from /usr/bin/time.
measure() {
  local name=$1; shift
  LOAD=$(cut -d' ' -f1 /proc/loadavg)
  local t0 t1
  t0=$(date +%s%N)
  timeout "$TIMEOUT" /usr/bin/time -v -o "$TMPD/$name.time" "$@" >"$TMPD/$name.out" 2>"$TMPD/$name.err"
  RC=$?
  t1=$(date +%s%N)
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  RSS=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMPD/$name.time" 2>/dev/null)
  WALL=${WALL:-NA}; RSS=${RSS:-NA}
}

# ---------------------------------------------------------------------------------------------
log "results in $OUT"
if ! skip build; then
  # --static-swift-stdlib: the Swift runtime and Foundation linked in, as a release is
  # deployed (one binary, no Swift toolchain on the office's server). Start-up 13 → 6 ms: the
  # dynamic loader's symbol lookups over ~80 MB of Swift libraries were most of it.
  log "swift build -c release --static-swift-stdlib"
  swift build -c release --static-swift-stdlib >"$OUT/build.log" 2>&1 || { log "release build failed (see $OUT/build.log)"; exit 1; }
fi
[ -x "$DUBAN" ] || { log "no $DUBAN: build first"; exit 1; }

# Tools: Python peers in bench/.venv, wrk and xmllint from Debian.
if [ ! -x "$PY" ] || ! "$PY" -c "import docx, openpyxl, pandas, lxml" 2>/dev/null; then
  log "creating bench/.venv (python-docx 1.2, openpyxl 3.1, pandas 3.1, lxml 6.1)"
  python3 -m venv "$BENCH/.venv" && "$PY" -m pip install -q "python-docx==1.2.*" "openpyxl==3.1.*" "pandas==3.1.*" "lxml==6.1.*"
fi
missing=""
for p in wrk libxml2-utils time curl; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  log "apt-get install$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Inputs (deterministic; the LibreOffice conversions run only for missing files).
if ! skip gen; then
  need=""
  for n in $SIZES; do for f in $FORMATS; do [ -s "$BENCH/data/plan-$n.$f" ] || need=1; done; done
  if [ -n "$need" ]; then
    log "generating inputs (LibreOffice converts the DOCX/XLSX; 50k rows take a while)"
    python3 "$BENCH/gen_plans.py" --sizes "$(echo $SIZES | tr ' ' ,)" >>"$OUT/gen.log" 2>&1 || log "gen_plans.py failed (see gen.log)"
  fi
fi

# The machine and the versions.
{
  echo "date	$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "commit	$(git rev-parse --short HEAD 2>/dev/null) ($(git status --porcelain -- Sources Package.swift 2>/dev/null | wc -l) files changed in Sources/ or Package.swift but not committed when built)"
  echo "nproc	$(nproc)"
  echo "memory	$(free -g | awk '/^Mem:/ { print $2 " GiB" }')"
  echo "cpu	$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel	$(uname -r)"
  echo "swift	$(swift --version 2>&1 | head -1)"
  echo "sqlite (Duban links)	$(ldd "$DUBAN" | grep -o 'libsqlite3[^ ]*' | head -1) $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
  echo "libxml2	$(xmllint --version 2>&1 | head -1)"
  echo "python	$("$PY" --version 2>&1)"
  echo "peers	$("$PY" -c 'from importlib.metadata import version as v; print(", ".join(f"{p} {v(p)}" for p in ("python-docx", "openpyxl", "pandas", "lxml", "numpy")))')"
  echo "wrk	$(wrk -v 2>&1 | head -1)"
  echo "soffice	$(soffice --version 2>/dev/null | head -1)"
  echo "load at start	$(cut -d' ' -f1-3 /proc/loadavg) (1/5/15-min load average; other processes on the machine disturb the figures)"
  echo "settings	sizes $SIZES; formats $FORMATS; $RUNS Duban run(s) ($SMALL_RUNS for 1,000 rows) and $PEER_RUNS peer run(s) per file; reports $REPORT_SIZES; web on $WEB_DBS, $WEB_CONNS connections, ${WEB_SECS} s, wrk -t$WEB_THREADS"
} >"$OUT/meta.tsv"

# ---------------------------------------------------------------------------------------------
# 1. Import: Duban end to end (fresh database each run), Duban parse-only (--dry-run), the peer.
peer_of() { case $1 in docx) echo docx ;; xlsx) echo xlsx ;; html) echo html ;; csv) echo csv ;; esac; }
if ! skip import; then
  echo "format	rows	tool	run	wall_s	rss_kb	rc	check	load1" >"$OUT/import.tsv"
  for n in $SIZES; do
    for f in $FORMATS; do
      file=$BENCH/data/plan-$n.$f
      [ -s "$file" ] || { log "missing $file"; continue; }
      runs=$RUNS; [ "$n" -le 1000 ] && [ "$SMALL_RUNS" -gt "$RUNS" ] && runs=$SMALL_RUNS
      for r in $(seq 1 "$runs"); do
        rm -f "$TMPD"/import.sqlite*
        measure imp "$DUBAN" --db "$TMPD/import.sqlite" import "$file"
        check=$(grep -o '任务：[0-9]* 项' "$TMPD/imp.out" | head -1)
        echo "$f	$n	duban import	$r	$WALL	$RSS	$RC	$check	$LOAD" >>"$OUT/import.tsv"
        log "duban import $f $n #$r: ${WALL}s ${RSS}kB rc=$RC $check"
        [ "$RC" = 0 ] || { cp "$TMPD/imp.err" "$OUT/import-$f-$n.err"; tail -3 "$TMPD/imp.err" | sed 's/^/    /' >&2; }
        measure dry "$DUBAN" --db "$TMPD/absent.sqlite" import --dry-run "$file"
        check=$(grep -o '任务：[0-9]* 项' "$TMPD/dry.out" | head -1)
        echo "$f	$n	duban dry-run	$r	$WALL	$RSS	$RC	$check	$LOAD" >>"$OUT/import.tsv"
        log "duban dry-run $f $n #$r: ${WALL}s ${RSS}kB rc=$RC $check"
      done
      rm -f "$TMPD"/import.sqlite*
      peer_runs=$PEER_RUNS; [ "$n" -le 1000 ] && [ "$PEER_RUNS" -lt 5 ] && peer_runs=5  # ~1 s each
      for r in $(seq 1 "$peer_runs"); do
        measure peer "$PY" "$BENCH/peers.py" "$(peer_of "$f")" "$file"
        info=$(head -1 "$TMPD/peer.out")
        echo "$f	$n	peer	$r	$WALL	$RSS	$RC	$info	$LOAD" >>"$OUT/import.tsv"
        log "peer $f $n #$r: ${WALL}s ${RSS}kB rc=$RC $info"
      done
      if [ "$f" = docx ]; then
        # The floor: libxml2's streaming reader alone through the same document.xml.
        unzip -p "$file" word/document.xml >"$TMPD/document.xml"
        measure floor xmllint --stream --noout "$TMPD/document.xml"
        echo "$f	$n	xmllint --stream	1	$WALL	$RSS	$RC	document.xml $(stat -c %s "$TMPD/document.xml") bytes	$LOAD" >>"$OUT/import.tsv"
        log "xmllint --stream docx $n: ${WALL}s"
        rm -f "$TMPD/document.xml"
      fi
    done
  done
fi

# ---------------------------------------------------------------------------------------------
# 2. Reports: generated databases of T tasks / R reports; `duban report` in three formats.
if ! skip report; then
  echo "tasks	reports	run	wall_s	rss_kb	rc	out_bytes	summary	load1" >"$OUT/report.tsv"
  for tr in $REPORT_SIZES; do
    t=${tr%%:*}; r=${tr##*:}
    db=$BENCH/data/reportdb-$t-$r.sqlite
    if [ ! -s "$db" ]; then
      log "generating $db"
      python3 "$BENCH/gen_reportdb.py" --duban "$DUBAN" --tasks "$t" --reports "$r" "$db" >>"$OUT/gen.log" 2>&1 || { log "gen_reportdb failed"; continue; }
    fi
    # One untimed run first: it applies any pending migration to the database (5–20 s at 1M
    # reports when an index is added) and reads the file into the page cache, so the timed runs
    # measure the report itself.
    rm -rf "$TMPD/report"; mkdir -p "$TMPD/report"
    "$DUBAN" --db "$db" report --quarter 2018Q3 --format html,csv,xlsx --out "$TMPD/report" >/dev/null 2>&1 || true
    for run in $(seq 1 "$RUNS"); do
      rm -rf "$TMPD/report"; mkdir -p "$TMPD/report"
      measure rep "$DUBAN" --db "$db" report --quarter 2018Q3 --format html,csv,xlsx --out "$TMPD/report"
      bytes=$(du -sb "$TMPD/report" | cut -f1)
      summary=$(head -1 "$TMPD/rep.out")
      echo "$t	$r	$run	$WALL	$RSS	$RC	$bytes	$summary	$LOAD" >>"$OUT/report.tsv"
      log "report $t/$r #$run: ${WALL}s ${RSS}kB rc=$RC $bytes bytes"
      [ "$RC" = 0 ] || tail -3 "$TMPD/rep.err" | sed 's/^/    /' >&2
    done
    ls -l "$TMPD/report" >"$OUT/report-files-$t-$r.txt" 2>/dev/null
  done
fi

# ---------------------------------------------------------------------------------------------
# 3. Web: duban serve on 127.0.0.1, wrk for GET /my and POST /tasks/74/report; then the
#    SQLite single-row commit ceiling on the same file with the same pragmas.
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
if ! skip web; then
  echo "db	endpoint	conns	seconds	requests	req_per_s	p50	p75	p90	p99	max	non2xx3xx	socket_errors	server_rss_kb	rows_added	load1" >"$OUT/web.tsv"
  echo "db	sqlite	journal	sync	rows	seconds	commits_per_s" >"$OUT/ceiling.tsv"
  for tr in $WEB_DBS; do
    t=${tr%%:*}; r=${tr##*:}
    src=$BENCH/data/reportdb-$t-$r.sqlite
    [ -s "$src" ] || python3 "$BENCH/gen_reportdb.py" --duban "$DUBAN" --tasks "$t" --reports "$r" "$src" >>"$OUT/gen.log" 2>&1
    db=$TMPD/web.sqlite
    rm -f "$db"*; cp "$src" "$db"
    printf 'bench-password-1\n' | "$DUBAN" --db "$db" users add bench-unit --role unit --unit 区长热线办 --password-stdin >/dev/null
    "$DUBAN" --db "$db" serve --host 127.0.0.1 --port "$PORT" >"$OUT/serve-$t.log" 2>&1 &
    SERVER_PID=$!
    up=""
    for i in $(seq 1 100); do
      curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && { up=1; break; }
      sleep 0.2
    done
    [ -n "$up" ] || { log "server did not start (see serve-$t.log)"; kill "$SERVER_PID"; wait "$SERVER_PID"; SERVER_PID=""; continue; }
    # Log in as the 区长热线办 reporter: GET /login (duban_login cookie + hidden _login), POST /login.
    jar=$TMPD/jar
    rm -f "$jar"
    curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$PORT/login" >"$TMPD/login.html"
    login=$(grep -o 'name="_login" value="[^"]*"' "$TMPD/login.html" | head -1 | sed 's/.*value="//; s/"$//')
    code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode name=bench-unit \
      --data-urlencode password=bench-password-1 --data-urlencode "_login=$login" "http://127.0.0.1:$PORT/login")
    session=$(awk '$6 == "duban_session" { print $7 }' "$jar")
    curl -s -H "Cookie: duban_session=$session" "http://127.0.0.1:$PORT/my" >"$TMPD/my.html"
    csrf=$(grep -o 'name="_csrf" value="[^"]*"' "$TMPD/my.html" | head -1 | sed 's/.*value="//; s/"$//')
    mytasks=$(grep -c 'href="/tasks/' "$TMPD/my.html")
    log "web on $t tasks/$r reports: login HTTP $code, session ${session:0:6}…, csrf ${csrf:0:6}…, /my links $mytasks"
    if [ -z "$session" ] || [ -z "$csrf" ]; then
      log "login failed; skipping the web runs on this database"
    else
      note=$(urlencode "本季度已完成热线整合的阶段工作，正在推进下一步。")
      cat >"$TMPD/post.lua" <<EOF
wrk.method = "POST"
wrk.body = "_csrf=$csrf&state=inProgress&note=$note"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "duban_session=$session"
EOF
      for ep in my post; do
        for c in $WEB_CONNS; do
          # Let the server finish what the previous run left queued (wrk closes its connections
          # at the end, but pages already being computed still run: a GET /my on 10,000 tasks
          # at 64 connections leaves seconds of work that would land in the next run's latency).
          sleep 5
          before=$(sqlite3 "$db" "SELECT COUNT(*) FROM report" 2>/dev/null)
          LOAD=$(cut -d' ' -f1 /proc/loadavg)
          if [ "$ep" = my ]; then
            timeout $((WEB_SECS + 60)) wrk -t"$WEB_THREADS" -c"$c" -d"${WEB_SECS}s" --timeout 10s --latency \
              -H "Cookie: duban_session=$session" "http://127.0.0.1:$PORT/my" >"$TMPD/wrk.txt" 2>&1
            label="GET /my"
          else
            timeout $((WEB_SECS + 60)) wrk -t"$WEB_THREADS" -c"$c" -d"${WEB_SECS}s" --timeout 10s --latency \
              -s "$TMPD/post.lua" "http://127.0.0.1:$PORT/tasks/74/report" >"$TMPD/wrk.txt" 2>&1
            label="POST /tasks/74/report"
          fi
          after=$(sqlite3 "$db" "SELECT COUNT(*) FROM report" 2>/dev/null)
          cp "$TMPD/wrk.txt" "$OUT/wrk-$t-$ep-$c.txt"
          hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null)
          line=$(python3 "$BENCH/parse_wrk.py" "$TMPD/wrk.txt")
          echo "$t/$r	$label	$c	$WEB_SECS	$line	${hwm:-NA}	$((after - before))	$LOAD" >>"$OUT/web.tsv"
          log "$label c=$c on $t: $line (rows added $((after - before)))"
        done
      done
    fi
    kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
    tail -5 "$OUT/serve-$t.log" >"$OUT/serve-$t.tail"; rm -f "$OUT/serve-$t.log"
    # The ceiling on the same file (server stopped, so nothing else writes).
    python3 "$BENCH/sqlite_ceiling.py" "$db" --seconds "$CEILING_SECS" | tail -n +2 | sed "s|^|$t/$r	|" >>"$OUT/ceiling.tsv"
    log "ceiling: $(tail -n 2 "$OUT/ceiling.tsv" | cut -f4,7 | tr '\n' ' ')"
    rm -f "$db"*
  done
fi

# ---------------------------------------------------------------------------------------------
echo "load at end	$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/meta.tsv"
MD=${BENCH_MD:-$ROOT/BENCHMARKS.md}   # where the new section goes (a scratch file for trial runs)
python3 "$BENCH/summarize.py" "$OUT" --insert "$MD" | tee "$OUT/summary.md"
log "done: $OUT ($MD updated)"
