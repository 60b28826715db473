import SrooterEncoding

/// Small format checks shared by the SBOM and pins readers.
enum Formats {
    /// `urn:uuid:` followed by a lower-case 8-4-4-4-12 hex UUID.
    static func isSerialNumber(_ text: String?) -> Bool {
        guard let text, text.hasPrefix("urn:uuid:") else { return false }
        let groups = text.dropFirst(9).split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.utf8.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { Hex.isLowerHex(String($0)) }
    }

    /// An RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
    static func isDateTime(_ text: String?) -> Bool {
        guard let text else { return false }
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= bytes.count && bytes[range].allSatisfy { (0x30...0x39).contains($0) } }
        func byte(_ index: Int, _ char: Character) -> Bool { index < bytes.count && bytes[index] == char.asciiValue }
        guard digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10),
            byte(10, "T") || byte(10, "t"), digits(11..<13), byte(13, ":"), digits(14..<16), byte(16, ":"), digits(17..<19)
        else { return false }
        var index = 19
        if byte(index, ".") {
            index += 1
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            if index == start { return false }
        }
        if byte(index, "Z") || byte(index, "z") { return index + 1 == bytes.count }
        guard byte(index, "+") || byte(index, "-") else { return false }
        return digits(index + 1..<index + 3) && byte(index + 3, ":") && digits(index + 4..<index + 6) && index + 6 == bytes.count
    }
}
