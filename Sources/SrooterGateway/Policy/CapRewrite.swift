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

    /// The largest value a capped token count may have (providers read these as 32-bit integers).
    static let largestCount = 2_147_483_647

    /// The first field a cap in force reads whose value the cap cannot judge, with the scope of
    /// that cap: a token count that is not a JSON integer from 0 to `largestCount` (`"50000"`,
    /// `1e16`, `-1`, `8000.0`, 20 digits), or an effort that is not a string. Such a value would
    /// otherwise go upstream unclamped, and a provider may read it as a large number.
    static func unjudgeable(in root: JSONNode, surface: Surface, policy: EffectivePolicy) -> (field: String, scope: ScopeRef)? {
        if let cap = policy.maxOutputTokens {
            switch surface.wire {
            case .anthropic, .openAIChat:
                if root["max_tokens"].map(isCount) == false { return ("max_tokens", cap.scope) }
                if surface.wire == .openAIChat, root["max_completion_tokens"].map(isCount) == false { return ("max_completion_tokens", cap.scope) }
            case .openAIResponses:
                if root["max_output_tokens"].map(isCount) == false { return ("max_output_tokens", cap.scope) }
            }
        }
        if surface.wire == .anthropic, let scope = policy.maxThinkingTokens?.scope ?? policy.maxOutputTokens?.scope,
            root["thinking"]?["budget_tokens"].map(isCount) == false
        {
            return ("thinking.budget_tokens", scope)
        }
        if let cap = policy.maxEffort {
            let (node, name): (JSONNode?, String) =
                switch surface.wire {
                case .anthropic: (root["output_config"]?["effort"], "output_config.effort")
                case .openAIChat: (root["reasoning_effort"], "reasoning_effort")
                case .openAIResponses: (root["reasoning"]?["effort"], "reasoning.effort")
                }
            if let node, node.string == nil { return (name, cap.scope) }
        }
        return nil
    }

    /// Whether `node` is a JSON integer written in plain digits, from 0 to `largestCount`.
    private static func isCount(_ node: JSONNode) -> Bool {
        guard case .number(let text, let value) = node.value, text.utf8.count <= 10, value <= Double(largestCount) else { return false }
        return text.utf8.allSatisfy { (0x30...0x39).contains($0) }
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
