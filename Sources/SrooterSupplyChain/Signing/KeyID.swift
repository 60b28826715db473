/// The 8 random bytes that name a minisign key. Shown as the bytes read as a little-endian
/// 64-bit number, printed as 16 upper-case hex digits; compared as bytes.
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
    /// The raw 8 bytes as they appear in key and signature files.
    public let bytes: [UInt8]

    /// Wraps 8 raw bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 8 else { return nil }
        self.bytes = bytes
    }

    /// The 8 bytes of a key or signature blob whose length was already checked.
    init(checked bytes: ArraySlice<UInt8>) {
        precondition(bytes.count == 8, "a key id is 8 bytes")
        self.bytes = Array(bytes)
    }

    /// Parses the 16-digit hex display form (any case), as written in a revocation list.
    public init?(hex: Substring) {
        guard hex.utf8.count == 16, hex.allSatisfy(\.isHexDigit), let value = UInt64(hex, radix: 16) else { return nil }
        bytes = (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// A fresh random key id.
    static func random() -> KeyID {
        KeyID(checked: Sodium.randomBytes(8)[...])
    }

    /// The id as 16 upper-case hex digits, the form used in every message.
    public var hex: String {
        let value = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public var description: String { hex }
}
