import SrooterTestSupport
import Testing
@testable import SrooterGateway

/// The prompt hash of Chat Completions and Responses requests against vectors made outside
/// srooter: the canonical JSON is written out by hand here (RFC 8785: members sorted, no
/// whitespace, numbers in ECMAScript form, only the required escapes) and hashed by `sha256sum`.
@Suite struct PromptHashVectorTests {
    static func hash(_ body: String, _ surface: Surface) throws -> String? {
        try RequestSummary(body: Array(body.utf8), surface: surface).promptSHA256
    }

    @Test("Chat Completions: messages only; the system message is one of them; other fields are not hashed")
    func chatCompletions() async throws {
        let body = #"""
            {"model": "gpt-test", "temperature": 0.5, "stream": false,
             "messages": [
               {"role": "system", "content": "Be terse. \u20ac"},
               {"role": "user", "content": [{"type": "text", "text": "Line1\nLine2 \"q\" \/"}]},
               {"role": "tool", "tool_call_id": "c1", "content": "42", "weight": 1.50e1}
             ]}
            """#
        let canonical = #"{"messages":[{"content":"Be terse. €","role":"system"},{"content":[{"text":"Line1\nLine2 \"q\" /","type":"text"}],"role":"user"},{"content":"42","role":"tool","tool_call_id":"c1","weight":15}]}"#
        #expect(try Self.hash(body, .openAIChat) == (try await IndependentDigest.sha256Hex(canonical)))
        // A top-level "system" member is not part of a Chat Completions prompt.
        let withSystem = body.replacingOccurrences(of: #""model": "gpt-test","#, with: #""model": "gpt-test", "system": "ignored","#)
        #expect(try Self.hash(withSystem, .openAIChat) == (try await IndependentDigest.sha256Hex(canonical)))
    }

    @Test("Responses: instructions and input, hashed as system and messages")
    func responses() async throws {
        let body = #"""
            {"model": "gpt-test", "max_output_tokens": 1e2, "instructions": "You are a cat.",
             "input": [
               {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi\t😀"}]},
               {"type": "function_call_output", "call_id": "c1", "output": "{\"t\":2.50}"}
             ]}
            """#
        let canonical = #"{"messages":[{"content":[{"text":"hi\t😀","type":"input_text"}],"role":"user","type":"message"},{"call_id":"c1","output":"{\"t\":2.50}","type":"function_call_output"}],"system":"You are a cat."}"#
        #expect(try Self.hash(body, .openAIResponses) == (try await IndependentDigest.sha256Hex(canonical)))
    }

    @Test("Responses: a plain string input and no instructions")
    func responsesStringInput() async throws {
        #expect(try Self.hash(#"{"model":"gpt-test","input":"Hello"}"#, .openAIResponses) == (try await IndependentDigest.sha256Hex(#"{"messages":"Hello"}"#)))
    }
}
