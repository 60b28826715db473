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

    /// Reads a parsed body of `wire` into a ``WireRequest``.
    public static func read(_ root: JSONValue, wire: Wire, dropped: inout DroppedFeatures) throws(TranslationError) -> WireRequest {
        switch wire {
        case .anthropic: try AnthropicRequestReader.read(root, dropped: &dropped)
        case .openAIChat: try ChatRequestReader.read(root, dropped: &dropped)
        case .openAIResponses: try ResponsesRequestReader.read(root, dropped: &dropped)
        }
    }

    /// Renders a ``WireRequest`` for `wire`.
    public static func write(_ request: WireRequest, wire: Wire, options: RequestOptions = RequestOptions(), dropped: inout DroppedFeatures) -> JSONValue {
        switch wire {
        case .anthropic: AnthropicRequestWriter.write(request, options: options, dropped: &dropped)
        case .openAIChat: ChatRequestWriter.write(request, options: options, dropped: &dropped)
        case .openAIResponses: ResponsesRequestWriter.write(request, options: options, dropped: &dropped)
        }
    }
}
