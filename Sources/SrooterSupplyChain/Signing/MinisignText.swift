/// The line rules shared by minisign's key and signature files: LF text, exactly one trailing
/// `\n` (or `\r\n`) stripped per line, any other `\r` refused, base64 blobs strictly decoded.
enum MinisignText {
    static let untrustedPrefix = "untrusted comment: "
    static let trustedPrefix = "trusted comment: "

    /// Splits file bytes into lines. A final newline is optional; nothing may follow the
    /// expected lines except that one newline.
    static func lines(_ bytes: [UInt8], expected: Int, file: String) throws(SigningError) -> [Substring] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.count == expected else {
            throw .malformed(file: file, reason: "has \(lines.count) lines, expected \(expected)")
        }
        var result: [Substring] = []
        for (index, var line) in lines.enumerated() {
            if line.last == 0x0D { line = line.dropLast() }
            if line.contains(0x0D) {
                throw .malformed(file: file, reason: "line \(index + 1) contains a carriage return")
            }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw .malformed(file: file, reason: "line \(index + 1) is not UTF-8 text")
            }
            result.append(Substring(text))
        }
        return result
    }

    /// Decodes a base64 line that must hold exactly `length` bytes.
    static func blob(_ line: Substring, length: Int, file: String, what: String) throws(SigningError) -> [UInt8] {
        guard let bytes = Sodium.unbase64(line) else {
            throw .malformed(file: file, reason: "\(what) is not valid base64")
        }
        guard bytes.count == length else {
            throw .malformed(file: file, reason: "\(what) is \(bytes.count) bytes, expected \(length)")
        }
        return bytes
    }

    /// Requires the untrusted comment line and returns its text.
    static func untrustedComment(_ line: Substring, file: String) throws(SigningError) -> Substring {
        guard line.hasPrefix(untrustedPrefix) else {
            throw .malformed(file: file, reason: "first line does not start with \"\(untrustedPrefix)\"")
        }
        return line.dropFirst(untrustedPrefix.count)
    }

    /// Whether a comment is printable: no control characters other than tab.
    static func isPrintable<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value)) }
    }
}
