import Testing

/// Issue 19: the real agents on a model whose provider speaks another wire, srooter translating
/// both ways (see `AgentLoop` for what every run checks). Enabled once translation is wired into
/// serve.
///
/// Tried on this branch merged with issue-19b at 1cf3c58: Codex and aider on the Anthropic model
/// pass; Claude Code gets 400 on both OpenAI-wire models ("messages[1].role is missing or not of
/// the type its wire requires"): Claude Code 2 sends its environment as a `{"role": "system"}` turn
/// inside `messages`, which the translation refuses.
@Suite(.serialized) struct AgentCrossWireTests {
    @Test(.disabled("needs cross-wire translation (issue-19b)"))
    func claudeCodeOnAnOpenAIModel() throws { try AgentLoop.check(.claudeCode, on: .openAI) }

    @Test(.disabled("needs cross-wire translation (issue-19b)"))
    func claudeCodeOnAnOpenAICompatibleModel() throws { try AgentLoop.check(.claudeCode, on: .openAICompatible) }

    @Test(.disabled("needs cross-wire translation (issue-19b)"))
    func codexOnAnAnthropicModel() throws { try AgentLoop.check(.codex, on: .anthropic) }

    @Test(.disabled("needs cross-wire translation (issue-19b)"))
    func aiderOnAnAnthropicModel() throws { try AgentLoop.check(.aiderWhole, on: .anthropic) }
}
