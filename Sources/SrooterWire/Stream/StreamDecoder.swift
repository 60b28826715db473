/// Reads one upstream wire's stream events into ``StreamEvent``s, keeping the provider's usage.
protocol StreamDecoder: Sendable {
    /// Decodes one upstream event, appending what it means to `out`.
    mutating func decode(_ event: SSEEvent, into out: inout [StreamEvent], dropped: inout DroppedFeatures)
    /// The provider's usage read so far, in its own counts.
    var usage: TokenUsage? { get }
    /// Whether the provider's final usage was read (not only Anthropic's opening count).
    var usageIsFinal: Bool { get }
}

extension StreamDecoder {
    /// Parses an event's data as a JSON object, or reports a failure.
    func object(_ event: SSEEvent, into out: inout [StreamEvent]) -> JSONValue? {
        guard let root = try? JSONText.parse(event.data), case .object = root else {
            out.append(.failure(WireFailure(status: 502, message: "the upstream sent a stream event that is not a JSON object")))
            return nil
        }
        return root
    }
}
