import Glibc

/// The trusted public keys (`*.pub`) in a folder, minus the key ids listed in its `revoked` file
/// (one 16-digit hex id a line, `#` starts a comment). A malformed key or list fails closed.
public struct TrustStore: Sendable {
    /// The folder the keys came from.
    public let directory: String
    /// Each trusted key with the file it came from, in file-name order.
    public let keys: [(file: String, key: MinisignPublicKey)]
    /// Revoked key ids.
    public let revoked: Set<KeyID>
    /// The revocation list's path.
    public var revocationFile: String { "\(directory)/revoked" }

    /// Loads every `*.pub` file and the revocation list of `directory`.
    public init(directory: String) throws(SigningError) {
        self.directory = directory
        let names = try Self.publicKeyNames(in: directory)
        var keys: [(String, MinisignPublicKey)] = []
        for name in names {
            let path = "\(directory)/\(name)"
            keys.append((path, try MinisignPublicKey(contentsOf: path)))
        }
        guard !keys.isEmpty else { throw .emptyTrustDir(path: directory) }
        self.keys = keys
        revoked = try Self.revocations(in: directory)
    }

    /// The key with this id, unless it is revoked or unknown.
    public func key(for id: KeyID, signatureFile: String) throws(SigningError) -> (String, MinisignPublicKey) {
        if revoked.contains(id) { throw .revokedKey(id: id, list: revocationFile) }
        guard let match = keys.first(where: { $0.key.keyID == id }) else {
            throw .untrustedKey(id: id, signatureFile: signatureFile, trustDir: directory)
        }
        return match
    }

    /// The key ids listed in `directory/revoked`; empty when the folder or list does not exist.
    public static func revocations(in directory: String) throws(SigningError) -> Set<KeyID> {
        let path = "\(directory)/revoked"
        guard FileReader.exists(path) else { return [] }
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: 1 << 20) } catch { throw .file(error) }
        var ids = Set<KeyID>()
        for (index, rawLine) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = (rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmedOfWhitespace
            if line.isEmpty { continue }
            guard let id = KeyID(hex: line) else { throw .badRevocationEntry(list: path, line: index + 1) }
            ids.insert(id)
        }
        return ids
    }

    private static func publicKeyNames(in directory: String) throws(SigningError) -> [String] {
        guard let dir = opendir(directory) else {
            let code = errno
            if code == ENOENT { throw .file(.missing(path: directory)) }
            throw .file(.unreadable(path: directory, reason: FileError.reason(code)))
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasSuffix(".pub"), !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }
}
