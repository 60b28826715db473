import CSodium

/// A decrypted minisign secret key. Its bytes live in memory this object owns and are wiped
/// when it goes away (a class, not a struct, so the secret is never implicitly copied).
///
/// File layout (158 bytes, base64): `"Ed"`, KDF (`"Sc"` scrypt, or two zero bytes when
/// unencrypted), `"B2"`, salt (32), opslimit (u64 LE), memlimit (u64 LE), then 104 bytes =
/// key id (8) + Ed25519 secret key (64) + BLAKE2b-256 checksum (32), XORed with scrypt output
/// when encrypted.
public final class MinisignSecretKey: @unchecked Sendable {  // immutable after init
    /// Which key this is.
    public let keyID: KeyID
    /// seed (32) + public key (32), in memory this value owns and wipes.
    private let secret: UnsafeMutableBufferPointer<UInt8>

    static let encodedLength = 158
    static let protectedLength = 104
    static let scryptAlgorithm: [UInt8] = Array("Sc".utf8)
    static let checksumAlgorithm: [UInt8] = Array("B2".utf8)
    /// Secret key files are two short lines; anything larger is not one.
    public static let maxFileSize = 4096

    /// A new random key.
    public static func generate() -> MinisignSecretKey {
        let pair = Ed25519.generate()
        var bytes = pair.secretKey
        defer { Sodium.wipe(&bytes) }
        return MinisignSecretKey(keyID: .random(), secret: bytes[...])
    }

    private init(keyID: KeyID, secret: ArraySlice<UInt8>) {
        self.keyID = keyID
        self.secret = Self.store(secret)
    }

    private static func store(_ bytes: ArraySlice<UInt8>) -> UnsafeMutableBufferPointer<UInt8> {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Ed25519.secretKeyLength)
        _ = buffer.initialize(from: bytes)
        return buffer
    }

    deinit {
        sodium_memzero(secret.baseAddress!, secret.count)
        secret.deallocate()
    }

    /// The matching public key.
    public var publicKey: MinisignPublicKey {
        MinisignPublicKey(keyID: keyID, key: Array(secret[32..<64]))
    }

    /// Ed25519 signature of `message`.
    func sign(_ message: [UInt8]) -> [UInt8] {
        Ed25519.sign(message, secretKey: UnsafeBufferPointer(secret))
    }

    private static func checksum(keyID: KeyID, secret: ArraySlice<UInt8>) -> [UInt8] {
        var input = MinisignPublicKey.algorithm + keyID.bytes + Array(secret)
        defer { Sodium.wipe(&input) }
        return Blake2b.hash(input, outputLength: 32)
    }

    /// The key file text; scrypt-encrypted with minisign's default limits unless `password` is nil.
    public func fileText(password: [UInt8]?) -> String {
        let salt = Sodium.randomBytes(32)
        var protected = keyID.bytes + Array(secret) + Self.checksum(keyID: keyID, secret: Array(secret)[...])
        defer { Sodium.wipe(&protected) }
        var kdf: [UInt8] = [0, 0]
        if let password {
            kdf = Self.scryptAlgorithm
            var stream = Scrypt.derive(
                password: password, salt: salt, opsLimit: Scrypt.defaultOpsLimit,
                memLimit: Scrypt.defaultMemLimit, length: Self.protectedLength) ?? []
            defer { Sodium.wipe(&stream) }
            precondition(stream.count == Self.protectedLength, "scrypt could not allocate its memory")
            for index in protected.indices { protected[index] ^= stream[index] }
        }
        var blob = MinisignPublicKey.algorithm + kdf + Self.checksumAlgorithm + salt
        blob += littleEndian(Scrypt.defaultOpsLimit) + littleEndian(Scrypt.defaultMemLimit) + protected
        defer { Sodium.wipe(&blob) }
        let comment = password == nil ? "srooter unencrypted secret key" : "srooter encrypted secret key"
        return "\(MinisignText.untrustedPrefix)\(comment)\n\(Sodium.base64(blob))\n"
    }

    /// Parses a secret key file, decrypting it with `password` when it is encrypted.
    /// - Parameter password: called only when the key is encrypted, so no prompt appears for an
    ///   unencrypted key.
    public convenience init(
        fileBytes: [UInt8], file: String, password: () throws(SigningError) -> [UInt8]
    ) throws(SigningError) {
        let lines = try MinisignText.lines(fileBytes, expected: 2, file: file)
        _ = try MinisignText.untrustedComment(lines[0], file: file)
        var blob = try MinisignText.blob(lines[1], length: Self.encodedLength, file: file, what: "the secret key")
        defer { Sodium.wipe(&blob) }
        guard Array(blob[0..<2]) == MinisignPublicKey.algorithm else {
            throw .malformed(file: file, reason: "unsupported signature algorithm")
        }
        guard Array(blob[4..<6]) == Self.checksumAlgorithm else {
            throw .malformed(file: file, reason: "unsupported checksum algorithm")
        }
        let kdf = Array(blob[2..<4])
        var protected = Array(blob[54..<158])
        defer { Sodium.wipe(&protected) }
        let encrypted: Bool
        if kdf == Self.scryptAlgorithm {
            encrypted = true
            var pw = try password()
            defer { Sodium.wipe(&pw) }
            let ops = Self.readLittleEndian(blob[38..<46])
            let mem = Self.readLittleEndian(blob[46..<54])
            // A hostile key file must not make srooter allocate or spin without bound.
            guard ops <= 4 * Scrypt.defaultOpsLimit, mem <= 2 * Scrypt.defaultMemLimit else {
                throw .malformed(file: file, reason: "scrypt limits exceed what srooter accepts")
            }
            guard var stream = Scrypt.derive(
                password: pw, salt: Array(blob[6..<38]), opsLimit: ops, memLimit: mem,
                length: Self.protectedLength)
            else { throw .malformed(file: file, reason: "scrypt limits are unusable") }
            defer { Sodium.wipe(&stream) }
            for index in protected.indices { protected[index] ^= stream[index] }
        } else if kdf == [0, 0] {
            encrypted = false
        } else {
            throw .malformed(file: file, reason: "unsupported key derivation algorithm")
        }
        let id = KeyID(checked: protected[0..<8])
        let stored = Array(protected[72..<104])
        // minisign writes an all-zero checksum for unencrypted keys.
        let unchecked = !encrypted && stored.allSatisfy { $0 == 0 }
        if !unchecked, !Sodium.equal(stored, Self.checksum(keyID: id, secret: protected[8..<72])) {
            throw encrypted ? .wrongPassword(keyFile: file) : .malformed(file: file, reason: "checksum mismatch")
        }
        let derived = protected[8..<72].withUnsafeBufferPointer { Ed25519.publicKey(ofSecretKey: $0) }
        guard derived == Array(protected[40..<72]) else {
            throw encrypted ? .wrongPassword(keyFile: file) : .malformed(file: file, reason: "inconsistent key")
        }
        self.init(keyID: id, secret: protected[8..<72])
    }

    /// Reads, parses and (when needed) decrypts a secret key file.
    public convenience init(contentsOf path: String, password: () throws(SigningError) -> [UInt8]) throws(SigningError) {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: Self.maxFileSize) } catch { throw .file(error) }
        try self.init(fileBytes: bytes, file: path, password: password)
    }

    private static func readLittleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}

private func littleEndian(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
}
