#if canImport(Glibc)
import Glibc
#endif

/// Secret bytes in memory the vault owns, zeroed when released.
///
/// Swift may still copy a secret once it becomes a `String` (an upstream header); the vault keeps
/// it in this buffer as long as it can and zeroes it on release. Never printed: `description` is
/// a placeholder.
public final class SecretBytes: @unchecked Sendable, CustomStringConvertible {
    // Written once in init, zeroed in deinit; never handed out mutable.
    private let buffer: UnsafeMutableRawBufferPointer

    /// Takes a copy of `bytes` and zeroes the caller's array.
    public init(consuming bytes: inout [UInt8]) {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        count = bytes.count
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress, let target = buffer.baseAddress { memcpy(target, base, source.count) }
        }
        SecretBytes.zero(&bytes)
    }

    /// The length in bytes.
    public let count: Int

    deinit {
        if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
        buffer.deallocate()
    }

    /// Calls `body` with the bytes; do not let them escape.
    public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<count]))
    }

    /// The secret as text (for an upstream header), which Swift may copy: use at the last moment.
    public func text() -> String { withBytes { String(decoding: $0, as: UTF8.self) } }

    public var description: String { "SecretBytes(\(count) bytes, redacted)" }

    /// Overwrites an array's bytes with zeros, in a way the optimiser keeps.
    public static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { explicit_bzero(base, raw.count) }
        }
    }
}
