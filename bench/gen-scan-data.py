#!/usr/bin/env python3
"""Generates scan benchmark input: a CycloneDX SBOM and an OSV database (a zip export like OSV's
all.zip, and the same records as a folder). Deterministic: the same arguments give the same files.

usage: gen-scan-data.py OUT_DIR [--components 2000] [--advisories 50000]
"""
import argparse, json, os, random, shutil, zipfile

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--components", type=int, default=2000)
parser.add_argument("--advisories", type=int, default=50000)
args = parser.parse_args()

stamp = os.path.join(args.out, "params.json")
params = {"components": args.components, "advisories": args.advisories, "format": 2}
if os.path.exists(stamp) and json.load(open(stamp)) == params:
    print(f"scan bench: reusing {args.out}")
    raise SystemExit(0)
shutil.rmtree(args.out, ignore_errors=True)
os.makedirs(os.path.join(args.out, "advisories"))
rng = random.Random(5)

swift_count = args.components // 2
deb_count = args.components - swift_count
components = []
for i in range(swift_count):
    version = f"{rng.randint(0, 3)}.{rng.randint(0, 40)}.{rng.randint(0, 9)}"
    purl = f"pkg:swift/github.com/org{i % 97}/package-{i}@{version}"
    components.append({"type": "library", "bom-ref": purl, "name": f"package-{i}", "version": version, "purl": purl})
for i in range(deb_count):
    version = f"{rng.randint(0, 2)}:{rng.randint(1, 9)}.{rng.randint(0, 20)}-{rng.randint(1, 5)}~deb12u{rng.randint(1, 4)}"
    if version.startswith("0:"):
        version = version[2:]
    encoded = version.replace("+", "%2B").replace(":", "%3A")
    purl = f"pkg:deb/debian/lib{i}@{encoded}?arch=amd64&distro=debian-12&upstream=source-{i // 2}"
    components.append({"type": "library", "bom-ref": purl, "name": f"lib{i}", "version": version, "purl": purl})
sbom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:11111111-2222-4333-8444-555555555555",
        "version": 1, "components": components}
json.dump(sbom, open(os.path.join(args.out, "sbom.cdx.json"), "w"))

details = ("A crafted input can make the parser read past the end of a buffer, crashing the process or disclosing "
           "memory. The issue was found by fuzzing and is fixed by checking the length before every read. ") * 4
vectors = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N",
           "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"]
zip_path = os.path.join(args.out, "all.zip")
with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
    for n in range(args.advisories):
        debian = n % 2 == 1
        # About a third of the advisories name a package the SBOM has; the rest name others.
        known = rng.random() < 0.35
        if debian:
            source = f"source-{rng.randrange(deb_count // 2)}" if known else f"other-source-{n}"
            fixed = f"{rng.randint(1, 9)}.{rng.randint(0, 20)}-{rng.randint(1, 5)}~deb12u{rng.randint(1, 4)}"
            affected = [{"package": {"ecosystem": "Debian:12", "name": source, "purl": f"pkg:deb/debian/{source}?arch=source"},
                         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}],
                         "versions": [f"{rng.randint(1, 9)}.{k}-1" for k in range(rng.randint(0, 30))],
                         "ecosystem_specific": {"urgency": "not yet assigned"}},
                        {"package": {"ecosystem": "Debian:11", "name": source},
                         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]
            record = {"id": f"DEBIAN-CVE-2099-{n:06d}", "upstream": [f"CVE-2099-{n:06d}"]}
        else:
            name = f"github.com/org{(i := rng.randrange(swift_count)) % 97}/package-{i}" if known else f"github.com/elsewhere/pkg-{n}"
            ranges = []
            for _ in range(rng.randint(1, 3)):
                major = rng.randint(0, 3)
                ranges.append({"type": "ECOSYSTEM", "events": [{"introduced": f"{major}.{rng.randint(0, 20)}.0"},
                                                               {"fixed": f"{major}.{rng.randint(21, 40)}.{rng.randint(0, 9)}"}]})
            affected = [{"package": {"ecosystem": "SwiftURL", "name": name}, "ranges": ranges}]
            record = {"id": f"GHSA-bench-{n:06d}", "aliases": [f"CVE-2099-{n:06d}"],
                      "severity": [{"type": "CVSS_V3", "score": rng.choice(vectors)}],
                      "database_specific": {"cwe_ids": ["CWE-125"], "severity": "HIGH", "github_reviewed": True}}
        record.update({"schema_version": "1.6.0", "modified": "2025-01-01T00:00:00Z", "published": "2024-06-01T00:00:00Z",
                       "summary": f"Out-of-bounds read in record {n}", "details": details, "affected": affected,
                       "references": [{"type": "ADVISORY", "url": f"https://example.invalid/advisory/{n}"},
                                      {"type": "WEB", "url": f"https://example.invalid/commit/{n:040x}"}]})
        text = json.dumps(record, indent=2)
        archive.writestr(f"{record['id']}.json", text)
        with open(os.path.join(args.out, "advisories", f"{record['id']}.json"), "w") as out:
            out.write(text)
json.dump(params, open(stamp, "w"))
size = sum(i.file_size for i in zipfile.ZipFile(zip_path).infolist())
print(f"scan bench: {args.components} components, {args.advisories} advisories "
      f"({size // (1 << 20)} MiB of JSON; zip {os.path.getsize(zip_path) // (1 << 20)} MiB) in {args.out}")
