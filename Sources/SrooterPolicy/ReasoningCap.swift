/// The fields of a request a cap may lower, as the client sent them (nil when absent). The
/// gateway reads them from the body; `ReasoningCap` decides; the gateway then rewrites only those
/// values in place, so the rest of the body stays byte for byte as sent.
public struct CapFields: Sendable, Equatable {
    /// Which request shape the fields come from.
    public enum Shape: Sendable, Equatable {
        /// Anthropic Messages: `max_tokens`, `thinking.budget_tokens`, `output_config.effort`.
        case anthropic
        /// OpenAI Chat Completions: `max_tokens`, `max_completion_tokens`, `reasoning_effort`.
        case openAIChat
        /// OpenAI Responses: `max_output_tokens`, `reasoning.effort`.
        case openAIResponses
    }

    public var shape: Shape
    public var maxTokens: Int?
    public var maxCompletionTokens: Int?
    public var maxOutputTokens: Int?
    /// `thinking.budget_tokens`, read only when `thinking.type` is `enabled`.
    public var thinkingBudgetTokens: Int?
    /// `output_config.effort` (Anthropic) or `reasoning.effort` / `reasoning_effort` (OpenAI).
    public var effort: String?

    public init(shape: Shape, maxTokens: Int? = nil, maxCompletionTokens: Int? = nil, maxOutputTokens: Int? = nil,
                thinkingBudgetTokens: Int? = nil, effort: String? = nil) {
        self.shape = shape
        self.maxTokens = maxTokens
        self.maxCompletionTokens = maxCompletionTokens
        self.maxOutputTokens = maxOutputTokens
        self.thinkingBudgetTokens = thinkingBudgetTokens
        self.effort = effort
    }

    /// The output-token ceiling the client asked for, whichever field carries it.
    public var requestedOutputTokens: Int? { maxOutputTokens ?? maxCompletionTokens ?? maxTokens }
}

/// One field a cap lowered.
public struct CapChange: Sendable, Equatable, CustomStringConvertible {
    /// The field, named by its JSON path in the request.
    public enum Field: String, Sendable, Equatable {
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
        case maxOutputTokens = "max_output_tokens"
        case thinkingBudgetTokens = "thinking.budget_tokens"
        case outputConfigEffort = "output_config.effort"
        case reasoningEffort = "reasoning.effort"
        case reasoningEffortFlat = "reasoning_effort"
    }

    public var field: Field
    /// The JSON text to write in place of the old value (`8000`, `"medium"`).
    public var json: String
    /// The scope whose policy set the cap.
    public var scope: ScopeRef

    public var description: String { "\(field.rawValue)=\(json) (\(scope))" }
}

/// Decides how a request's reasoning and output settings are lowered to the policy's caps.
/// Caps only lower what the client sent; they never add a field (a model that does not know a
/// field would refuse the request) and never raise a value.
public enum ReasoningCap {
    /// Anthropic's smallest thinking budget.
    public static let minimumThinkingBudget = 1024

    /// The changes to make, in no particular order (empty when nothing exceeds a cap).
    public static func changes(for fields: CapFields, policy: EffectivePolicy) -> [CapChange] {
        var out: [CapChange] = []
        var effectiveMax = fields.maxTokens
        if let cap = policy.maxOutputTokens {
            let lowered: [(CapChange.Field, Int?)] = [
                (.maxTokens, fields.maxTokens), (.maxCompletionTokens, fields.maxCompletionTokens), (.maxOutputTokens, fields.maxOutputTokens),
            ]
            for (field, value) in lowered {
                guard let value, value > cap.value else { continue }
                out.append(CapChange(field: field, json: String(cap.value), scope: cap.scope))
                if field == .maxTokens { effectiveMax = cap.value }
            }
        }
        if fields.shape == .anthropic, let budget = fields.thinkingBudgetTokens {
            // Clamp to [1024, min(cap, max_tokens - 1)], lowering only.
            let thinkingCap = policy.maxThinkingTokens
            let maxLowered = effectiveMax != fields.maxTokens
            if thinkingCap != nil || maxLowered {
                var ceiling = thinkingCap?.value ?? Int.max
                var scope = thinkingCap?.scope
                if let max = effectiveMax, max - 1 < ceiling {
                    ceiling = max - 1
                    if maxLowered { scope = policy.maxOutputTokens?.scope }
                }
                let clamped = Swift.max(minimumThinkingBudget, Swift.min(budget, ceiling))
                if clamped < budget, let scope {
                    out.append(CapChange(field: .thinkingBudgetTokens, json: String(clamped), scope: scope))
                }
            }
        }
        if let cap = policy.maxEffort, let sent = fields.effort {
            let valid = fields.shape == .anthropic ? EffortLevel.anthropic : EffortLevel.openAI
            let current = EffortLevel(rawValue: sent)
            if current.map({ $0 > cap.value }) ?? true {
                let lowered = EffortLevel.lowered(to: cap.value, among: valid)
                if current != lowered {
                    let field: CapChange.Field =
                        switch fields.shape {
                        case .anthropic: .outputConfigEffort
                        case .openAIChat: .reasoningEffortFlat
                        case .openAIResponses: .reasoningEffort
                        }
                    out.append(CapChange(field: field, json: "\"\(lowered.rawValue)\"", scope: cap.scope))
                }
            }
        }
        return out
    }

    /// A one-line note for the audit record, e.g. `cap thinking.budget_tokens=8000 (team:platform)`.
    public static func note(_ changes: [CapChange]) -> String? {
        changes.isEmpty ? nil : "cap " + changes.map(\.description).joined(separator: ", ")
    }
}
