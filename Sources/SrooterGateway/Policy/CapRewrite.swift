import SrooterPolicy

/// Reads the fields a cap may lower from a parsed body and turns the cap's decisions into
/// in-place edits of exactly those values (`BodyRewrite.Edit`), leaving every other byte as sent.
enum CapRewrite {
    /// The cap fields of a body sent to `surface`.
    static func fields(of root: JSONNode, surface: Surface) -> CapFields {
        switch surface.wire {
        case .anthropic:
            let thinking = root["thinking"]
            let budget = thinking?["type"]?.string == "enabled" ? thinking?["budget_tokens"]?.int : nil
            return CapFields(shape: .anthropic, maxTokens: root["max_tokens"]?.int, thinkingBudgetTokens: budget,
                effort: root["output_config"]?["effort"]?.string)
        case .openAIChat:
            return CapFields(shape: .openAIChat, maxTokens: root["max_tokens"]?.int, maxCompletionTokens: root["max_completion_tokens"]?.int,
                effort: root["reasoning_effort"]?.string)
        case .openAIResponses:
            return CapFields(shape: .openAIResponses, maxOutputTokens: root["max_output_tokens"]?.int, effort: root["reasoning"]?["effort"]?.string)
        }
    }

    /// One edit per change, replacing the old value's bytes.
    static func edits(for changes: [CapChange], root: JSONNode) -> [BodyRewrite.Edit] {
        changes.compactMap { change in
            let node: JSONNode? =
                switch change.field {
                case .maxTokens: root["max_tokens"]
                case .maxCompletionTokens: root["max_completion_tokens"]
                case .maxOutputTokens: root["max_output_tokens"]
                case .thinkingBudgetTokens: root["thinking"]?["budget_tokens"]
                case .outputConfigEffort: root["output_config"]?["effort"]
                case .reasoningEffort: root["reasoning"]?["effort"]
                case .reasoningEffortFlat: root["reasoning_effort"]
                }
            return node.map { BodyRewrite.Edit(range: $0.range, replacement: Array(change.json.utf8)) }
        }
    }
}
