#!/usr/bin/env bash
# Signs and verifies one large file with srooter and with minisign in the same run, and prints
# each tool's throughput (MB/s), their ratio, and peak RSS. Both are bound by BLAKE2b.
# Usage: bench/sign-verify.sh PATH/TO/srooter [SIZE_MIB]   (default 1024 MiB)
set -euo pipefail
srooter=${1:?usage: bench/sign-verify.sh PATH/TO/srooter [SIZE_MIB]}
size_mib=${2:-1024}
command -v minisign >/dev/null || { echo "bench: minisign is not installed (make deps)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "bench: writing a ${size_mib} MiB file of random bytes"
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/big.bin"
cat "$work/big.bin" > /dev/null   # warm the page cache so both tools read from memory

minisign -G -W -p "$work/m.pub" -s "$work/m.key" >/dev/null
"$srooter" keys generate --name s --unencrypted --output-dir "$work" >/dev/null

# measure COMMAND... : prints "seconds peak_rss_kib" (wall time to the millisecond)
measure() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/time" "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }') $(cat "$work/time")"
}
mbps() { awk -v mib="$size_mib" -v s="$1" 'BEGIN { printf "%.0f", (s > 0 ? mib * 1.048576 / s : 0) }'; }

best() {  # best of 5 runs: prints "seconds rss"
  local best_s="" best_rss=0
  for _ in 1 2 3 4 5; do
    read -r s rss < <(measure "$@")
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then best_s=$s; fi
    [ "$rss" -gt "$best_rss" ] && best_rss=$rss
  done
  echo "$best_s $best_rss"
}

read -r ms_sign ms_sign_rss < <(best minisign -S -s "$work/m.key" -m "$work/big.bin" -x "$work/m.sig")
read -r sr_sign sr_sign_rss < <(best "$srooter" sign "$work/big.bin" --key "$work/s.key")
read -r ms_ver ms_ver_rss < <(best minisign -V -p "$work/m.pub" -m "$work/big.bin" -x "$work/m.sig")
read -r sr_ver sr_ver_rss < <(best "$srooter" verify "$work/big.bin" --pubkey "$work/s.pub")

printf "\n%-8s %-9s %10s %10s %12s\n" "op" "tool" "seconds" "MB/s" "peak RSS MB"
printf "%-8s %-9s %10s %10s %12.1f\n" sign minisign "$ms_sign" "$(mbps "$ms_sign")" "$(echo "$ms_sign_rss/1024" | bc -l)"
printf "%-8s %-9s %10s %10s %12.1f\n" sign srooter "$sr_sign" "$(mbps "$sr_sign")" "$(echo "$sr_sign_rss/1024" | bc -l)"
printf "%-8s %-9s %10s %10s %12.1f\n" verify minisign "$ms_ver" "$(mbps "$ms_ver")" "$(echo "$ms_ver_rss/1024" | bc -l)"
printf "%-8s %-9s %10s %10s %12.1f\n" verify srooter "$sr_ver" "$(mbps "$sr_ver")" "$(echo "$sr_ver_rss/1024" | bc -l)"
awk -v a="$ms_sign" -v b="$sr_sign" -v c="$ms_ver" -v d="$sr_ver" \
  'BEGIN { printf "\nthroughput ratio srooter/minisign: sign %.2fx, verify %.2fx (target >= 1.00x)\n", a / b, c / d }'
peak=$(( (sr_sign_rss > sr_ver_rss ? sr_sign_rss : sr_ver_rss) / 1024 ))
echo "srooter peak RSS: ${peak} MB (target < 32 MB)"
