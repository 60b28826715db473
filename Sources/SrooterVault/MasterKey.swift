import Crypto
import SrooterEncoding
import SrooterStore

/// The vault's master key: 32 bytes that wrap every data key. It never touches the database;
/// only its check value does, so a wrong key is refused before anything is written.
public struct MasterKey: Sendable {
    let key: SymmetricKey
    /// Where it came from (`SROOTER_MASTER_KEY`, or a file path), for messages.
    public let source: String

    /// A key from its 32 raw bytes.
    public init(bytes: [UInt8], source: String) throws(VaultError) {
        guard bytes.count == 32 else { throw VaultError.badMasterKey(source: source, reason: "it is \(bytes.count) bytes, not 32") }
        key = SymmetricKey(data: bytes)
        self.source = source
    }

    /// A key from base64 text (the environment variable and key files hold this).
    public init(base64 text: String, source: String) throws(VaultError) {
        guard var bytes = Base64.decode(text) else { throw VaultError.badMasterKey(source: source, reason: "it is not base64") }
        defer { SecretBytes.zero(&bytes) }
        try self.init(bytes: bytes, source: source)
    }

    /// A new random key.
    public static func generate(source: String) -> MasterKey {
        var bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        defer { SecretBytes.zero(&bytes) }
        // 32 bytes by construction.
        return (try? MasterKey(bytes: bytes, source: source)) ?? MasterKey(unchecked: SymmetricKey(size: .bits256), source: source)
    }

    private init(unchecked key: SymmetricKey, source: String) {
        self.key = key
        self.source = source
    }

    /// The key as base64, for writing a key file.
    public func base64() -> String { key.withUnsafeBytes { Base64.encode(Array($0)) } }

    /// The key check value stored in the database: HMAC-SHA256 of a fixed label. It reveals nothing
    /// about the key and tells a wrong key from the right one.
    public var checkValue: String {
        Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Array("srooter master key check v1".utf8), using: key)))
    }

    /// A short public id of the key (the first 12 hex digits of its check value), safe to print.
    public var id: String { String(checkValue.prefix(12)) }
}
