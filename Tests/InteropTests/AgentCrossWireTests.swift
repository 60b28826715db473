import Testing

/// Issue 19: the real agents on a model whose provider speaks another wire, srooter translating
/// both ways (see `AgentLoop` for what every run checks). Claude Code 2 sends part of its
/// instructions as `{"role": "system"}` turns inside `messages`; the translation moves their text
/// into the system prompt (it refused them at first, and Claude Code got 400 on both OpenAI-wire
/// models).
@Suite(.serialized) struct AgentCrossWireTests {
    @Test
    func claudeCodeOnAnOpenAIModel() async throws { try await AgentLoop.check(.claudeCode, on: .openAI) }

    @Test
    func claudeCodeOnAnOpenAICompatibleModel() async throws { try await AgentLoop.check(.claudeCode, on: .openAICompatible) }

    @Test
    func codexOnAnAnthropicModel() async throws { try await AgentLoop.check(.codex, on: .anthropic) }

    @Test
    func aiderOnAnAnthropicModel() async throws { try await AgentLoop.check(.aiderWhole, on: .anthropic) }
}
