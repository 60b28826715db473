import SrooterWire
import Testing

/// The budget ↔ effort table of ``Reasoning`` (README "Translation between wires"), checked at its edges.
@Suite struct ReasoningMappingTests {
    @Test(arguments: [(1024, "low"), (4000, "low"), (8191, "low"), (8192, "medium"), (10000, "medium"), (24575, "medium"), (24576, "high"), (31999, "high"), (128000, "high")])
    func budgetToEffort(budget: Int, effort: String) {
        #expect(Reasoning.budget(budget).openAIEffort == effort)
    }

    @Test(arguments: [("minimal", 1024), ("low", 4096), ("medium", 16384), ("high", 32768), ("xhigh", 65536)])
    func effortToBudget(effort: String, budget: Int) {
        #expect(Reasoning.effort(effort).anthropicBudget == budget)
    }

    /// Each effort's budget maps back to the same effort, except minimal (→ low) and xhigh (→ high).
    @Test func roundTrip() {
        let back = ["minimal", "low", "medium", "high", "xhigh"].map { Reasoning.effort(forBudget: Reasoning.budget(forEffort: $0)) }
        #expect(back == ["low", "low", "medium", "high", "high"])
    }

    /// Anthropic's adaptive effort (`output_config.effort`) goes to OpenAI name for name, `max` as `xhigh`.
    @Test func anthropicEffortNames() throws {
        let out = try RequestTranslator.translate(Array(#"{"model":"m","max_tokens":10,"thinking":{"type":"adaptive"},"output_config":{"effort":"max"},"messages":[{"role":"user","content":"x"}]}"#.utf8), from: .anthropic, to: .openAIResponses)
        #expect(try JSONText.parse(out.body)["reasoning"] == JSONText.parse(#"{"effort":"xhigh"}"#))
    }
}
