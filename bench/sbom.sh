#!/usr/bin/env bash
# Times `srooter sbom generate` for this project next to `swift package show-dependencies
# --format json` alone, the SwiftPM call it is built on and cannot beat. Target: under 1.5x.
# Usage: bench/sbom.sh [SROOTER_BINARY] [SCRATCH] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release/srooter}
scratch=${2:-.build}
runs=${3:-15}
[ -x "$bin" ] || { echo "bench/sbom.sh: $bin: no such binary; build it first (make bench does)" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT

now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# One untimed run of each warms SwiftPM's manifest cache and the page cache.
swift package --scratch-path "$scratch" show-dependencies --format json >/dev/null
"$bin" sbom generate --scratch-path "$scratch" --binary "$bin" --output "$out" >/dev/null

floor=()
sbom=()
for _ in $(seq "$runs"); do
  # Alternate the two so that load from elsewhere on the machine falls on both alike.
  start=$(now); swift package --scratch-path "$scratch" show-dependencies --format json >/dev/null; floor+=($(( ($(now) - start) / 1000000 )))
  start=$(now); "$bin" sbom generate --scratch-path "$scratch" --binary "$bin" --output "$out" >/dev/null; sbom+=($(( ($(now) - start) / 1000000 )))
done

floor_median=$(printf '%s\n' "${floor[@]}" | median)
sbom_median=$(printf '%s\n' "${sbom[@]}" | median)
floor_min=$(printf '%s\n' "${floor[@]}" | sort -n | head -1)
sbom_min=$(printf '%s\n' "${sbom[@]}" | sort -n | head -1)
ratio=$(awk -v a="$sbom_median" -v b="$floor_median" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r < 1.5) ? "within the 1.5x target" : "OVER the 1.5x target" }')
components=$(grep -c '"bom-ref" :' "$out" || true)
echo "sbom generate ($bin, $(wc -c < "$out") bytes, $components bom-refs), $runs runs each, milliseconds:"
printf '  %-52s median %5d  min %5d\n' "swift package show-dependencies --format json" "$floor_median" "$floor_min"
printf '  %-52s median %5d  min %5d\n' "srooter sbom generate --binary" "$sbom_median" "$sbom_min"
echo "  ratio (median): ${ratio}x, $verdict"
