import Crypto
import SrooterEncoding

/// An access key as stored: never the secret, only its SHA-256.
public struct AccessKey: Sendable, Equatable, Codable {
    /// The public part of the key (`sk-srt-<id>_...`), safe to show and log.
    public let id: String
    /// The lower-case hex SHA-256 of the whole key.
    public let sha256: String
    public let user: String
    public let team: String?
    public let createdAt: String
    public let revokedAt: String?
}

/// Making, parsing and checking `sk-srt-` keys. Pure functions; the store persists the result.
public enum AccessKeyFormat {
    /// Every srooter key starts with this.
    public static let prefix = "sk-srt-"

    /// A new key: the id (12 hex digits) and the full secret `sk-srt-<id>_<64 hex digits>`.
    public static func generate() -> (id: String, secret: String) {
        var generator = SystemRandomNumberGenerator()
        let id = Hex.encode((0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let secret = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return (id, "\(prefix)\(id)_\(secret)")
    }

    /// The id inside a presented key, or nil when it is not shaped like a srooter key.
    public static func id(of presented: String) -> String? {
        guard presented.hasPrefix(prefix) else { return nil }
        let rest = presented.utf8.dropFirst(prefix.utf8.count)
        guard let underscore = rest.firstIndex(of: UInt8(ascii: "_")) else { return nil }
        let id = String(decoding: rest[rest.startIndex..<underscore], as: UTF8.self)
        guard id.utf8.count == 12, id.utf8.allSatisfy(Hex.isLowerHexDigit) else { return nil }
        return id
    }

    /// The SHA-256 of a key, as raw bytes.
    public static func digest(_ key: String) -> [UInt8] { Array(Crypto.SHA256.hash(data: Array(key.utf8))) }

    /// Whether two digests are equal, in time independent of where they differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool { constantTimeEqual(bytes: a, b) }

    /// Whether two byte sequences are equal, in time independent of where they differ: inputs of
    /// equal length are read in full, every byte once, with no early exit (tests count the reads);
    /// only a length difference returns at once.
    public static func constantTimeEqual<A: Collection<UInt8>, B: Collection<UInt8>>(bytes a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

/// Access keys as stored: `id_index` (blind index of the id) is the row key, `user_index` lets a
/// user's keys be revoked together, `sealed` holds id, user and team with `id_index` as associated
/// data. `sha256` (of a random 256-bit secret) and the dates are plain.
extension Store {
    /// Creates a key for `user` and returns it with its secret, which is not stored and cannot be shown again.
    public func createAccessKey(user: String, team: String?) async throws(StoreError) -> (key: AccessKey, secret: String) {
        let (key, secret) = Self.newKey(user: user, team: team)
        let sealer = try self.sealer(Self.keyTable)
        try await perform { connection throws(StoreError) in try Self.insert(key, connection, sealer) }
        return (key, secret)
    }

    /// Every key, revoked ones included, oldest first.
    public func accessKeys() async throws(StoreError) -> [AccessKey] {
        let sealer = try self.sealer(Self.keyTable)
        return try await perform { connection throws(StoreError) in try Self.readKeys(connection, sealer) }
    }

    /// Revokes a key by id; revoking twice is an error naming the id.
    public func revokeAccessKey(id: String) async throws(StoreError) {
        let sealer = try self.sealer(Self.keyTable)
        try await perform { connection throws(StoreError) in try Self.revoke(id: id, connection, sealer) }
    }

    static let keyTable = "access_keys"

    static func newKey(user: String, team: String?) -> (AccessKey, String) {
        let (id, secret) = AccessKeyFormat.generate()
        let key = AccessKey(
            id: id, sha256: Hex.encode(AccessKeyFormat.digest(secret)), user: user, team: team,
            createdAt: Timestamp.now(), revokedAt: nil)
        return (key, secret)
    }

    /// Inserts a key. A key of a user in the directory may name only that user's team (the
    /// directory decides the caller's org and team; a key's team is used only for a user the
    /// directory does not know).
    static func insert(_ key: AccessKey, _ connection: SQLiteConnection, _ sealer: SealedFields) throws(StoreError) {
        try StoredName.check(key.user, "user name")
        try StoredName.check(key.team, "team name")
        if let team = key.team {
            let member = try connection.prepare("SELECT team_index IS ? FROM users WHERE name_index = ?")
            member.bind(1, sealer.index(team, .team))
            member.bind(2, sealer.index(key.user, .user))
            if try member.step(), member.int(0) != 1 {
                throw StoreError.refused(reason: "user '\(key.user)' is not in team '\(team)' (leave --team out: the directory places the user)")
            }
        }
        let row = sealer.index(key.id, .keyID)
        let statement = try connection.prepare(
            "INSERT INTO access_keys (id_index, user_index, sha256, sealed, created_at) VALUES (?, ?, ?, ?, ?)")
        statement.bind(1, row)
        statement.bind(2, sealer.index(key.user, .keyUser))
        statement.bind(3, key.sha256)
        statement.bind(4, sealer.seal([key.id, key.user, key.team], row: row))
        statement.bind(5, key.createdAt)
        _ = try statement.step()
    }

    static func revoke(id: String, _ connection: SQLiteConnection, _ sealer: SealedFields) throws(StoreError) {
        let statement = try connection.prepare("UPDATE access_keys SET revoked_at = ? WHERE id_index = ? AND revoked_at IS NULL")
        statement.bind(1, Timestamp.now())
        statement.bind(2, sealer.index(id, .keyID))
        _ = try statement.step()
        guard connection.changes == 1 else { throw StoreError.notFound(what: "an active access key with id \(id)") }
    }

    private static func readKeys(_ connection: SQLiteConnection, _ sealer: SealedFields) throws(StoreError) -> [AccessKey] {
        let statement = try connection.prepare(
            "SELECT id_index, sha256, sealed, created_at, revoked_at FROM access_keys ORDER BY created_at, id_index")
        var keys: [AccessKey] = []
        while try statement.step() {
            let row = statement.string(0) ?? ""
            let fields = try sealer.open(statement.string(2), row: row, count: 3, path: connection.path)
            keys.append(
                AccessKey(
                    id: fields[0] ?? "", sha256: statement.string(1) ?? "", user: fields[1] ?? "", team: fields[2],
                    createdAt: statement.string(3) ?? "", revokedAt: statement.string(4)))
        }
        return keys
    }
}
