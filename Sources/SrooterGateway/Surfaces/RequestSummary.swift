/// What the gateway reads from a request body: the model, whether it streams, and the prompt's
/// hash. Nothing else is kept, and the prompt itself never leaves this value's computation.
public struct RequestSummary: Sendable {
    /// The parsed body (for in-place edits).
    public let root: JSONNode
    /// The `model` field.
    public let model: String
    /// Whether the client asked for a stream.
    public let stream: Bool
    /// `PromptHash` of the request's system prompt and conversation.
    public let promptSHA256: String?

    /// Why a body cannot be served.
    public enum Problem: Error, Sendable, Equatable {
        case malformed(String)
        case missingModel
    }

    /// Reads a body sent to `surface`.
    public init(body: [UInt8], surface: Surface) throws(Problem) {
        let root: JSONNode
        do {
            root = try JSONParser.parse(body)
        } catch {
            throw .malformed(error.description)
        }
        guard case .object = root.value else { throw .malformed("the body must be a JSON object") }
        guard let model = root["model"]?.string, !model.isEmpty else { throw .missingModel }
        self.root = root
        self.model = model
        self.stream = surface.canStream && root["stream"]?.bool == true
        switch surface.wire {
        case .anthropic:
            promptSHA256 = PromptHash.hex(system: root["system"], messages: root["messages"])
        case .openAIChat:
            promptSHA256 = PromptHash.hex(system: nil, messages: root["messages"])
        case .openAIResponses:
            promptSHA256 = PromptHash.hex(system: root["instructions"], messages: root["input"])
        }
    }
}
