import Glibc
import SrooterEncoding

/// Compares a release folder on disk with the signed manifest it was verified against: every
/// entry, folders included, must be one the manifest implies, with its type, mode (the
/// manifest's `0755`/`0644`, folders `0755`), size and hashes, and `release.json` and its
/// signature byte for byte the ones that were verified. Used after extraction and by the
/// self-check, so neither a swapped archive nor a later edit of the folder goes unnoticed.
struct ReleaseTree {
    let manifest: ReleaseManifest
    let manifestBytes: [UInt8]
    let signatureBytes: [UInt8]

    /// How much of each file's content to compare.
    enum Hashing {
        /// Size, SHA-256 and BLAKE2b-512 of every file (install).
        case full
        /// SHA-256 of every file except the binary, which the caller hashes from the running
        /// process itself (the self-check).
        case sha256ExceptBinary
    }

    /// Expected entries by relative path: whether a folder, and the permission bits.
    var expected: [String: (isDirectory: Bool, mode: mode_t)] {
        var entries: [String: (isDirectory: Bool, mode: mode_t)] = [
            ReleaseManifest.fileName: (false, 0o644), ReleaseManifest.signatureName: (false, 0o644),
        ]
        for file in manifest.files {
            entries[file.path] = (false, file.mode == "0755" ? 0o755 : 0o644)
            var parent = PathName.directory(of: file.path)
            while parent != "." {
                entries[parent] = (true, 0o755)
                parent = PathName.directory(of: parent)
            }
        }
        return entries
    }

    /// Throws ``ReleaseError/manifestMismatch(archive:reason:)`` naming `label` and the first
    /// entry that differs.
    func check(_ root: String, label: String, hashing: Hashing) throws(ReleaseError) {
        func mismatch(_ reason: String) -> ReleaseError { .manifestMismatch(archive: label, reason: reason) }
        var info = stat()
        guard lstat(root, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { throw mismatch("\(root) is not a folder") }
        guard info.st_mode & 0o7777 == 0o755 else { throw mismatch("the release folder has mode \(Self.octal(info.st_mode)), not 0755") }
        var found: [String: stat] = [:]
        try walk(root, relative: "", into: &found, label: label)
        let expected = self.expected
        if let extra = found.keys.filter({ expected[$0] == nil }).sorted().first {
            throw mismatch("\(extra) is on disk but not in release.json")
        }
        if let missing = expected.keys.filter({ found[$0] == nil }).sorted().first {
            throw mismatch("\(missing) is listed but missing on disk")
        }
        for (path, want) in expected.sorted(by: { $0.key < $1.key }) {
            guard let seen = found[path] else { continue }
            let type = seen.st_mode & S_IFMT
            guard type == (want.isDirectory ? S_IFDIR : S_IFREG) else {
                throw mismatch("\(path) is not a \(want.isDirectory ? "folder" : "regular file") on disk")
            }
            guard seen.st_mode & 0o7777 == want.mode else {
                throw mismatch("\(path) has mode \(Self.octal(seen.st_mode)), release.json says \(Self.octal(want.mode))")
            }
        }
        for name in [ReleaseManifest.fileName, ReleaseManifest.signatureName] {
            let want = name == ReleaseManifest.fileName ? manifestBytes : signatureBytes
            let bytes: [UInt8]
            do { bytes = try FileReader.read("\(root)/\(name)", limit: ReleaseManifest.maxBytes) } catch { throw .file(error) }
            guard bytes == want else { throw mismatch("\(name) on disk is not the one that was verified") }
        }
        for file in manifest.files {
            let path = "\(root)/\(file.path)"
            if hashing == .sha256ExceptBinary, file.path == ReleaseLayout.binary { continue }
            guard Int64(found[file.path]?.st_size ?? -1) == file.size else {
                throw mismatch("\(file.path) is \(found[file.path]?.st_size ?? 0) bytes on disk, release.json says \(file.size)")
            }
            switch hashing {
            case .full:
                let digests: FileDigests
                do { digests = try FileDigests.of(file: path) } catch { throw .file(error) }
                guard digests.size == file.size, digests.sha256 == file.sha256, digests.blake2b512 == file.blake2b512 else {
                    throw mismatch("\(file.path) on disk does not match release.json")
                }
            case .sha256ExceptBinary:
                let digest: [UInt8]
                do { digest = try SHA256.hashFile(path) } catch { throw .file(error) }
                guard Hex.encode(digest) == file.sha256 else { throw mismatch("\(file.path) on disk does not match release.json") }
            }
        }
    }

    private func walk(_ directory: String, relative: String, into found: inout [String: stat], label: String) throws(ReleaseError) {
        guard let handle = opendir(directory) else { throw .file(.unreadable(path: directory, reason: FileError.reason(errno))) }
        defer { closedir(handle) }
        var children: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { children.append(name) }
        }
        guard found.count + children.count <= TarballLimits.release.maxEntries else {
            throw .manifestMismatch(archive: label, reason: "more than \(TarballLimits.release.maxEntries) entries on disk")
        }
        for name in children {
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            var info = stat()
            guard lstat("\(directory)/\(name)", &info) == 0 else {
                throw .file(.unreadable(path: "\(directory)/\(name)", reason: FileError.reason(errno)))
            }
            found[path] = info
            if (info.st_mode & S_IFMT) == S_IFDIR { try walk("\(directory)/\(name)", relative: path, into: &found, label: label) }
        }
    }

    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
