import Glibc
import Synchronization

/// Random bytes from the system's generator (`getentropy`, which is `getrandom`: up to 256
/// bytes per call).
///
/// Not `SystemRandomNumberGenerator` for bulk: it makes one `getrandom` call per eight bytes, and
/// so does swift-crypto's `SymmetricKey(size:)`, which is built on it (a 4 KiB key was 512 calls).
public enum SecureRandom {
    /// Fresh bytes straight from the system, for anything that must stay secret.
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }

    /// Bytes that must never repeat but need not stay secret (request ids, AES-GCM nonces), handed
    /// out from a 4 KiB block of the system's generator: sixteen `getrandom` calls per ~140
    /// requests rather than three or more per request. Handed-out bytes are zeroed in the block.
    public static func unique(_ count: Int) -> [UInt8] {
        block.withLock { block in
            if block.used + count > block.bytes.count { block.refill() }
            let range = block.used..<min(block.used + count, block.bytes.count)
            let out = Array(block.bytes[range])
            block.bytes.replaceSubrange(range, with: repeatElement(0, count: range.count))
            block.used = range.upperBound
            return out.count == count ? out : bytes(count)  // more than a block at once
        }
    }

    /// Fills `buffer` from the system, 256 bytes (the most `getentropy` gives) per call.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let length = min(256, buffer.count - offset)
            if getentropy(base + offset, length) != 0 {
                // Kernels without getrandom(2): the standard library's generator reads /dev/urandom
                // (and stops the process if even that fails, rather than return weak bytes).
                var generator = SystemRandomNumberGenerator()
                for index in offset..<(offset + length) { buffer[index] = generator.next() }
            }
            offset += length
        }
    }

    private struct Block {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var used = 4096

        mutating func refill() {
            bytes.withUnsafeMutableBytes { SecureRandom.fill($0) }
            used = 0
        }
    }

    private static let block = Mutex(Block())
}
