/// Why a key or signature could not be made, read or trusted. Every message names the file.
public enum SigningError: SrooterError, Equatable {
    /// A key or signature file breaks minisign's format (bad base64, wrong length, stray `\r`, ...).
    case malformed(file: String, reason: String)
    /// The trusted comment holds control characters other than tab.
    case unprintableTrustedComment(file: String)
    /// A legacy (`Ed`, not prehashed) signature, refused unless explicitly allowed.
    case legacySignature(file: String)
    /// The signature names a different key than the one given.
    case keyIDMismatch(signatureID: KeyID, signatureFile: String, keyID: KeyID, keyFile: String)
    /// The signing key's id is on the revocation list.
    case revokedKey(id: KeyID, list: String)
    /// No public key in the trust folder has the signature's key id.
    case untrustedKey(id: KeyID, signatureFile: String, trustDir: String)
    /// The signature over the file's BLAKE2b-512 hash does not verify.
    case badSignature(file: String, signatureFile: String)
    /// The global signature over the signature and trusted comment does not verify.
    case badTrustedComment(signatureFile: String)
    /// The password does not decrypt the secret key.
    case wrongPassword(keyFile: String)
    /// An encrypted secret key was given but no password source was available.
    case passwordRequired(keyFile: String)
    /// The trust folder is missing or holds no public keys.
    case emptyTrustDir(path: String)
    /// A revocation list line is not a 16-digit hex key id.
    case badRevocationEntry(list: String, line: Int)
    /// A file could not be read or written.
    case file(FileError)

    public var kind: FailureKind {
        switch self {
        case .legacySignature, .keyIDMismatch, .revokedKey, .untrustedKey, .badSignature, .badTrustedComment:
            .verificationFailed
        case .malformed, .unprintableTrustedComment, .wrongPassword, .passwordRequired, .emptyTrustDir,
            .badRevocationEntry:
            .unusableInput
        case .file(let error): error.kind
        }
    }

    public var description: String {
        switch self {
        case .malformed(let file, let reason): "\(file): \(reason)"
        case .unprintableTrustedComment(let file):
            "\(file): the trusted comment contains unprintable characters"
        case .legacySignature(let file):
            "\(file): legacy non-prehashed (Ed) signature refused; pass --allow-legacy to accept it"
        case .keyIDMismatch(let sigID, let sigFile, let keyID, let keyFile):
            "\(sigFile): signed by key \(sigID.hex), but \(keyFile) is key \(keyID.hex)"
        case .revokedKey(let id, let list): "key \(id.hex) is revoked (listed in \(list))"
        case .untrustedKey(let id, let sigFile, let dir):
            "\(sigFile): signed by key \(id.hex), which is not among the trusted keys in \(dir)"
        case .badSignature(let file, let sigFile):
            "\(file): signature verification failed against \(sigFile): the file was modified or signed by another key"
        case .badTrustedComment(let sigFile):
            "\(sigFile): the trusted comment's signature does not verify: the comment was modified"
        case .wrongPassword(let keyFile): "\(keyFile): wrong password, or the secret key is corrupt"
        case .passwordRequired(let keyFile):
            "\(keyFile): the secret key is encrypted; give --password-file, set SROOTER_KEY_PASSWORD, or run on a terminal"
        case .emptyTrustDir(let path): "\(path): no trusted public keys (*.pub) found"
        case .badRevocationEntry(let list, let line):
            "\(list): line \(line) is not a 16-digit hex key id"
        case .file(let error): error.description
        }
    }
}
