/// The plaintext of every sealed blob srooter stores (the store's rows and the audit chain's):
/// a version byte `1`, then each field as `0` (absent) or `1`, its UTF-8 length (4 bytes, little
/// endian) and its bytes, zero-padded to a multiple of 32 bytes so lengths leak only coarsely.
/// What seals it (AES-256-GCM under the metadata key, bound to the row) is `MetadataCipher`'s.
public enum SealedFieldLayout {
    /// The padded plaintext of `fields`.
    public static func encode(_ fields: [String?]) -> [UInt8] {
        var plain: [UInt8] = [1]
        plain.reserveCapacity(512)
        for field in fields {
            guard let field else { plain.append(0); continue }
            let count = UInt32(field.utf8.count)
            plain.append(1)
            for shift in stride(from: 0, to: 32, by: 8) { plain.append(UInt8(truncatingIfNeeded: count >> UInt32(shift))) }
            plain.append(contentsOf: field.utf8)
        }
        plain.append(contentsOf: repeatElement(0, count: (32 - plain.count % 32) % 32))
        return plain
    }

    /// The `count` fields of a plaintext `encode` made, or nil when it is not one (wrong version,
    /// truncated, a length past the end).
    public static func decode(_ plain: [UInt8], count: Int) -> [String?]? {
        guard plain.first == 1 else { return nil }
        var fields: [String?] = []
        fields.reserveCapacity(count)
        var index = 1
        for _ in 0..<count {
            guard index < plain.count else { return nil }
            if plain[index] == 0 { fields.append(nil); index += 1; continue }
            guard index + 5 <= plain.count else { return nil }
            let length = Int(plain[index + 1]) | Int(plain[index + 2]) << 8 | Int(plain[index + 3]) << 16 | Int(plain[index + 4]) << 24
            index += 5
            guard index + length <= plain.count else { return nil }
            fields.append(String(decoding: plain[index..<index + length], as: UTF8.self))
            index += length
        }
        return fields
    }
}
