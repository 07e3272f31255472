#!/usr/bin/env python3
"""wrk --latency output → one TSV fragment:
requests, req/s, p50, p75, p90, p99, max (ms), non-2xx/3xx responses, socket errors."""
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")


def main(path):
    s = open(path, encoding="utf-8", errors="replace").read()
    pct = {p: ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", s, re.M)}
    mx = re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", s, re.M)
    req = re.search(r"(\d+) requests in", s)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", s)
    non = re.search(r"Non-2xx or 3xx responses: (\d+)", s)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", s)
    errors = sum(int(x) for x in sock.groups()) if sock else 0
    f = lambda v: f"{v:.2f}"
    print("\t".join([
        req.group(1) if req else "NA", rps.group(1) if rps else "NA",
        *(f(pct.get(p, float("nan"))) for p in ("50", "75", "90", "99")),
        f(ms(mx.group(1))) if mx else "NA", non.group(1) if non else "0", str(errors)]))


if __name__ == "__main__":
    main(sys.argv[1])
