import Foundation
import SrooterEncoding
import Testing

/// The shortcuts of the shared encoders give what the slow paths give: object members in order
/// (already-ordered ASCII keys are taken as they are, anything else is sorted) and lower-case hex
/// of any byte sequence. Expected text is written out by hand, hex by Foundation's `%02x`.
@Suite struct EncodingFastPathTests {
    private func object(_ members: [(String, Int)]) -> String {
        var out: [UInt8] = []
        CanonicalJSONText.writeObject(count: members.count, into: &out, key: { members[$0].0 }) { index, out in
            CanonicalJSONText.writeInteger(members[index].1, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Keys in byte order, a key and its prefix, a repeated key (in order, so only a strict
    /// comparison sends it to the sort that keeps the last), an empty key, non-ASCII keys.
    @Test func memberOrderAtTheEdgesOfTheShortcut() {
        #expect(object([("a", 1), ("aa", 2), ("b", 3)]) == #"{"a":1,"aa":2,"b":3}"#)
        #expect(object([("aa", 2), ("a", 1)]) == #"{"a":1,"aa":2}"#)
        #expect(object([("a", 1), ("a", 2)]) == #"{"a":2}"#)
        #expect(object([("a", 1), ("b", 2), ("b", 3), ("c", 4)]) == #"{"a":1,"b":3,"c":4}"#)
        #expect(object([("", 1), ("A", 2), ("a", 3)]) == #"{"":1,"A":2,"a":3}"#)
        // RFC 8785 §3.2.3: sorted by UTF-16 code units, so U+FF61 (0xFF61) sorts after U+1F600 (0xD83D …).
        #expect(object([("\u{FF61}", 1), ("\u{1F600}", 2), ("é", 3)]) == "{\"é\":3,\"\u{1F600}\":2,\"\u{FF61}\":1}")
        #expect(object([]) == "{}")
    }

    /// Each byte that needs an escape (and bytes one off them) at every position of a string
    /// longer than several eight-byte words, beside multi-byte characters: escaped exactly where
    /// a byte-by-byte reference escapes.
    @Test func escapesAtEveryPositionOfLongStrings() {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x08: out += "\\b"
                case 0x09: out += "\\t"
                case 0x0A: out += "\\n"
                case 0x0C: out += "\\f"
                case 0x0D: out += "\\r"
                case 0..<0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let fillers = [String(repeating: "a", count: 37), "ab¢Ü€🦊" + String(repeating: "z", count: 23), String(repeating: "é", count: 19)]
        let probes: [Character] = ["\"", "\\", "\n", "\u{00}", "\u{1f}", " ", "!", "#", "[", "]", "\u{7f}", "\u{a2}", "\u{dc}"]
        for filler in fillers {
            let characters = Array(filler)
            for position in 0...characters.count {
                for probe in probes {
                    var text = characters
                    text.insert(probe, at: position)
                    let string = String(text)
                    var ours: [UInt8] = []
                    CanonicalJSONText.writeString(string, into: &ours)
                    #expect(String(decoding: ours, as: UTF8.self) == reference(string), "\(string.debugDescription)")
                }
            }
        }
    }

    @Test func hexOfContiguousAndOtherSequences() {
        let bytes = (0...255).map { UInt8($0) }
        let expected = bytes.map { String(format: "%02x", $0) }.joined()
        #expect(Hex.encode(bytes) == expected)
        #expect(Hex.encode(bytes[1...3]) == "010203")
        #expect(Hex.encode(bytes.lazy.map { $0 }) == expected)
        #expect(Hex.encode(Set([UInt8(0xAB)])) == "ab")
        #expect(bytes.withUnsafeBytes { Hex.encode(buffer: $0) } == expected)
        #expect(Hex.encode([UInt8]()) == "")
    }
}
