import SrooterEncoding
import Testing
@testable import SrooterGateway

@Suite struct BodyRewriteTests {
    private func rewrite(_ text: String, model: String = "served", usage: Bool = false) throws -> (String, Bool) {
        let bytes = Array(text.utf8)
        let root = try JSONParser.parse(bytes)
        let result = BodyRewrite.apply(to: bytes, root: root, model: model, ensureIncludeUsage: usage)
        return (String(decoding: result.bytes, as: UTF8.self), result.addedIncludeUsage)
    }

    @Test func onlyTheModelChanges() throws {
        // Odd spacing, escapes, key order and a thinking signature must survive byte for byte.
        let body = #"{ "messages" : [{"role":"assistant","content":[{"type":"thinking","thinking":"\u00e9","signature":"EqQBCkYI+/=="}]}],"model" :  "claude-x" ,"max_tokens":1.0e3}"#
        let (out, added) = try rewrite(body)
        #expect(out == body.replacingOccurrences(of: #""claude-x""#, with: #""served""#))
        #expect(!added)
    }

    @Test func modelWithQuotesIsEscaped() throws {
        #expect(try rewrite(#"{"model":"a"}"#, model: "we\"ird").0 == #"{"model":"we\"ird"}"#)
    }

    @Test func includeUsageIsAddedWhenAbsent() throws {
        #expect(try rewrite(#"{"model":"m","stream":true}"#, usage: true) == (#"{"stream_options":{"include_usage":true},"model":"served","stream":true}"#, true))
        #expect(try rewrite(#"{"model":"m","stream_options":{}}"#, usage: true) == (#"{"model":"served","stream_options":{"include_usage":true}}"#, true))
        #expect(try rewrite(#"{"model":"m","stream_options":{"x":1}}"#, usage: true) == (#"{"model":"served","stream_options":{"include_usage":true,"x":1}}"#, true))
        #expect(try rewrite(#"{"model":"m","stream_options":{"include_usage":false}}"#, usage: true) == (#"{"model":"served","stream_options":{"include_usage":true}}"#, true))
    }

    @Test func includeUsageAlreadyThereIsLeftAlone() throws {
        let body = #"{"model":"m","stream_options":{"include_usage":true}}"#
        #expect(try rewrite(body, usage: true) == (#"{"model":"served","stream_options":{"include_usage":true}}"#, false))
    }

    @Test(arguments: ["{", "{\"model\":}", "[1,]", "{\"a\":1}x", "\"\\x\"", "01"])
    func malformedJSONIsRefused(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
