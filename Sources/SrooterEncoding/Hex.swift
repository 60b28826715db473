/// Lower-case hexadecimal, the one encoder for every digest, key, sealed blob and id srooter writes
/// (SBOMs, pins, manifests, `SHA256SUMS`, access keys, the vault, the audit chain). Written in one
/// pass: the audit path encodes every sealed record and hash.
public enum Hex {
    /// Lower-case hex of `bytes`, two digits per byte. Inlinable so that a caller's contiguous
    /// bytes (an array, a digest's buffer) reach the one-pass loop without a generic copy.
    @inlinable public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let text = bytes.withContiguousStorageIfAvailable({ encode(buffer: UnsafeRawBufferPointer($0)) }) { return text }
        return Array(bytes).withUnsafeBytes { encode(buffer: $0) }
    }

    private static let table: StaticString = "0123456789abcdef"

    /// Lower-case hex of the bytes in `buffer`.
    public static func encode(buffer: UnsafeRawBufferPointer) -> String {
        let digits = table.utf8Start
        return String(unsafeUninitializedCapacity: buffer.count * 2) { out in
            var index = 0
            for byte in buffer {
                out[index] = digits[Int(byte >> 4)]
                out[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    /// The lower-case hex digit (ASCII) of a nibble (0...15).
    @inlinable public static func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }

    /// The bytes of lower-case hex, or nil for an odd length or any other character (upper case included).
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { chars -> [UInt8]? in
            guard chars.count % 2 == 0 else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(chars.count / 2)
            var index = 0
            while index < chars.count {
                guard let high = value(chars[index]), let low = value(chars[index + 1]) else { return nil }
                out.append(high << 4 | low)
                index += 2
            }
            return out
        }
    }

    /// Whether the text is non-empty lower-case hex.
    public static func isLowerHex(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { value($0) != nil }
    }

    /// Whether an ASCII byte is a lower-case hex digit.
    public static func isLowerHexDigit(_ byte: UInt8) -> Bool { value(byte) != nil }

    private static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
