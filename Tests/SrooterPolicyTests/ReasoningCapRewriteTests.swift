@testable import SrooterGateway
import SrooterPolicy
import Testing

/// Caps on real-shaped request bodies: only the capped values change, every other byte stays.
@Suite struct ReasoningCapRewriteTests {
    /// Claude Code with extended thinking: a previous assistant turn carries a signed thinking block.
    static let claudeCodeThinking = #"""
        {"model":"claude-sonnet-4-5","max_tokens":32000,"messages":[{"role":"user","content":[{"type":"text","text":"Fix the failing test in Sources/App/Parser.swift"}]},{"role":"assistant","content":[{"type":"thinking","thinking":"The parser drops the last token when \u2026","signature":"EqQBCkYIBxgCKkDx3m0c9Jr+Zs/Qm1fYk2Gm7lIY0v7hJH2N5Gy8z1x0Yr8lQeU3A=="},{"type":"tool_use","id":"toolu_01A","name":"Read","input":{"file_path":"/repo/Sources/App/Parser.swift"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A","content":"struct Parser { }"}]}],"system":[{"type":"text","text":"You are Claude Code, Anthropic's official CLI for Claude.","cache_control":{"type":"ephemeral"}}],"tools":[{"name":"Read","description":"Reads a file","input_schema":{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"]}}],"metadata":{"user_id":"user_abc_account_def_session_123"},"thinking":{"type":"enabled","budget_tokens":31999},"stream":true}
        """#

    /// Claude Code with adaptive thinking and an effort level.
    static let claudeCodeAdaptive = #"""
        {"model":"claude-opus-4-6","max_tokens":64000,"thinking":{"type":"adaptive"},"output_config":{"effort":"max"},"messages":[{"role":"user","content":"Refactor the relay"}],"system":"You are Claude Code.","stream":true}
        """#

    /// Codex on the Responses wire with `reasoning.effort: xhigh`.
    static let codex = #"""
        {"model":"gpt-5.1-codex","instructions":"You are Codex, based on GPT-5.","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"run the tests"}]}],"tools":[{"type":"function","name":"shell","description":"Runs a command","strict":false,"parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"]}}],"tool_choice":"auto","parallel_tool_calls":false,"reasoning":{"effort":"xhigh","summary":"auto"},"store":false,"stream":true,"include":["reasoning.encrypted_content"],"prompt_cache_key":"0199a1b2-c3d4"}
        """#

    static func rewrite(_ text: String, _ surface: Surface, _ rules: PolicyRules) throws -> (String, [CapChange]) {
        let body = Array(text.utf8)
        let root = try JSONParser.parse(body)
        let policy = EffectivePolicy(chain: [(ScopeRef(.team, "platform"), rules)])
        let changes = ReasoningCap.changes(for: CapRewrite.fields(of: root, surface: surface), policy: policy)
        let edits = CapRewrite.edits(for: changes, root: root)
        let model = root["model"]?.string ?? ""
        let out = BodyRewrite.apply(to: body, root: root, model: model, ensureIncludeUsage: false, extra: edits).bytes
        return (String(decoding: out, as: UTF8.self), changes)
    }

    @Test func thinkingBudgetClampedToTheCap() throws {
        let (out, changes) = try Self.rewrite(Self.claudeCodeThinking, .anthropicMessages, PolicyRules(maxThinkingTokens: 8000))
        #expect(out == Self.claudeCodeThinking.replacingOccurrences(#""budget_tokens":31999"#, #""budget_tokens":8000"#))
        #expect(ReasoningCap.note(changes) == "cap thinking.budget_tokens=8000 (team:platform)")
    }

    @Test func maxTokensCapAlsoBoundsTheThinkingBudget() throws {
        let (out, _) = try Self.rewrite(Self.claudeCodeThinking, .anthropicMessages, PolicyRules(maxOutputTokens: 16000))
        let expected = Self.claudeCodeThinking.replacingOccurrences(#""max_tokens":32000"#, #""max_tokens":16000"#)
            .replacingOccurrences(#""budget_tokens":31999"#, #""budget_tokens":15999"#)
        #expect(out == expected)
        // and never below Anthropic's minimum of 1024
        let (low, _) = try Self.rewrite(Self.claudeCodeThinking, .anthropicMessages, PolicyRules(maxThinkingTokens: 1024))
        #expect(low.contains(#""budget_tokens":1024"#))
    }

    @Test func adaptiveEffortLowered() throws {
        let (out, changes) = try Self.rewrite(Self.claudeCodeAdaptive, .anthropicMessages, PolicyRules(maxEffort: .medium))
        #expect(out == Self.claudeCodeAdaptive.replacingOccurrences(#""effort":"max""#, #""effort":"medium""#))
        #expect(changes.map(\.field) == [.outputConfigEffort])
        // an xhigh cap on the Anthropic wire lowers max to high (Anthropic has no xhigh)
        let (high, _) = try Self.rewrite(Self.claudeCodeAdaptive, .anthropicMessages, PolicyRules(maxEffort: .xhigh))
        #expect(high.contains(#""effort":"high""#))
    }

    @Test func codexXHighLowered() throws {
        let (out, changes) = try Self.rewrite(Self.codex, .openAIResponses, PolicyRules(maxEffort: .high))
        #expect(out == Self.codex.replacingOccurrences(#""effort":"xhigh""#, #""effort":"high""#))
        #expect(changes.map(\.field) == [.reasoningEffort])
    }

    @Test func nothingChangesUnderTheCaps() throws {
        let rules = PolicyRules(maxThinkingTokens: 64_000, maxEffort: .max, maxOutputTokens: 128_000)
        for (body, surface) in [(Self.claudeCodeThinking, Surface.anthropicMessages), (Self.claudeCodeAdaptive, .anthropicMessages), (Self.codex, .openAIResponses)] {
            let (out, changes) = try Self.rewrite(body, surface, rules)
            #expect(out == body && changes.isEmpty)
        }
    }

    @Test func capsNeverAddFields() throws {
        let chat = #"{"model":"gpt-5","messages":[{"role":"user","content":"hi"}],"stream":true}"#
        let (out, changes) = try Self.rewrite(chat, .openAIChat, PolicyRules(maxEffort: .low, maxOutputTokens: 100))
        #expect(out == chat && changes.isEmpty)
        let flat = #"{"model":"o3","reasoning_effort":"high","max_completion_tokens":50000,"messages":[]}"#
        let (capped, _) = try Self.rewrite(flat, .openAIChat, PolicyRules(maxEffort: .low, maxOutputTokens: 100))
        #expect(capped == #"{"model":"o3","reasoning_effort":"low","max_completion_tokens":100,"messages":[]}"#)
    }
}

extension String {
    /// Replaces exactly one occurrence (the tests' expected bodies), failing loudly otherwise.
    func replacingOccurrences(_ old: String, _ new: String) -> String {
        let parts = self.split(separator: old, omittingEmptySubsequences: false)
        precondition(parts.count == 2, "expected exactly one '\(old)'")
        return parts.joined(separator: new)
    }
}
