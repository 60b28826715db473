import SrooterEncoding
import Testing
@testable import SrooterGateway

/// The parser's strings: the escape-free fast path and every escape of RFC 8259.
@Suite struct JSONStringTests {
    private func string(_ json: String) throws -> String? {
        try JSONParser.parse(Array(#"{"s":\#(json)}"#.utf8))["s"]?.string
    }

    @Test func plainAndEscaped() throws {
        #expect(try string(#""héllo, wörld €""#) == "héllo, wörld €")
        #expect(try string(#""""#) == "")
        #expect(try string(#""a\"b\\c\/d\b\f\n\r\t""#) == "a\"b\\c/d\u{08}\u{0C}\n\r\t")
        #expect(try string(#""x\u00e9\u20ac\ud83d\ude00y""#) == "xé€😀y")
        #expect(try string(#""lone \ud83d here""#) == "lone \u{FFFD} here")
        #expect(try string(#""é\n€""#) == "é\n€", "raw UTF-8 around an escape survives")
    }

    @Test func badStrings() {
        #expect(throws: JSONSyntaxError.self) { try string("\"tab\there\"") }
        #expect(throws: JSONSyntaxError.self) { try string(#""unterminated"#) }
        #expect(throws: JSONSyntaxError.self) { try string(#""bad \q escape""#) }
        #expect(throws: JSONSyntaxError.self) { try string(#""short \u12""#) }
    }
}
