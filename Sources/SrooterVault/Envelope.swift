import Crypto
import SrooterEncoding
import SrooterStore

/// Envelope encryption, pure: a secret is sealed with AES-256-GCM under its own random data key,
/// and the data key is sealed under the master key. Both seals bind the credential's name and
/// provider as associated data, so a ciphertext or wrapped key copied to another row fails to open.
///
/// Stored form of each seal: hex of nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).
public enum Envelope {
    /// Seals `secret` for the row (`name`, `provider`).
    public static func seal(_ secret: SecretBytes, name: String, provider: String, master: MasterKey) throws(VaultError) -> (wrappedKey: String, ciphertext: String) {
        let dataKey = SymmetricKey(size: .bits256)
        do {
            let ciphertext = try secret.withBytes { bytes in
                try AES.GCM.seal(bytes, using: dataKey, authenticating: associatedData("secret", name, provider))
            }
            let wrapped = try dataKey.withUnsafeBytes { bytes in
                try AES.GCM.seal(bytes, using: master.key, authenticating: associatedData("data-key", name, provider))
            }
            guard let c = ciphertext.combined, let w = wrapped.combined else { throw VaultError.corrupted(name: name) }
            return (Hex.encode(Array(w)), Hex.encode(Array(c)))
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.storage("credential \(name): encryption failed")
        }
    }

    /// Opens a stored row's secret, or fails with `.corrupted(name)` for that row alone.
    public static func open(_ row: SealedCredentialRow, master: MasterKey) throws(VaultError) -> SecretBytes {
        let dataKey = try unwrap(row, master: master)
        guard let combined = Hex.decode(row.ciphertext),
              let box = try? AES.GCM.SealedBox(combined: combined),
              var plain = try? Array(AES.GCM.open(box, using: dataKey, authenticating: associatedData("secret", row.name, row.provider)))
        else { throw VaultError.corrupted(name: row.name) }
        return SecretBytes(consuming: &plain)
    }

    /// The row's data key wrapped again under `new` (master key rotation; the ciphertext is untouched).
    public static func rewrap(_ row: SealedCredentialRow, from old: MasterKey, to new: MasterKey) throws(VaultError) -> String {
        let dataKey = try unwrap(row, master: old)
        guard let wrapped = try? dataKey.withUnsafeBytes({ bytes in
            try AES.GCM.seal(bytes, using: new.key, authenticating: associatedData("data-key", row.name, row.provider))
        }), let combined = wrapped.combined else { throw VaultError.corrupted(name: row.name) }
        return Hex.encode(Array(combined))
    }

    private static func unwrap(_ row: SealedCredentialRow, master: MasterKey) throws(VaultError) -> SymmetricKey {
        guard let combined = Hex.decode(row.wrappedKey),
              let box = try? AES.GCM.SealedBox(combined: combined),
              var bytes = try? Array(AES.GCM.open(box, using: master.key, authenticating: associatedData("data-key", row.name, row.provider))),
              bytes.count == 32
        else { throw VaultError.corrupted(name: row.name) }
        defer { SecretBytes.zero(&bytes) }
        return SymmetricKey(data: bytes)
    }

    /// `srooter-vault-v1`, the purpose, the name and the provider, NUL-separated (names cannot hold NUL).
    static func associatedData(_ purpose: String, _ name: String, _ provider: String) -> [UInt8] {
        Array("srooter-vault-v1\0\(purpose)\0\(name)\0\(provider)".utf8)
    }
}
