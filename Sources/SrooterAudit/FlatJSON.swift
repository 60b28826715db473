/// A parser for flat JSON objects (string, number, boolean and null members), the shape of every
/// line of an audit export. Rejects anything nested.
enum FlatJSON {
    enum Value: Equatable {
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    struct Failure: Error { let reason: String }

    static func parse(_ line: some Collection<UInt8>) throws(Failure) -> [String: Value] {
        var parser = Parser(bytes: Array(line))
        return try parser.object()
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func object() throws(Failure) -> [String: Value] {
            skipSpace()
            try expect(UInt8(ascii: "{"))
            var members: [String: Value] = [:]
            skipSpace()
            if peek() == UInt8(ascii: "}") { index += 1; return try end(members) }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                guard members[key] == nil else { throw Failure(reason: "duplicate key \"\(key)\"") }
                members[key] = try value()
                skipSpace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"))
                return try end(members)
            }
        }

        private mutating func end(_ members: [String: Value]) throws(Failure) -> [String: Value] {
            skipSpace()
            guard index == bytes.count else { throw Failure(reason: "text after the object") }
            return members
        }

        private mutating func value() throws(Failure) -> Value {
            switch peek() ?? 0 {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index < bytes.count, "0123456789+-.eE".utf8.contains(bytes[index]) { index += 1 }
                return .number(String(decoding: bytes[start..<index], as: UTF8.self))
            default: throw Failure(reason: "expected a string, number, true, false or null at byte \(index)")
            }
        }

        private mutating func string() throws(Failure) -> String {
            try expect(UInt8(ascii: "\""))
            var scalars = String.UnicodeScalarView()
            var runStart = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    scalars.append(contentsOf: String(decoding: bytes[runStart..<index], as: UTF8.self).unicodeScalars)
                    index += 1
                    return String(scalars)
                }
                if byte < 0x20 { throw Failure(reason: "control character in a string at byte \(index)") }
                if byte != UInt8(ascii: "\\") { index += 1; continue }
                scalars.append(contentsOf: String(decoding: bytes[runStart..<index], as: UTF8.self).unicodeScalars)
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        // As SrooterGateway's JSONParser: a pair only with a low surrogate, else U+FFFD and the next escape stands alone.
                        let save = index
                        index += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) } else { index = save }
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: throw Failure(reason: "bad escape at byte \(index - 1)")
                }
                runStart = index
            }
            throw Failure(reason: "unterminated string")
        }

        private mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw Failure(reason: "bad \\u escape at byte \(index)")
            }
            index += 4
            return code
        }

        private mutating func literal(_ word: String) throws(Failure) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw Failure(reason: "expected \(word) at byte \(index)")
            }
            index += expected.count
        }

        private mutating func expect(_ byte: UInt8) throws(Failure) {
            guard peek() == byte else { throw Failure(reason: "expected '\(Character(Unicode.Scalar(byte)))' at byte \(index)") }
            index += 1
        }

        private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        private mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
        }
    }
}
