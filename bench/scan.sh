#!/usr/bin/env bash
# Benchmarks `srooter scan`: a 2,000-component SBOM against 50,000 OSV advisories, read from a zip
# export (as OSV publishes them) and from a folder of JSON files. Targets: under 2 s wall time and
# under 300 MB peak RSS. The index build time is reported separately (srooter's --timings line).
# usage: bench/scan.sh [path/to/release/srooter]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/srooter}"
work="${SROOTER_SCAN_BENCH_DIR:-/tmp/srooter-scan-bench}"
[ -x "$bin" ] || { echo "scan bench: $bin not found; run: swift build -c release" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "scan bench: /usr/bin/time is missing; install Debian's 'time' package" >&2; exit 2; }

python3 bench/gen-scan-data.py "$work" --components 2000 --advisories 50000
status=0
for db in "$work/all.zip" "$work/advisories"; do
  # Warm the page cache once so both runs measure srooter, not the disk.
  "$bin" scan --sbom "$work/sbom.cdx.json" --db "$db" --fail-on none --format json >/dev/null 2>&1 || true
  /usr/bin/time -v "$bin" scan --sbom "$work/sbom.cdx.json" --db "$db" --fail-on none --format json --timings \
    >"$work/report.json" 2>"$work/stderr.txt" || true
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/stderr.txt")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/stderr.txt")
  findings=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["findings"]))' "$work/report.json")
  echo "scan bench: --db $(basename "$db"): ${seconds} s, peak RSS $((rss_kb / 1024)) MB, ${findings} findings"
  grep '^srooter: timings' "$work/stderr.txt" | sed 's/^/  /'
  awk -v s="$seconds" -v r="$rss_kb" 'BEGIN { exit !(s < 2 && r < 300 * 1024) }' || {
    echo "  over target (2 s, 300 MB)"
    status=1
  }
done
exit $status
