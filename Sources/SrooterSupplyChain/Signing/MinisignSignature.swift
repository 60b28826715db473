/// A minisign signature file (`FILE.minisig`), four lines:
/// untrusted comment, base64(algorithm + key id + signature), trusted comment, base64(global signature).
///
/// The global signature covers the 64-byte signature followed by the trusted comment's text,
/// so the comment cannot be changed or moved to another signature.
public struct MinisignSignature: Sendable, Equatable {
    /// How the file was signed.
    public enum Algorithm: Sendable, Equatable {
        /// `ED`: Ed25519 over BLAKE2b-512 of the file. The only kind srooter writes.
        case prehashed
        /// `Ed`: Ed25519 over the raw file. Accepted only when explicitly allowed.
        case legacy
    }

    public let algorithm: Algorithm
    public let keyID: KeyID
    public let signature: [UInt8]
    public let untrustedComment: String
    /// The trusted comment's text, without the `trusted comment: ` prefix.
    public let trustedComment: String
    public let globalSignature: [UInt8]

    /// Signature files larger than this are refused before parsing.
    public static let maxFileSize = 16 * 1024
    static let encodedLength = 74
    static let maxUntrustedCommentLength = 1024
    static let maxTrustedLineLength = 8192

    init(
        algorithm: Algorithm, keyID: KeyID, signature: [UInt8], untrustedComment: String,
        trustedComment: String, globalSignature: [UInt8]
    ) {
        self.algorithm = algorithm
        self.keyID = keyID
        self.signature = signature
        self.untrustedComment = untrustedComment
        self.trustedComment = trustedComment
        self.globalSignature = globalSignature
    }

    /// Parses signature file bytes; `file` names the file in errors.
    public init(fileBytes: [UInt8], file: String) throws(SigningError) {
        let lines = try MinisignText.lines(fileBytes, expected: 4, file: file)
        let untrusted = try MinisignText.untrustedComment(lines[0], file: file)
        guard lines[0].utf8.count < Self.maxUntrustedCommentLength else {
            throw .malformed(file: file, reason: "untrusted comment is longer than 1023 bytes")
        }
        let blob = try MinisignText.blob(lines[1], length: Self.encodedLength, file: file, what: "the signature")
        switch (blob[0], blob[1]) {
        case (UInt8(ascii: "E"), UInt8(ascii: "D")): algorithm = .prehashed
        case (UInt8(ascii: "E"), UInt8(ascii: "d")): algorithm = .legacy
        default: throw .malformed(file: file, reason: "unsupported signature algorithm")
        }
        keyID = KeyID(checked: blob[2..<10])
        signature = Array(blob[10..<74])
        guard lines[2].hasPrefix(MinisignText.trustedPrefix) else {
            throw .malformed(file: file, reason: "third line does not start with \"\(MinisignText.trustedPrefix)\"")
        }
        guard lines[2].utf8.count < Self.maxTrustedLineLength else {
            throw .malformed(file: file, reason: "trusted comment is longer than 8191 bytes")
        }
        let trusted = lines[2].dropFirst(MinisignText.trustedPrefix.count)
        guard MinisignText.isPrintable(trusted) else { throw .unprintableTrustedComment(file: file) }
        trustedComment = String(trusted)
        untrustedComment = String(untrusted)
        globalSignature = try MinisignText.blob(lines[3], length: 64, file: file, what: "the global signature")
    }

    /// Reads and parses a signature file, refusing files over ``maxFileSize`` before reading them.
    public init(contentsOf path: String) throws(SigningError) {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: Self.maxFileSize) } catch { throw .file(error) }
        try self.init(fileBytes: bytes, file: path)
    }

    /// The file text, in the layout minisign writes.
    public var fileText: String {
        let tag: [UInt8] = algorithm == .prehashed ? Array("ED".utf8) : Array("Ed".utf8)
        return """
            \(MinisignText.untrustedPrefix)\(untrustedComment)
            \(Sodium.base64(tag + keyID.bytes + signature))
            \(MinisignText.trustedPrefix)\(trustedComment)
            \(Sodium.base64(globalSignature))

            """
    }
}
