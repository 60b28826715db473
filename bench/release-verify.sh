#!/usr/bin/env bash
# Times `srooter verify` on a release whose binary is 100 MB, next to `sha256sum -c` plus
# `minisign -V` of the same archive in the same run (the check a person could do by hand), and
# the self-check's cost at start-up for the real srooter binary.
# Usage: bench/release-verify.sh PATH/TO/srooter [compressible|random]
#   compressible (default): the binary is made of real shared libraries and gzips about 3:1, as
#   executables do; random: 100 MB of random bytes, which gzip cannot shrink.
set -euo pipefail
srooter=$(readlink -f "${1:?usage: bench/release-verify.sh PATH/TO/srooter [compressible|random]}")
kind=${2:-compressible}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# A 100 MB "binary": real shared libraries (compresses like an executable does), or random bytes.
: > fake-srooter
if [ "$kind" = random ]; then
  head -c 104857600 /dev/urandom > fake-srooter
else
  for lib in /usr/lib/x86_64-linux-gnu/*.so* /usr/lib/x86_64-linux-gnu/*/*.so* /opt/swift/usr/lib/swift/linux/*.so; do
    [ -f "$lib" ] && cat "$lib" >> fake-srooter
    [ "$(stat -c %s fake-srooter)" -ge 104857600 ] && break
  done
fi
truncate -s 104857600 fake-srooter

"$srooter" keys generate --name rel --unencrypted --output-dir . >/dev/null
mkdir -p trust && cp rel.pub trust/
inventory() {  # inventory BINARY: a minimal SBOM naming the binary, and matching pins
  python3 - "$1" <<'PY'
import hashlib, json, sys
sha = hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()
purl = "pkg:swift/github.com/apple/swift-argument-parser@1.8.2"
json.dump({"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "version": 1, "metadata": {"timestamp": "2026-01-01T00:00:00Z",
  "tools": {"components": [{"type": "application", "name": "srooter"}]},
  "component": {"type": "application", "bom-ref": "srooter", "name": "srooter", "hashes": [{"alg": "SHA-256", "content": sha}]}},
  "components": [{"type": "library", "bom-ref": purl, "name": "swift-argument-parser", "version": "1.8.2", "purl": purl}],
  "dependencies": [{"ref": "srooter", "dependsOn": [purl]}, {"ref": purl, "dependsOn": []}]}, open("sbom.json", "w"))
json.dump({"formatVersion": 1, "swiftToolchain": "6.3.1", "debianPackages": [], "swiftPackages": [{"identity": "swift-argument-parser",
  "url": "https://github.com/apple/swift-argument-parser", "version": "1.8.2", "revision": "a" * 40, "treeHash": "b" * 40}]},
  open("pins.json", "w"))
PY
}
echo "# srooter test release" > README.md; echo "MIT" > LICENSE
pack() {  # pack BINARY VERSION OUTDIR
  inventory "$1"
  SOURCE_DATE_EPOCH=1767225600 "$srooter" release pack --version "$2" --key rel.key --binary "$1" --sbom sbom.json \
    --pins pins.json --readme README.md --license LICENSE --output-dir "$3" >/dev/null
}
pack fake-srooter 1.0.0 dist
archive=dist/srooter-1.0.0-linux-$(uname -m).tar.gz
echo "bench: archive $(du -m "$archive" | cut -f1) MB holding a 100 MB $kind binary"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
best() { local b=999999 t; for _ in 1 2 3 4 5; do t=$(ms "$@"); [ "$t" -lt "$b" ] && b=$t; done; echo "$b"; }
by_hand() { (cd dist && sha256sum -c SHA256SUMS) && minisign -V -p trust/rel.pub -m "$archive"; }
cat "$archive" > /dev/null
verify_ms=$(best "$srooter" verify "$archive" --trust-dir trust --state-dir state --allow-downgrade)
hand_ms=$(best by_hand)
echo
printf "%-44s %8s\n" "check" "ms"
printf "%-44s %8s\n" "srooter verify (all six checks)" "$verify_ms"
printf "%-44s %8s\n" "sha256sum -c SHA256SUMS + minisign -V" "$hand_ms"
awk -v a="$verify_ms" -v b="$hand_ms" 'BEGIN { printf "ratio srooter/by hand: %.2f (target <= 1.00)\n", a / b }'

# Self-check: the real binary, installed from a release, with and without the check.
pack "$srooter" 1.0.1 dist-self
"$srooter" install "dist-self/srooter-1.0.1-linux-$(uname -m).tar.gz" --prefix prefix --trust-dir trust --state-dir state >/dev/null
installed=prefix/current/bin/srooter
version_ms=$(best "$installed" --version)
self_ms=$(best "$installed" verify --self)
echo
echo "self-check on a $(du -m "$installed" | cut -f1) MB binary: start-up ${version_ms} ms, with the self-check ${self_ms} ms," \
  "so it adds $((self_ms - version_ms)) ms (target < 50 ms)"
