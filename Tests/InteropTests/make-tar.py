#!/usr/bin/env python3
"""Builds tar.gz archives from a JSON list of entries, including the hostile kinds srooter must
refuse, or (--dump) prints an archive's entries in that form so a test can edit and repack it.

Entry keys: name, type (file|dir|symlink|hardlink|chr|fifo), data (base64), zeros (a count of
zero bytes instead of data), link (target of a link), mode (int).
"""
import base64, gzip, io, json, sys, tarfile

TYPES = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE,
         "hardlink": tarfile.LNKTYPE, "chr": tarfile.CHRTYPE, "fifo": tarfile.FIFOTYPE}

def build(spec_path, out_path):
    entries = json.load(open(spec_path))
    with open(out_path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for entry in entries:
            info = tarfile.TarInfo(entry["name"])
            info.type = TYPES[entry.get("type", "file")]
            info.mode = entry.get("mode", 0o755 if info.type == tarfile.DIRTYPE else 0o644)
            info.linkname = entry.get("link", "")
            data = None
            if info.type == tarfile.REGTYPE:
                if "zeros" in entry:
                    info.size = entry["zeros"]
                    data = ZeroReader(info.size)
                else:
                    payload = base64.b64decode(entry.get("data", ""))
                    info.size = len(payload)
                    data = io.BytesIO(payload)
            tar.addfile(info, data)

class ZeroReader:
    def __init__(self, size): self.left = size
    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        return bytes(n)

def dump(archive):
    out = []
    with tarfile.open(archive, "r:gz") as tar:
        for info in tar.getmembers():
            entry = {"name": info.name, "mode": info.mode,
                     "type": {v: k for k, v in TYPES.items()}.get(info.type, "file")}
            if info.isfile():
                entry["data"] = base64.b64encode(tar.extractfile(info).read()).decode()
            out.append(entry)
    json.dump(out, sys.stdout)

if __name__ == "__main__":
    if sys.argv[1] == "--dump":
        dump(sys.argv[2])
    else:
        build(sys.argv[1], sys.argv[2])
