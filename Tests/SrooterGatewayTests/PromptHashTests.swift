import Crypto
import SrooterEncoding
import Testing
@testable import SrooterGateway

@Suite struct PromptHashTests {
    private func canonical(_ text: String) throws -> String {
        String(decoding: CanonicalJSON.bytes(try JSONParser.parse(Array(text.utf8))), as: UTF8.self)
    }

    @Test func rfc8785Example() throws {
        // RFC 8785 section 3.2.2 (numbers and string escapes), with members sorted by UTF-16 units.
        let input = #"{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}"#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(input) == expected)
    }

    @Test(arguments: [(0.0, "0"), (-0.0, "0"), (1.0, "1"), (100.0, "100"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
        (0.000001, "0.000001"), (1e-7, "1e-7"), (-1.5, "-1.5"), (123456789012345680000.0, "123456789012345680000")])
    func ecmaScriptNumbers(value: Double, text: String) {
        #expect(CanonicalJSONText.number(value) == text)
    }

    @Test func utf16KeyOrder() throws {
        #expect(try canonical(#"{"\u20ac":1,"\ud83d\ude00":2,"a":3}"#) == "{\"a\":3,\"€\":1,\"😀\":2}")
    }

    @Test("of repeated keys the last one is written, once, in its sorted place")
    func repeatedKeysKeepTheLast() throws {
        #expect(try canonical(#"{"b":1,"a":2,"b":3}"#) == #"{"a":2,"b":3}"#)
        #expect(try canonical(#"{"a":1,"a":{"z":0,"y":[1,{"k":"v","k":"w"}]},"a":3,"c":4}"#) == #"{"a":3,"c":4}"#)
        #expect(try canonical(#"{"x":{"q":1,"p":2,"q":{"b":1,"a":2}}}"#) == #"{"x":{"p":2,"q":{"a":2,"b":1}}}"#)
        #expect(try canonical(#"{}"#) == "{}")
    }

    @Test func hashOfSystemAndMessages() throws {
        let root = try JSONParser.parse(Array(#"{"model":"x","messages":[{"role":"user","content":"hi"}],"system":"be brief"}"#.utf8))
        let expected = Array(Crypto.SHA256.hash(data: Array(#"{"messages":[{"content":"hi","role":"user"}],"system":"be brief"}"#.utf8)))
        #expect(PromptHash.hex(system: root["system"], messages: root["messages"]) == Hex.encode(expected))
    }

    @Test func absentSystemIsOmitted() throws {
        let root = try JSONParser.parse(Array(#"{"messages":[]}"#.utf8))
        let expected = Array(Crypto.SHA256.hash(data: Array(#"{"messages":[]}"#.utf8)))
        #expect(PromptHash.hex(system: root["system"], messages: root["messages"]) == Hex.encode(expected))
    }

    @Test func formattingDoesNotChangeTheHash() throws {
        let a = try RequestSummary(body: Array(#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#.utf8), surface: .anthropicMessages)
        let b = try RequestSummary(body: Array("{\n \"messages\": [ {\"content\" : \"hi\", \"role\":\"user\"} ],\n \"model\": \"other\"\n}".utf8), surface: .anthropicMessages)
        #expect(a.promptSHA256 == b.promptSHA256)
    }
}
