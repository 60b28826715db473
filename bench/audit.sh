#!/usr/bin/env bash
# Audit trail throughput (issue 7): records appended with the hash chain, AES-256-GCM sealing, the
# blind user index and signed checkpoints on, in batches as the gateway's writer commits them; then
# `audit verify` on the database (decrypting) and on a JSONL export (no key needed).
# Targets: write >= 20,000 records/s, verify >= 100,000 records/s.
# Usage: bench/audit.sh [SROOTER_BINARY] [RECORDS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build-release/release/srooter}
records=${2:-200000}
[ -x "$bin" ] || { echo "bench/audit.sh: $bin: no such binary; build it first (make bench does)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" audit bench --folder "$work" --records "$records" --batch 256 | tee "$work/bench.txt"
"$bin" audit export --db "$work/srooter.db" --config /nonexistent --output "$work/all.jsonl"
start=$(date +%s%N)
"$bin" audit verify "$work/all.jsonl" --db "$work/srooter.db" --config /nonexistent >"$work/verify.txt"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "audit verify (JSONL export, $(du -h "$work/all.jsonl" | cut -f1)): $(( records * 1000 / (ms > 0 ? ms : 1) )) records/s ($(cut -d';' -f1 "$work/verify.txt"))"

write=$(sed -n 's/.*= \([0-9]*\) records\/s.*/\1/p' "$work/bench.txt")
verify=$(sed -n 's/^audit verify (database.*: \([0-9]*\) records\/s/\1/p' "$work/bench.txt")
status=0
[ "$write" -ge 20000 ] || { echo "audit bench: write $write records/s is under the 20,000 target"; status=1; }
[ "$verify" -ge 100000 ] || { echo "audit bench: verify $verify records/s is under the 100,000 target"; status=1; }
exit $status
