/// Identifiers and their lines in source text of a language without a syntax tree here. Comments
/// and string literals are skipped; what is kept is later cut to names that are known symbols.
enum IdentifierScan {
    static func scan(_ bytes: [UInt8], language: String) -> [(name: String, line: Int)] {
        let hashComments: Set<String> = ["python", "ruby", "sh", "perl", "elixir"]
        let dashComments: Set<String> = ["lua", "sql", "haskell"]
        let slashComments = !hashComments.contains(language) && !dashComments.contains(language)
        var result: [(name: String, line: Int)] = []
        var line = 1
        var index = 0
        let count = bytes.count
        func isStart(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 36 }
        func isPart(_ byte: UInt8) -> Bool { isStart(byte) || (byte >= 48 && byte <= 57) }
        while index < count {
            let byte = bytes[index]
            if byte == 10 { line += 1; index += 1; continue }
            let next: UInt8 = index + 1 < count ? bytes[index + 1] : 0
            if (slashComments && byte == 47 && next == 47) || (hashComments.contains(language) && byte == 35) || (dashComments.contains(language) && byte == 45 && next == 45) {
                while index < count, bytes[index] != 10 { index += 1 }
                continue
            }
            if slashComments && byte == 47 && next == 42 {
                index += 2
                while index < count, !(bytes[index] == 42 && index + 1 < count && bytes[index + 1] == 47) {
                    if bytes[index] == 10 { line += 1 }
                    index += 1
                }
                index += 2
                continue
            }
            if byte == 34 || byte == 39 || byte == 96 {
                index += 1
                while index < count, bytes[index] != byte {
                    if bytes[index] == 92 { index += 1 }
                    if index < count, bytes[index] == 10 {
                        line += 1
                        if byte == 39 { break }  // a lone quote (a Rust lifetime, an apostrophe) ends at the line
                    }
                    index += 1
                }
                index += 1
                continue
            }
            if isStart(byte) {
                let start = index
                while index < count, isPart(bytes[index]) { index += 1 }
                result.append((String(decoding: bytes[start..<index], as: UTF8.self), line))
                continue
            }
            index += 1
        }
        return result
    }
}
