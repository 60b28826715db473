import Testing

/// Issue 19: the real agents on a model whose provider speaks another wire, srooter translating
/// both ways (see `AgentLoop` for what every run checks). Enabled once translation is wired into
/// serve.
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
