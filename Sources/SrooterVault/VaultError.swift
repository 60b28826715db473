/// A vault failure. Messages name the credential or the key source and what to do, never a secret.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The master key could not be read or is malformed.
    case badMasterKey(source: String, reason: String)
    /// The key file's permissions let other users read it.
    case keyFileTooOpen(path: String, mode: Int)
    /// The database was set up with another master key.
    case wrongMasterKey(source: String)
    /// The database has encrypted data but no master key was found.
    case missingMasterKey(expected: String)
    /// One credential's ciphertext or wrapped key does not open: corrupted, or moved from another row.
    case corrupted(name: String)
    /// No such credential.
    case unknownCredential(name: String)
    /// The credential exists already.
    case duplicateCredential(name: String)
    /// The secret given to `add` or `rotate` was empty or unreadable.
    case unusableSecret(reason: String)
    /// A database failure.
    case storage(String)
    /// A file could not be written or read.
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case .badMasterKey(let source, let reason):
            "master key from \(source) is unusable: \(reason) (it must be 32 random bytes in base64, e.g. `head -c32 /dev/urandom | base64`)"
        case .keyFileTooOpen(let path, let mode):
            "master key file \(path) has mode \(String(mode, radix: 8)); other users must not read it: chmod 600 \(path)"
        case .wrongMasterKey(let source):
            "the master key from \(source) is not the one this database was encrypted with; nothing was changed (set SROOTER_MASTER_KEY or vault.master_key_file to the right key)"
        case .missingMasterKey(let expected):
            "this database holds encrypted data but no master key was found (looked for SROOTER_MASTER_KEY, then \(expected)); restore the key, nothing was changed"
        case .corrupted(let name):
            "credential \(name) cannot be decrypted: its stored ciphertext is corrupted or belongs to another row; run `srooter credentials rotate \(name)` to store it again"
        case .unknownCredential(let name): "no credential named \(name) (see `srooter credentials list`)"
        case .duplicateCredential(let name): "a credential named \(name) exists already (use `srooter credentials rotate \(name)`)"
        case .unusableSecret(let reason): "the credential's secret is unusable: \(reason)"
        case .storage(let reason): reason
        case .file(let path, let reason): "\(path): \(reason)"
        }
    }
}
