/// What a stored name may hold. Names are printed one per line by `user list`, `org list` and the
/// audit export, so a name with a line break, a terminal escape or a bidirectional override could
/// forge or hide a line: such names are refused when created, from the API and the CLI alike.
enum StoredName {
    /// Throws `StoreError.badName` when `value` is empty (unless `emptyAllowed`) or holds a control
    /// character (C0, DEL, C1), a line or paragraph separator, or a bidirectional control.
    static func check(_ value: String?, _ what: String, emptyAllowed: Bool = false) throws(StoreError) {
        guard let value else { return }
        if value.isEmpty, !emptyAllowed { throw StoreError.badName(what: what, reason: "must not be empty") }
        for scalar in value.unicodeScalars where isRefused(scalar) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw StoreError.badName(
                what: what, reason: "contains the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code); names may not contain control characters")
        }
    }

    private static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: true  // bidirectional controls
        default: false
        }
    }
}
