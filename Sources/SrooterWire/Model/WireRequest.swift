/// A request with no wire: what every reader produces and every writer consumes.
///
/// Readers fill it from one wire's body; writers render it in another. What a reader meets that
/// no other wire can carry is named in ``TranslatedRequest/dropped``.
public struct WireRequest: Sendable, Equatable {
    public var model = ""
    /// System prompt parts in order (Anthropic `system`, Chat system/developer messages, Responses `instructions`).
    public var system: [String] = []
    public var messages: [Message] = []
    public var tools: [Tool] = []
    public var toolChoice: ToolChoice?
    public var parallelToolCalls: Bool?
    public var stopSequences: [String] = []
    public var temperature: JSONValue?
    public var topP: JSONValue?
    /// `max_tokens` / `max_completion_tokens` / `max_output_tokens`.
    public var maxOutputTokens: Int?
    public var reasoning: Reasoning?
    /// Anthropic `metadata.user_id` / OpenAI `user`.
    public var user: String?
    /// OpenAI's `prompt_cache_key` (Chat and Responses): which cached prefix the provider should try.
    public var promptCacheKey: String?
    public var outputFormat: OutputFormat?
    public var stream = false
    /// A Chat client's `stream_options.include_usage` (nil from other wires): whether it wants the usage chunk
    /// (``StreamOptions/includeUsageChunk``).
    public var streamIncludeUsage: Bool?

    public init() {}

    public enum Role: String, Sendable, Equatable { case user, assistant }

    /// One turn. Tool results travel in user turns (as Anthropic has them).
    public struct Message: Sendable, Equatable {
        public var role: Role
        public var parts: [Part]
        public init(role: Role, parts: [Part]) {
            self.role = role
            self.parts = parts
        }
    }

    public enum Part: Sendable, Equatable {
        case text(String)
        case image(Image)
        /// Reasoning text; the signature exists only when it came from Anthropic.
        case thinking(text: String, signature: String?)
        case toolCall(ToolCall)
        case toolResult(ToolResult)
    }

    public enum Image: Sendable, Equatable {
        case base64(mediaType: String, data: String)
        case url(String)

        /// The image as an OpenAI `image_url` (a `data:` URL for inline images).
        var url: String {
            switch self {
            case .base64(let mediaType, let data): "data:\(mediaType);base64,\(data)"
            case .url(let url): url
            }
        }

        /// Reads an OpenAI image URL, turning `data:TYPE;base64,DATA` into inline data.
        init(openAIURL url: String) {
            if url.hasPrefix("data:"), let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") {
                let mediaType = url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(7)
                self = .base64(mediaType: String(mediaType), data: String(url[url.index(after: comma)...]))
            } else {
                self = .url(url)
            }
        }
    }

    public struct ToolCall: Sendable, Equatable {
        public var id: String
        public var name: String
        /// The arguments as JSON text (OpenAI's form; Anthropic's `input` object is written out).
        public var arguments: String
    }

    public struct ToolResult: Sendable, Equatable {
        public var callID: String
        /// Text and image parts only.
        public var content: [Part]
        public var isError: Bool
    }

    public struct Tool: Sendable, Equatable {
        public var name: String
        public var description: String?
        public var schema: JSONValue
        public var strict: Bool?
    }

    public enum ToolChoice: Sendable, Equatable {
        case auto, none, required
        case named(String)
    }

    public enum OutputFormat: Sendable, Equatable {
        case jsonSchema(name: String, schema: JSONValue, strict: Bool?)
        case jsonObject
    }
}
