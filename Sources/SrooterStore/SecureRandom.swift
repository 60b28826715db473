import Crypto
import Synchronization

/// Random bytes from the system's generator.
public enum SecureRandom {
    /// Fresh bytes straight from the system, eight per `getrandom` call (where `UInt8.random` made
    /// one call per byte), for anything that must stay secret.
    public static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(count + 7)
        while out.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { out.append(contentsOf: $0) }
        }
        out.removeLast(out.count - count)
        return out
    }

    /// Bytes that must never repeat but need not stay secret (request ids, AES-GCM nonces), handed
    /// out from a 4 KiB block of the system's generator: one `getrandom` per 340 requests rather
    /// than three per request. Handed-out bytes are zeroed in the block.
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

    private struct Block {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var used = 4096

        /// swift-crypto's key generation reads the system generator in one call for any size.
        mutating func refill() {
            let fresh = SymmetricKey(size: SymmetricKeySize(bitCount: bytes.count * 8))
            fresh.withUnsafeBytes { source in bytes.withUnsafeMutableBytes { $0.copyMemory(from: source) } }
            used = 0
        }
    }

    private static let block = Mutex(Block())
}
