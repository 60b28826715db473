/// What a signature proved: which key signed, and the comment it vouches for.
public struct VerifiedSignature: Sendable, Equatable {
    /// The signer's key id.
    public let keyID: KeyID
    /// The public key file that verified it.
    public let keyFile: String
    /// The trusted comment, covered by the global signature.
    public let trustedComment: String
}

/// Checks minisign signatures in minisign's order: key ids equal, the signature over the content
/// (its BLAKE2b-512 when prehashed), then the global signature over signature + trusted comment.
public enum SignatureVerifier {
    /// What was signed.
    public enum Content {
        /// A file on disk, hashed as a stream.
        case file(String)
        /// Bytes in memory, named for messages.
        case bytes([UInt8], name: String)

        var name: String {
            switch self {
            case .file(let path): path
            case .bytes(_, let name): name
            }
        }
    }

    /// Legacy signatures must hold the whole file in memory; refuse files larger than this.
    public static let legacyFileLimit = 1 << 30

    /// Verifies `signature` over `content` with one public key.
    public static func verify(
        _ content: Content, signature: MinisignSignature, signatureFile: String,
        key: MinisignPublicKey, keyFile: String, allowLegacy: Bool = false
    ) throws(SigningError) -> VerifiedSignature {
        guard signature.keyID == key.keyID else {
            throw .keyIDMismatch(
                signatureID: signature.keyID, signatureFile: signatureFile, keyID: key.keyID, keyFile: keyFile)
        }
        if signature.algorithm == .legacy, !allowLegacy { throw .legacySignature(file: signatureFile) }
        let message: [UInt8]
        do {
            switch (signature.algorithm, content) {
            case (.prehashed, .file(let path)): message = try Blake2b.hashFile(path)
            case (.prehashed, .bytes(let bytes, _)): message = Blake2b.hash(bytes)
            case (.legacy, .file(let path)): message = try FileReader.read(path, limit: legacyFileLimit)
            case (.legacy, .bytes(let bytes, _)): message = bytes
            }
        } catch { throw .file(error) }
        guard Ed25519.verify(signature.signature, message: message, publicKey: key.key) else {
            throw .badSignature(file: content.name, signatureFile: signatureFile)
        }
        let covered = signature.signature + Array(signature.trustedComment.utf8)
        guard Ed25519.verify(signature.globalSignature, message: covered, publicKey: key.key) else {
            throw .badTrustedComment(signatureFile: signatureFile)
        }
        return VerifiedSignature(keyID: key.keyID, keyFile: keyFile, trustedComment: signature.trustedComment)
    }

    /// Verifies `signature` against the trust store: the key with the signature's id, unless revoked.
    public static func verify(
        _ content: Content, signature: MinisignSignature, signatureFile: String,
        trust: TrustStore, allowLegacy: Bool = false
    ) throws(SigningError) -> VerifiedSignature {
        let (keyFile, key) = try trust.key(for: signature.keyID, signatureFile: signatureFile)
        return try verify(
            content, signature: signature, signatureFile: signatureFile, key: key, keyFile: keyFile,
            allowLegacy: allowLegacy)
    }
}
