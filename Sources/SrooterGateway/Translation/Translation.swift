import SrooterWire

/// A request served across wires: the client speaks one wire, the routed model's provider another.
/// The request body was translated on the way up (``Pipeline/dispatchTranslated``); the answer is
/// translated on the way back (`Relay+Translation.swift`).
struct Translation: Sendable {
    /// The client's wire.
    let client: Wire
    /// The provider's wire.
    let upstream: Wire
    /// What the request's translation could not carry.
    let dropped: [String]
    /// What the answer's translation needs that the upstream does not say.
    let options: StreamOptions

    /// The audit record's note for this translation, naming everything dropped on the way up and back.
    func note(dropped more: [String] = []) -> String {
        let all = Self.merged(dropped, more)
        let head = "translated \(client.rawValue) to \(upstream.rawValue)"
        return all.isEmpty ? head : head + "; dropped: " + all.joined(separator: ", ")
    }

    /// `first` then the names of `second` not already in it.
    static func merged(_ first: [String], _ second: [String]) -> [String] {
        var out = first
        for name in second where !out.contains(name) { out.append(name) }
        return out
    }
}

extension Surface {
    /// The endpoint that generates answers on `wire` (what a translated request is sent to).
    static func generating(_ wire: Wire) -> Surface {
        switch wire {
        case .anthropic: .anthropicMessages
        case .openAIChat: .openAIChat
        case .openAIResponses: .openAIResponses
        }
    }
}

extension Usage {
    /// The provider's counts as SrooterWire read them (same terms: uncached input, cache reads and writes apart).
    init(_ usage: TokenUsage) {
        self.init(inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cacheReadTokens: usage.cacheReadTokens, cacheWriteTokens: usage.cacheWriteTokens)
    }
}

extension ProviderConfig.Kind {
    /// The wire a request arriving on `client` goes upstream in: the client's own when the provider
    /// speaks it (relayed byte for byte), else the provider's native wire (translated): Anthropic
    /// Messages for `anthropic`, Chat Completions for `openai` and `openai-compatible`.
    func upstreamWire(for client: Wire) -> Wire {
        if wires.contains(client) { return client }
        switch self {
        case .anthropic: return .anthropic
        case .openai, .openAICompatible: return .openAIChat
        case .mock: return client
        }
    }
}
