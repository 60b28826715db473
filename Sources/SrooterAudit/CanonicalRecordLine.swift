import Crypto
import SrooterEncoding

/// The fast path of `audit verify FILE`: a record line exactly as `audit export` writes it (the
/// canonical JSON of the hashed fields with `"hash"` and `"type":"record"` added) is hashed
/// straight from its bytes, in one pass, without decoding values or building strings for them.
///
/// Sound because the chain hashes canonical JSON: when the line less its `hash` and `type`
/// members hashes to the `hash` it carries, those bytes are the very canonical text the hash was
/// made from, so parsing and re-canonicalising them (`ExportLine.parse`, the slow path) would give
/// the same hash, `seq` and `prev_hash`. Any other line (an edit, non-canonical spacing or
/// numbers, escapes in `prev_hash`, a checkpoint, the header) is not recognised here and takes the
/// slow path, which reports exactly what it always did.
struct CanonicalRecordLine {
    let seq: Int
    let prevHash: String
    let hash: String

    /// The record, if `line` is a record line whose bytes hash to its own `hash`; nil otherwise.
    static func verified(_ line: UnsafeBufferPointer<UInt8>) -> CanonicalRecordLine? {
        var scan = Scan(line: line)
        guard scan.members(), let hashValue = scan.hashValue, let hashSpan = scan.hashSpan, let typeSpan = scan.typeSpan,
            scan.typeIsRecord, let seqValue = scan.seqValue, let prevValue = scan.prevValue
        else { return nil }
        // Hash the line without the two members (each span holds the comma before it).
        let first = hashSpan.lowerBound < typeSpan.lowerBound ? hashSpan : typeSpan
        let second = hashSpan.lowerBound < typeSpan.lowerBound ? typeSpan : hashSpan
        let raw = UnsafeRawBufferPointer(line)
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[0..<first.lowerBound]))
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[first.upperBound..<second.lowerBound]))
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[second.upperBound..<raw.count]))
        let matches = hasher.finalize().withUnsafeBytes { digest in
            var position = hashValue.lowerBound
            for byte in digest {
                guard line[position] == Hex.digit(byte >> 4), line[position + 1] == Hex.digit(byte & 0x0F) else { return false }
                position += 2
            }
            return true
        }
        guard matches, let seq = integer(line[seqValue]) else { return nil }
        return CanonicalRecordLine(
            seq: seq, prevHash: String(decoding: line[prevValue], as: UTF8.self), hash: String(decoding: line[hashValue], as: UTF8.self))
    }

    /// A canonical integer (what `String(Int)` writes), or nil.
    private static func integer(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var digits = bytes[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return negative ? -value : value
    }

    /// One pass over a flat object, noting where the members the fast path needs are. Strings are
    /// skipped escape by escape (a backslash takes the next byte with it), which tokenises every
    /// canonical line exactly; on anything else the scan fails or the hash does not match.
    private struct Scan {
        let line: UnsafeBufferPointer<UInt8>
        var index = 0
        /// The 64 hex digits of `"hash"`, and the bytes of `,"hash":"..."` and `,"type":"..."`.
        var hashValue: Range<Int>?
        var hashSpan: Range<Int>?
        var typeSpan: Range<Int>?
        var typeIsRecord = false
        var seqValue: Range<Int>?
        /// The contents of `"prev_hash"`'s string, when it holds no escape.
        var prevValue: Range<Int>?

        init(line: UnsafeBufferPointer<UInt8>) { self.line = line }

        mutating func members() -> Bool {
            let count = line.count
            guard count > 2, line[0] == UInt8(ascii: "{"), line[count - 1] == UInt8(ascii: "}") else { return false }
            index = 1
            var firstMember = true
            while true {
                let memberStart = index
                guard index < count, line[index] == UInt8(ascii: "\""), let keyEnd = endOfString(from: index + 1) else { return false }
                let key = (index + 1)..<keyEnd
                index = keyEnd + 1
                guard index < count, line[index] == UInt8(ascii: ":") else { return false }
                index += 1
                guard index < count else { return false }
                let valueStart = index
                var escaped = false
                if line[index] == UInt8(ascii: "\"") {
                    guard let end = endOfString(from: index + 1, escaped: &escaped) else { return false }
                    index = end + 1
                } else {
                    while index < count, line[index] != UInt8(ascii: ","), line[index] != UInt8(ascii: "}") {
                        guard line[index] != UInt8(ascii: "\"") else { return false }
                        index += 1
                    }
                }
                let value = valueStart..<index
                guard index < count, value.count > 0, line[index] == UInt8(ascii: ",") || line[index] == UInt8(ascii: "}") else { return false }
                if !note(key: key, value: value, escaped: escaped, span: (memberStart - 1)..<index, first: firstMember) { return false }
                firstMember = false
                if line[index] == UInt8(ascii: "}") { return index == count - 1 }
                index += 1
            }
        }

        /// Records a member; false for a line the fast path declines (a repeated or leading
        /// `hash`/`type`, a malformed hash).
        @inline(__always) private mutating func note(key: Range<Int>, value: Range<Int>, escaped: Bool, span: Range<Int>, first: Bool) -> Bool {
            switch key.count {
            case 3 where matches(key, "seq"):
                seqValue = value
            case 4 where matches(key, "hash"):
                guard !first, hashSpan == nil, value.count == 66, line[value.lowerBound] == UInt8(ascii: "\"") else { return false }
                hashValue = (value.lowerBound + 1)..<(value.upperBound - 1)
                hashSpan = span
            case 4 where matches(key, "type"):
                guard !first, typeSpan == nil else { return false }
                typeIsRecord = value.count == 8 && matches((value.lowerBound + 1)..<(value.upperBound - 1), "record")
                    && line[value.lowerBound] == UInt8(ascii: "\"")
                typeSpan = span
            case 9 where matches(key, "prev_hash"):
                prevValue = !escaped && line[value.lowerBound] == UInt8(ascii: "\"") ? (value.lowerBound + 1)..<(value.upperBound - 1) : nil
            default:
                break
            }
            return true
        }

        @inline(__always) private func matches(_ range: Range<Int>, _ text: StaticString) -> Bool {
            guard range.count == text.utf8CodeUnitCount else { return false }
            let expected = text.utf8Start
            for offset in 0..<range.count where line[range.lowerBound + offset] != expected[offset] { return false }
            return true
        }

        @inline(__always) private func endOfString(from start: Int) -> Int? {
            var escaped = false
            return endOfString(from: start, escaped: &escaped)
        }

        /// The index of the closing quote of a string whose contents start at `start`.
        @inline(__always) private func endOfString(from start: Int, escaped: inout Bool) -> Int? {
            var position = start
            while position < line.count {
                switch line[position] {
                case UInt8(ascii: "\""): return position
                case UInt8(ascii: "\\"): escaped = true; position += 2
                default: position += 1
                }
            }
            return nil
        }
    }
}
