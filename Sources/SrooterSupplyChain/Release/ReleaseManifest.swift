import SrooterEncoding

/// `release.json`: the one signed document that binds a release together. Its minisign
/// signature's trusted comment carries `file:release.json version:V seq:N`.
///
/// ```json
/// {"format": 1, "product": "srooter", "version": "1.2.0", "sequence": 1767225600,
///  "released": "2026-01-01T00:00:00Z", "expires": "2027-01-01T00:00:00Z", "signer": "8EFFA15219A01FE0",
///  "files": [{"path": "bin/srooter", "size": 85000000, "mode": "0755", "sha256": "…", "blake2b512": "…"}, …],
///  "sbom": {"path": "sbom/srooter.cdx.json", "sha256": "…"},
///  "provenance": {"path": "provenance.intoto.json", "sha256": "…"}}
/// ```
/// Paths are relative to the release folder (`srooter-V/` in the archive); every file of the
/// release except `release.json` and its signature is listed, sorted by path.
public struct ReleaseManifest: Codable, Sendable, Equatable {
    /// One file of the release.
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var size: Int64
        /// `0755` or `0644`.
        public var mode: String
        public var sha256: String
        public var blake2b512: String
    }

    /// A pointer to one listed file with its digest.
    public struct Reference: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
    }

    /// The layout version of this document; srooter refuses newer ones.
    public static let currentFormat = 1
    public static let fileName = "release.json"
    public static let signatureName = "release.json.minisig"
    /// Manifests larger than this are refused before parsing.
    public static let maxBytes = 1 << 20

    public var format: Int
    public var product: String
    public var version: String
    /// Grows with every release; with the version, the anti-rollback order.
    public var sequence: UInt64
    /// RFC 3339, UTC.
    public var released: String
    /// RFC 3339, UTC; verification refuses the release after this instant.
    public var expires: String
    /// The signing key's id, 16 hex digits.
    public var signer: String
    public var files: [File]
    public var sbom: Reference
    public var provenance: Reference

    /// The trusted comment the manifest's signature carries.
    public var trustedComment: String { "file:\(Self.fileName) version:\(version) seq:\(sequence)" }

    /// Why `version` cannot name a release, or nil: it must be a full SemVer `MAJOR.MINOR.PATCH`
    /// (optionally `-pre`/`+build`) exactly as written, so no leading zeros, no `v`, no missing part.
    public static func versionProblem(_ version: String) -> String? {
        guard let parsed = SemanticVersion(version), parsed.description == version else {
            return "version \(version) is not a semantic version MAJOR.MINOR.PATCH without leading zeros, such as 1.2.0"
        }
        return nil
    }

    /// The listed file at `path`.
    public func file(_ path: String) -> File? { files.first { $0.path == path } }

    /// Parses `key:value` words of a trusted comment (tab- or space-separated).
    public static func commentFields(_ comment: String) -> [String: String] {
        var fields: [String: String] = [:]
        for word in comment.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let parts = word.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }
}

/// Size, SHA-256 and BLAKE2b-512 of some bytes, computed in one pass.
public struct FileDigests: Sendable, Equatable {
    public var size: Int64 = 0
    public var sha256: String = ""
    public var blake2b512: String = ""

    /// Digests of a file on disk, read once.
    public static func of(file path: String) throws(FileError) -> FileDigests {
        var hasher = Hasher()
        try FileReader.stream(path) { hasher.update($0) }
        return hasher.finish()
    }

    /// Digests of bytes in memory.
    public static func of(bytes: [UInt8]) -> FileDigests {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finish()
    }

    /// Feeds both hashes from one stream of chunks.
    public struct Hasher: ~Copyable {
        private var sha = SHA256()
        private var blake = Blake2b()
        private var size: Int64 = 0

        public init() {}

        public mutating func update(_ chunk: UnsafeRawBufferPointer) {
            sha.update(chunk)
            blake.update(chunk)
            size += Int64(chunk.count)
        }

        public consuming func finish() -> FileDigests {
            FileDigests(size: size, sha256: Hex.encode(sha.finalize()), blake2b512: Hex.encode(blake.finalize()))
        }
    }
}
