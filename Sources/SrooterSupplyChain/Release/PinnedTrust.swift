import Glibc

/// The root of trust an installation keeps outside its releases, in `PREFIX/state/trust.json`
/// (folder 0700, file 0600): the trust folder `install` verified with, the public keys it
/// trusted then (id and key, so a look-alike key with the same id does not pass), and the
/// release it accepted. The self-check verifies a release folder against these and the trust
/// folder, never against anything the release folder itself contains.
public struct PinnedTrust: Codable, Sendable, Equatable {
    /// One pinned key: its id (16 hex digits) and the minisign public key's base64 line.
    public struct Key: Codable, Sendable, Equatable {
        public var id: String
        public var publicKey: String
    }

    public var format: Int
    /// The absolute path of the trust folder given to `install`.
    public var trustDir: String
    public var keys: [Key]
    /// The release `install` accepted last; the self-check refuses anything older.
    public var version: String
    public var sequence: UInt64

    public static let folderName = "state"
    public static let fileName = "trust.json"
    /// Where the self-check looks for a trust folder when neither the command line, the
    /// configuration nor the pinned state names one that exists.
    public static let systemTrustDir = "/etc/srooter/keys"

    public static func folder(prefix: String) -> String { "\(prefix)/\(folderName)" }
    public static func path(prefix: String) -> String { "\(folder(prefix: prefix))/\(fileName)" }

    /// Pins the unrevoked keys of `trust` and the accepted release.
    public init(trust: TrustStore, version: String, sequence: UInt64) throws(ReleaseError) {
        guard let resolved = realpath(trust.directory, nil) else {
            throw .file(.unreadable(path: trust.directory, reason: FileError.reason(errno)))
        }
        trustDir = String(cString: resolved)
        free(resolved)
        keys = trust.keys.map { $0.key }.filter { !trust.revoked.contains($0.keyID) }.map { Key(id: $0.keyID.hex, publicKey: $0.base64) }
        format = 1
        self.version = version
        self.sequence = sequence
    }

    /// The pinned public keys (malformed entries fail closed).
    public func publicKeys(file: String) throws(ReleaseError) -> [MinisignPublicKey] {
        var result: [MinisignPublicKey] = []
        for key in keys {
            do {
                let parsed = try MinisignPublicKey(base64: Substring(key.publicKey), file: file)
                guard parsed.keyID.hex == key.id else { throw ReleaseError.unusableInput("\(file): key \(key.id) does not match its public key") }
                result.append(parsed)
            } catch let error as ReleaseError {
                throw error
            } catch {
                throw .unusableInput("\(file): unreadable pinned key \(key.id)")
            }
        }
        return result
    }

    /// The pinned state of the installation at `prefix`, nil when there is none.
    public static func load(prefix: String) throws(ReleaseError) -> PinnedTrust? {
        let path = path(prefix: prefix)
        let bytes: [UInt8]
        do {
            guard let read = try StateFile.read(path, limit: 64 << 10) else { return nil }
            bytes = read
        } catch { throw .file(error) }
        do { return try StableJSON.decodeStrict(PinnedTrust.self, from: bytes) } catch {
            throw .unusableInput("\(path): unreadable pinned trust (\(error.reason)); install the release again to pin it")
        }
    }

    /// Writes the state atomically, creating `PREFIX/state` with mode 0700.
    public func save(prefix: String) throws(ReleaseError) {
        do {
            try StateFile.makeFolder(Self.folder(prefix: prefix), mode: 0o700, narrow: true)
            try AtomicFile.write(try StableJSON.encode(self), to: Self.path(prefix: prefix), mode: 0o600)
        } catch let error as FileError {
            throw .file(error)
        } catch {
            throw .unusableInput("cannot encode the pinned trust")
        }
    }
}
