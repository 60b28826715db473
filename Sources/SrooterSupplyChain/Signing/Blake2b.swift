import CSodium

/// Unkeyed BLAKE2b, fed incrementally so a file of any size hashes in constant memory.
public struct Blake2b: ~Copyable {
    /// libsodium declares the state 64-byte aligned; allocating it by hand guarantees that.
    private let state: OpaquePointer
    private let length: Int

    /// Starts a hash with the given output length in bytes (64 for BLAKE2b-512, 32 for BLAKE2b-256).
    public init(outputLength: Int = 64) {
        precondition(Sodium.ready, "libsodium failed to initialise")
        length = outputLength
        state = OpaquePointer(UnsafeMutableRawPointer.allocate(byteCount: crypto_generichash_statebytes(), alignment: 64))
        crypto_generichash_init(state, nil, 0, outputLength)
    }

    deinit {
        sodium_memzero(UnsafeMutableRawPointer(state), crypto_generichash_statebytes())
        UnsafeMutableRawPointer(state).deallocate()
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        crypto_generichash_update(state, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything added so far; the hasher is consumed.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        crypto_generichash_final(state, &out, length)
        return out
    }

    /// BLAKE2b of a byte array.
    public static func hash(_ bytes: [UInt8], outputLength: Int = 64) -> [UInt8] {
        var hasher = Blake2b(outputLength: outputLength)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// BLAKE2b-512 of a file, read as a stream.
    public static func hashFile(_ path: String) throws(FileError) -> [UInt8] {
        var hasher = Blake2b()
        try FileReader.stream(path) { hasher.update($0) }
        return hasher.finalize()
    }
}
