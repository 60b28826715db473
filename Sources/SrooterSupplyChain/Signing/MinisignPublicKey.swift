/// A minisign public key: `"Ed"` + key id (8 bytes) + Ed25519 public key (32 bytes),
/// stored as a comment line and a base64 line.
public struct MinisignPublicKey: Sendable, Equatable {
    /// Which key this is.
    public let keyID: KeyID
    /// The raw Ed25519 public key.
    public let key: [UInt8]

    static let algorithm: [UInt8] = Array("Ed".utf8)
    static let encodedLength = 42
    /// Public key files are two short lines; anything larger is not one.
    public static let maxFileSize = 4096

    init(keyID: KeyID, key: [UInt8]) {
        self.keyID = keyID
        self.key = key
    }

    /// Parses the base64 line alone (what `minisign -P` takes).
    public init(base64 line: Substring, file: String) throws(SigningError) {
        let blob = try MinisignText.blob(line, length: Self.encodedLength, file: file, what: "the public key")
        guard Array(blob[0..<2]) == Self.algorithm else {
            throw .malformed(file: file, reason: "unsupported public key algorithm")
        }
        keyID = KeyID(checked: blob[2..<10])
        key = Array(blob[10..<42])
    }

    /// Parses a public key file's bytes.
    public init(fileBytes: [UInt8], file: String) throws(SigningError) {
        let lines = try MinisignText.lines(fileBytes, expected: 2, file: file)
        _ = try MinisignText.untrustedComment(lines[0], file: file)
        try self.init(base64: lines[1], file: file)
    }

    /// Reads and parses a public key file.
    public init(contentsOf path: String) throws(SigningError) {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: Self.maxFileSize) } catch { throw .file(error) }
        try self.init(fileBytes: bytes, file: path)
    }

    /// The base64 line.
    public var base64: String { Sodium.base64(Self.algorithm + keyID.bytes + key) }

    /// The file text, in the layout `minisign -G` writes.
    public var fileText: String {
        "\(MinisignText.untrustedPrefix)srooter public key \(keyID.hex)\n\(base64)\n"
    }
}
