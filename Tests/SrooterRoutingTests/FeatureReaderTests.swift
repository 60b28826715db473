import SrooterRouting
import Testing
@testable import SrooterGateway

/// What `FeatureReader` measures of request bodies in each wire.
@Suite struct FeatureReaderTests {
    static func features(_ body: String, _ surface: Surface) throws -> RequestFeatures {
        FeatureReader.features(of: try JSONParser.parse(Array(body.utf8)), surface: surface, bodySize: body.utf8.count)
    }

    /// Claude Code's new-topic side call on its small model (system prompt as Claude Code sends it).
    @Test func claudeCodesTopicCallIsASideCall() throws {
        let body = #"""
            {"model":"auto","max_tokens":512,"system":[{"type":"text","text":"Analyze if this message indicates a new conversation topic. If it does, extract a 2-3 word title that captures the new topic. Format your response as a JSON object with two fields: 'isNewTopic' (boolean) and 'title' (string, or null if isNewTopic is false). Only include these fields, no other text."}],"messages":[{"role":"user","content":"fix the failing test in Parser.swift"}]}
            """#
        let features = try Self.features(body, .anthropicMessages)
        #expect(features.sideCall && features.maxOutputTokens == 512 && features.messageCount == 1 && features.toolCount == 0)
        #expect(features.lastTurnChars == "fix the failing test in Parser.swift".utf8.count)
        let plain = try Self.features(body.replacingOccurrences(of: "new conversation topic", with: "thing").replacingOccurrences(of: "isNewTopic", with: "x"), .anthropicMessages)
        #expect(!plain.sideCall)
    }

    @Test func imagesFencesTurnsAndReasoning() throws {
        let body = #"""
            {"model":"auto","max_tokens":4000,"thinking":{"type":"enabled","budget_tokens":2048},
             "tools":[{"name":"a","input_schema":{}},{"name":"b","input_schema":{}}],
             "messages":[
              {"role":"user","content":[{"type":"text","text":"look:\n```swift\nlet a = 1\n```\nand\n```Python\nx = 1\n```"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
              {"role":"assistant","content":"ok ```swift\nlet b = 2\n```"},
              {"role":"user","content":"and now?"}]}
            """#
        let features = try Self.features(body, .anthropicMessages)
        #expect(features.imageCount == 1 && features.toolCount == 2 && features.messageCount == 3 && features.assistantTurns == 1)
        #expect(features.codeFenceCount == 6 && features.fenceLanguages == ["swift", "python"])
        #expect(features.reasoningAsked && features.maxOutputTokens == 4000 && features.lastTurnChars == 8)
    }

    /// A tag of 20 bytes is a language, one of 21 is not; tags compare in ASCII lower case; only
    /// opening fences carry one; the first user turn alone is read for the phrase check.
    @Test func fenceTagsAndTheFirstUserTurn() throws {
        let twenty = String(repeating: "a", count: 19) + "Z"
        let body = #"{"model":"m","messages":[{"role":"user","content":"fix\n```\#(twenty)\nx\n```"},"#
            + #"{"role":"assistant","content":"```\#(twenty)b\ny\n```\n```C++\nz\n```c++"},"#
            + #"{"role":"user","content":"```GO\n``` give this conversation a 3 word title"}]}"#
        let features = try Self.features(body, .openAIChat)
        #expect(features.codeFenceCount == 8)
        #expect(features.fenceLanguages == [twenty.lowercased(), "c++", "go"], "\(features.fenceLanguages)")
        #expect(!features.sideCall, "the phrase is in a later user turn")
    }

    /// The phrase search against the standard library's own (`ranges(of:)` over the UTF-8 bytes):
    /// at the start, the end, after a partial match, absent, longer than the text, with NUL bytes.
    @Test func phraseSearchAgreesWithTheStandardLibrary() {
        let texts = ["word title for", "a 3 word title for this", "word titl word title for", "word title fo", "wo", "",
                     "x\u{0}word title for\u{0}", "wwword title forr", "ünïcödé word title for ✓", "word title\nfor"]
        for text in texts {
            for phrase in FeatureReader.sideCallPhrases + ["w", "r", "word title for"] {
                let expected = !Array(text.utf8).ranges(of: Array(phrase.utf8)).isEmpty
                #expect(FeatureReader.occurs(phrase, in: text) == expected, "\(phrase) in \(text)")
            }
        }
    }

    @Test func chatAndResponsesShapes() throws {
        let chat = try Self.features(#"{"model":"m","max_completion_tokens":50,"reasoning_effort":"minimal","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"x"}}]}]}"#, .openAIChat)
        #expect(chat.messageCount == 1 && chat.imageCount == 1 && chat.maxOutputTokens == 50 && !chat.reasoningAsked && chat.lastTurnChars == 2)
        let responses = try Self.features(#"{"model":"m","max_output_tokens":20,"reasoning":{"effort":"high"},"input":"hello"}"#, .openAIResponses)
        #expect(responses.messageCount == 1 && responses.lastTurnChars == 5 && responses.reasoningAsked && responses.maxOutputTokens == 20)
    }

    /// The session key depends on the system prompt and the first user message only, so every
    /// turn of one conversation has the same key, and another conversation another.
    @Test func theSessionKeyFollowsTheConversation() throws {
        let first = try Self.features(#"{"model":"m","system":"S","messages":[{"role":"user","content":"start"}]}"#, .anthropicMessages)
        let third = try Self.features(#"{"model":"m","system":"S","messages":[{"role":"user","content":"start"},{"role":"assistant","content":"a"},{"role":"user","content":"more"}]}"#, .anthropicMessages)
        let other = try Self.features(#"{"model":"m","system":"S","messages":[{"role":"user","content":"begin"}]}"#, .anthropicMessages)
        #expect(first.sessionKey != nil && first.sessionKey == third.sessionKey && first.sessionKey != other.sessionKey)
        #expect(first.sessionKey?.count == 32)
    }
}
