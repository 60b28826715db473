/// A request rendered for another wire, with what could not be carried.
public struct TranslatedRequest: Sendable, Equatable {
    /// The upstream body (compact JSON).
    public var body: [UInt8]
    /// The wire-neutral request it was rendered from (model, stream, … for the pipeline).
    public var request: WireRequest
    /// What was dropped, for the `srooter-dropped` header and the audit note.
    public var dropped: [String]
}

/// Translates request bodies between wires: read into a ``WireRequest``, render for the target.
/// Pure: no I/O, no clock. The six cross-wire directions are the six (from, to) pairs.
///
/// Example:
/// ```swift
/// let out = try RequestTranslator.translate(body, from: .anthropic, to: .openAIChat)
/// out.body     // a Chat Completions body
/// out.dropped  // ["cache_control", "thinking (signed)"]
/// ```
public enum RequestTranslator {
    public static func translate<Bytes: Collection<UInt8>>(_ body: Bytes, from source: Wire, to target: Wire, options: RequestOptions = RequestOptions()) throws(TranslationError) -> TranslatedRequest {
        let root: JSONValue
        do { root = try JSONText.parse(body) } catch { throw .notJSON(error) }
        guard case .object = root else { throw .invalid("body (not an object)") }
        var dropped = DroppedFeatures()
        let request = try read(root, wire: source, dropped: &dropped)
        let out = write(request, wire: target, options: options, dropped: &dropped)
        return TranslatedRequest(body: JSONText.bytes(out), request: request, dropped: dropped.names)
    }

    /// Reads a parsed body of `wire` into a ``WireRequest``. Top-level members the reader does not
    /// carry (`frequency_penalty`, `seed`, `include`, `context_management`, …) are named in `dropped`.
    public static func read(_ root: JSONValue, wire: Wire, dropped: inout DroppedFeatures) throws(TranslationError) -> WireRequest {
        for member in root.members ?? [] where !carried[wire, default: []].contains(member.key) {
            dropped.add(member.key)
        }
        return switch wire {
        case .anthropic: try AnthropicRequestReader.read(root, dropped: &dropped)
        case .openAIChat: try ChatRequestReader.read(root, dropped: &dropped)
        case .openAIResponses: try ResponsesRequestReader.read(root, dropped: &dropped)
        }
    }

    /// The top-level members each reader carries (or reports itself, as `top_k`).
    private static let carried: [Wire: Set<String>] = [
        .anthropic: [
            "model", "system", "messages", "tools", "tool_choice", "stop_sequences", "temperature", "top_p", "top_k",
            "max_tokens", "thinking", "output_config", "output_format", "metadata", "stream",
        ],
        .openAIChat: [
            "model", "messages", "tools", "tool_choice", "parallel_tool_calls", "stop", "temperature", "top_p",
            "max_completion_tokens", "max_tokens", "reasoning_effort", "user", "response_format", "stream", "stream_options",
            "prompt_cache_key",
        ],
        .openAIResponses: [
            "model", "instructions", "input", "tools", "tool_choice", "parallel_tool_calls", "temperature", "top_p",
            "max_output_tokens", "reasoning", "user", "text", "previous_response_id", "stream", "prompt_cache_key",
        ],
    ]

    /// Renders a ``WireRequest`` for `wire`.
    public static func write(_ request: WireRequest, wire: Wire, options: RequestOptions = RequestOptions(), dropped: inout DroppedFeatures) -> JSONValue {
        switch wire {
        case .anthropic: AnthropicRequestWriter.write(request, options: options, dropped: &dropped)
        case .openAIChat: ChatRequestWriter.write(request, options: options, dropped: &dropped)
        case .openAIResponses: ResponsesRequestWriter.write(request, options: options, dropped: &dropped)
        }
    }
}
