import Synchronization

/// What the store needs to keep names out of the database file: AES-256-GCM sealing bound to
/// associated data, and keyed blind indexes (HMAC) for the columns it looks rows up by.
///
/// `SrooterVault.MetadataKeys` conforms; the vault hands it to the store when it opens
/// (`Store.attach(cipher:)`), since the store is opened first and holds the vault's wrapped keys.
public protocol MetadataCipher: Sendable {
    /// Seals `plaintext` bound to `context`; hex of nonce ‖ ciphertext ‖ tag.
    func seal(_ plaintext: [UInt8], context: [UInt8]) -> String
    /// Opens what `seal` made with the same context, or nil when it was altered or moved to another row.
    func open(_ sealed: String, context: [UInt8]) -> [UInt8]?
    /// A keyed hash of `value` for the named column: equal values in one column give equal indexes.
    func blindIndex(_ value: String, column: String) -> String
}

/// The blind-index labels, one per kind of name. A column that refers to another table's row
/// uses that table's label (so foreign keys still match); otherwise each column has its own, and
/// the same name gives unrelated indexes in different columns.
enum IndexColumn: String {
    case keyID = "access_keys.id"
    case keyUser = "access_keys.user"
    case org = "directory.org"
    case team = "directory.team"
    case user = "directory.user"
    case grant = "role_grants.row"
    case grantScope = "role_grants.scope"
    case policyScope = "policies.scope"
    case ledgerScope = "budget.scope"
    case credential = "vault_credentials.name"
    case routingRequest = "routing_features.request"
    case routingScope = "routing_features.scope"
}

/// The sealed part of a row: its private fields laid out by `SealedFieldLayout`, sealed with `srooter-store-v1 ‖ table ‖ row index` as
/// associated data, so a blob copied to another row or table fails to open.
struct SealedFields: Sendable {
    let cipher: any MetadataCipher
    let table: String

    /// The blind index of `value` in `column`.
    func index(_ value: String, _ column: IndexColumn) -> String { cipher.blindIndex(value, column: column.rawValue) }

    /// Seals `fields` for the row whose key (blind index) is `row`.
    func seal(_ fields: [String?], row: String) -> String {
        cipher.seal(SealedFieldLayout.encode(fields), context: context(row))
    }

    /// The `count` fields of a row's sealed blob; `.unreadable` when it does not open (altered, or moved from another row).
    func open(_ sealed: String?, row: String, count: Int, path: String) throws(StoreError) -> [String?] {
        guard let sealed, let plain = cipher.open(sealed, context: context(row)),
            let fields = SealedFieldLayout.decode(plain, count: count)
        else { throw StoreError.unreadable(path: path, table: table) }
        return fields
    }

    private func context(_ row: String) -> [UInt8] { Array("srooter-store-v1\0\(table)\0\(row)".utf8) }
}

/// The cipher a store uses once the vault has opened; nil until then.
final class CipherSlot: Sendable {
    private let slot = Mutex<(any MetadataCipher)?>(nil)

    func set(_ cipher: any MetadataCipher) { slot.withLock { $0 = cipher } }
    var current: (any MetadataCipher)? { slot.withLock { $0 } }
}

extension Store {
    /// Hands the store the metadata cipher (the vault does this when it opens). Until then every
    /// call that reads or writes names fails with `.locked`.
    public func attach(cipher: any MetadataCipher) { cipherSlot.set(cipher) }

    /// Whether a cipher is attached.
    public var isUnlocked: Bool { cipherSlot.current != nil }

    /// The sealing helper for `table`, or `.locked` when no cipher is attached yet.
    func sealer(_ table: String) throws(StoreError) -> SealedFields {
        guard let cipher = cipherSlot.current else { throw StoreError.locked(path: path) }
        return SealedFields(cipher: cipher, table: table)
    }
}
