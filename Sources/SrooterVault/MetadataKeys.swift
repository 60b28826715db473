import Crypto
import SrooterEncoding
import SrooterStore

/// The keys that encrypt stored metadata (audit records, and the names in the store's tables as its
/// `MetadataCipher`) and compute blind indexes.
///
/// A random 32-byte metadata root key is generated once and stored wrapped by the master key
/// (so rotating the master key rewraps one key instead of re-encrypting history). From it, HKDF-SHA256
/// derives an AES-256-GCM key (info `srooter metadata encryption v1`) and an HMAC-SHA256 key for
/// blind indexes (info `srooter metadata blind index v1`).
public struct MetadataKeys: MetadataCipher {
    let encryption: SymmetricKey
    let index: SymmetricKey

    /// Derives both keys from the root key.
    public init(root: SymmetricKey) {
        let salt = Array("srooter-metadata".utf8)
        encryption = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: root, salt: salt, info: Array("srooter metadata encryption v1".utf8), outputByteCount: 32)
        index = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: root, salt: salt, info: Array("srooter metadata blind index v1".utf8), outputByteCount: 32)
    }

    /// Seals `plaintext` bound to `context` (for audit records: the record id); hex of nonce ‖ ciphertext ‖ tag.
    public func seal(_ plaintext: [UInt8], context: [UInt8]) -> String {
        // AES-GCM with a 256-bit key and a fresh random 96-bit nonce cannot fail.
        guard let nonce = try? AES.GCM.Nonce(data: SecureRandom.unique(12)),
            let box = try? AES.GCM.seal(plaintext, using: encryption, nonce: nonce, authenticating: context), let combined = box.combined
        else {
            preconditionFailure("AES-GCM seal failed")
        }
        return Hex.encode(combined)
    }

    /// Opens what `seal` made with the same context, or nil when it was altered or moved.
    public func open(_ sealed: String, context: [UInt8]) -> [UInt8]? {
        guard let combined = Hex.decode(sealed), let box = try? AES.GCM.SealedBox(combined: combined) else { return nil }
        return try? Array(AES.GCM.open(box, using: encryption, authenticating: context))
    }

    /// The blind index of a value in a named column: HMAC-SHA256 under the index key, hex.
    /// Equal values give equal indexes (that much is visible to a reader of the file); nothing else is.
    public func blindIndex(_ value: String, column: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array("\(column)\0\(value)".utf8), using: index))
    }
}
