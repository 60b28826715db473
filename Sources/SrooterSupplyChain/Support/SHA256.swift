import CSodium

/// SHA-256 through libsodium, fed incrementally so a file of any size hashes in constant memory.
public struct SHA256: ~Copyable {
    /// Allocated by hand, as ``Blake2b`` does, so the state never moves while libsodium holds it.
    private let state: UnsafeMutablePointer<crypto_hash_sha256_state>

    /// The digest length in bytes.
    public static let byteCount = 32

    /// Starts an empty hash.
    public init() {
        precondition(Sodium.ready, "libsodium failed to initialise")
        state = UnsafeMutablePointer<crypto_hash_sha256_state>.allocate(capacity: 1)
        crypto_hash_sha256_init(state)
    }

    deinit {
        sodium_memzero(UnsafeMutableRawPointer(state), MemoryLayout<crypto_hash_sha256_state>.size)
        state.deallocate()
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        crypto_hash_sha256_update(state, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything added so far; the hasher is consumed.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.byteCount)
        crypto_hash_sha256_final(state, &out)
        return out
    }

    /// SHA-256 of a byte array.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// SHA-256 of a file, read as a stream.
    public static func hashFile(_ path: String) throws(FileError) -> [UInt8] {
        var hasher = SHA256()
        try FileReader.stream(path) { hasher.update($0) }
        return hasher.finalize()
    }
}

/// Lower-case hexadecimal, the form SBOMs, pins and `SHA256SUMS` write digests in.
public enum Hex {
    /// The bytes as lower-case hex, two digits per byte.
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the text is non-empty lower-case hex.
    public static func isLowerHex(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
