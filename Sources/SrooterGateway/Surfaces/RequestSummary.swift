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
        /// A member srooter reads or rewrites appears twice (its dotted path).
        case duplicate(String)
    }

    /// Reads a body sent to `surface`.
    public init(body: [UInt8], surface: Surface) throws(Problem) {
        let root: JSONNode
        do {
            root = try JSONParser.parse(body)
        } catch {
            throw .malformed(error.description)
        }
        guard case .object(let members) = root.value else { throw .malformed("the body must be a JSON object") }
        if let repeated = Self.repeatedMember(members) { throw .duplicate(repeated) }
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

    /// The first member srooter reads or rewrites that the body repeats (`model`, `thinking.budget_tokens`, ...), or nil.
    ///
    /// srooter reads the last copy of a member; a provider's parser may take the first, so a body
    /// with two `model` or `max_tokens` members could be checked on one value and served on the
    /// other. Only the top-level members and the members of `thinking`, `reasoning`,
    /// `output_config` and `stream_options` that srooter looks at are compared, on the tree already
    /// parsed: no second pass over the body, no allocation.
    static func repeatedMember(_ members: [(key: String, node: JSONNode)]) -> String? {
        var seen: UInt32 = 0
        for member in members {
            guard let bit = topLevelBit(member.key) else { continue }
            if seen & bit != 0 { return member.key }
            seen |= bit
            guard bit & nestedBits != 0, case .object(let inner) = member.node.value else { continue }
            var seenInner: UInt32 = 0
            for child in inner {
                guard let childBit = nestedBit(child.key) else { continue }
                if seenInner & childBit != 0 { return member.key + "." + child.key }
                seenInner |= childBit
            }
        }
        return nil
    }

    /// The objects whose members are compared too: thinking, reasoning, output_config, stream_options.
    private static let nestedBits: UInt32 = 1 << 7 | 1 << 8 | 1 << 9 | 1 << 2

    private static func topLevelBit(_ key: String) -> UInt32? {
        switch key {
        case "model": 1 << 0
        case "stream": 1 << 1
        case "stream_options": 1 << 2
        case "max_tokens": 1 << 3
        case "max_completion_tokens": 1 << 4
        case "max_output_tokens": 1 << 5
        case "reasoning_effort": 1 << 6
        case "thinking": 1 << 7
        case "reasoning": 1 << 8
        case "output_config": 1 << 9
        case "system": 1 << 10
        case "messages": 1 << 11
        case "instructions": 1 << 12
        case "input": 1 << 13
        default: nil
        }
    }

    private static func nestedBit(_ key: String) -> UInt32? {
        switch key {
        case "type": 1 << 0
        case "budget_tokens": 1 << 1
        case "effort": 1 << 2
        case "include_usage": 1 << 3
        default: nil
        }
    }
}
