import Testing

/// Issue 19: the real Claude Code, Codex and aider, each on a model whose provider speaks its own
/// wire, finish their loop through `srooter serve` (see `AgentLoop` for what every run checks).
@Suite(.serialized) struct AgentLoopTests {
    @Test func claudeCodeOnAnAnthropicModel() async throws { try await AgentLoop.check(.claudeCode, on: .anthropic) }

    @Test func codexOnAnOpenAIModel() async throws { try await AgentLoop.check(.codex, on: .openAI) }

    @Test(arguments: [AgentClient.aiderWhole, .aiderDiff])
    func aiderOnAnOpenAIModel(client: AgentClient) async throws { try await AgentLoop.check(client, on: .openAI) }
}
