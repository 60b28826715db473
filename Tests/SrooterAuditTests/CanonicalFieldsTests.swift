import Foundation
import SrooterAudit
import SrooterEncoding
import SrooterStore
import SrooterTestSupport
import Testing

@Suite struct CanonicalFieldsTests {
    /// A record whose user needs every kind of escape and whose costs are the awkward doubles
    /// hashes as the canonical text written out here: strings escaped by RFC 8785's rules,
    /// numbers as ECMAScript's `Number.prototype.toString` prints them (`0.1 + 0.2` is
    /// `0.30000000000000004` in any JavaScript console), SHA-256 by `sha256sum`.
    @Test(arguments: [
        (0.1 + 0.2, "0.30000000000000004"), (1e-7, "1e-7"), (1.2345678901234568e20, "123456789012345680000"),
        (Double.leastNonzeroMagnitude, "5e-324"), (0.000015, "0.000015"), (1e21, "1e+21"), (-0.0, "0"),
    ])
    func hardStringsAndNumbersMatchTheWrittenText(cost: Double, costText: String) async throws {
        var record = AuditFixtures.record(1)
        record.user = "ädä \"q\" \\ \n\t\u{01} 🦊"
        record.costUSD = cost
        let text = CanonicalTextVectors.record1(user: #"ädä \"q\" \\ \n\t\u0001 🦊"#, costUSD: costText)
        #expect(String(decoding: ChainedRecord.fields(record, seq: 1, prevHash: ChainedRecord.genesis).bytes(), as: UTF8.self) == text)
        #expect(ChainedRecord.chain(record, seq: 1, prevHash: ChainedRecord.genesis).hash == (try await IndependentDigest.sha256Hex(text)))
    }

    /// Strings escape exactly as RFC 8785 says, wherever the escapes fall (start, end, runs of
    /// them, between multi-byte characters), checked against a byte-by-byte reference.
    @Test func stringsEscapeLikeTheReference() {
        func reference(_ text: String) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for byte in text.utf8 {
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x08: out += Array(#"\b"#.utf8)
                case 0x09: out += Array(#"\t"#.utf8)
                case 0x0A: out += Array(#"\n"#.utf8)
                case 0x0C: out += Array(#"\f"#.utf8)
                case 0x0D: out += Array(#"\r"#.utf8)
                case 0x00..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
                default: out.append(byte)
                }
            }
            return out + [0x22]
        }
        let pieces = ["a", "\"", "\\", "\n", "\u{00}", "\u{1f}", "\u{7f}", "é", "🦊", " ", "\t", "\r\n", "\u{0c}", "\u{08}"]
        var generator = SystemRandomNumberGenerator()
        var samples = ["", "plain", "\"", "\n\n", "end\\", "\u{01}start"]
        for _ in 0..<500 {
            samples.append((0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined())
        }
        for text in samples {
            var ours: [UInt8] = []
            CanonicalJSONText.writeString(text, into: &ours)
            #expect(ours == reference(text), "\(text.debugDescription)")
        }
    }

    @Test func integersAndKeyOrder() {
        var fields = CanonicalFields()
        for (key, value) in [("b", 0), ("a", -42), ("c", Int.min), ("d", Int.max), ("aa", 7)] { fields.add(key, .int(value)) }
        let text = String(decoding: fields.bytes(), as: UTF8.self)
        #expect(text == #"{"a":-42,"aa":7,"b":0,"c":-9223372036854775808,"d":9223372036854775807}"#)
    }

    @Test func numbersFollowECMAScript() {
        #expect(CanonicalJSONText.number(1e21) == "1e+21")
        #expect(CanonicalJSONText.number(1e-7) == "1e-7")
        #expect(CanonicalJSONText.number(0.000001) == "0.000001")
        #expect(CanonicalJSONText.number(-0.0) == "0")
        #expect(CanonicalJSONText.number(100) == "100")
        #expect(CanonicalJSONText.number(.nan) == "null")
    }

    /// The hash is SHA-256 (by `sha256sum`) of canonical text written out in the test, and the
    /// first record's `prev_hash` is 64 zeros; the second record chains on the first one's hash.
    @Test func theHashIsDocumentedSHA256OfTheCanonicalJSON() async throws {
        #expect(ChainedRecord.genesis == String(repeating: "0", count: 64))
        let record = AuditFixtures.record(1)
        let entry = ChainedRecord.chain(record, seq: 1, prevHash: ChainedRecord.genesis)
        let text = CanonicalTextVectors.record1()
        #expect(String(decoding: ChainedRecord.fields(record, seq: 1, prevHash: ChainedRecord.genesis).bytes(), as: UTF8.self) == text)
        #expect(entry.hash == (try await IndependentDigest.sha256Hex(text)))
        // The same fields after another hash: only prev_hash changes in the hashed text.
        let next = ChainedRecord.chain(record, seq: 1, prevHash: entry.hash)
        #expect(next.hash == (try await IndependentDigest.sha256Hex(CanonicalTextVectors.record1(prevHash: entry.hash))))
    }

    @Test func timestampsParse() {
        #expect(Timestamp.parse("1970-01-01") == 0)
        #expect(Timestamp.parse("2026-11-20T10:00:00Z") == 1_795_168_800)
        #expect(Timestamp.parse("2026-11-20T10:00:00.123Z") == 1_795_168_800)
        #expect(Timestamp.parse("2026-13-01") == nil)
        #expect(Timestamp.parse("yesterday") == nil)
        let now = Timestamp.unixSeconds()
        #expect(Timestamp.parse(Timestamp.format(seconds: now, milliseconds: 5)) == now)
        #expect(Timestamp.format(seconds: 1_795_168_800, milliseconds: 7) == "2026-11-20T10:00:00.007Z")
        #expect(Timestamp.format(seconds: 0, milliseconds: 999) == "1970-01-01T00:00:00.999Z")
        #expect(Timestamp.format(seconds: 253_402_300_799, milliseconds: 0) == "9999-12-31T23:59:59.000Z")
    }
}
