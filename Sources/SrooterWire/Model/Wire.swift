/// The three wires srooter translates between.
public enum Wire: String, Sendable, Codable, CaseIterable {
    /// Anthropic Messages (`POST /v1/messages`).
    case anthropic
    /// OpenAI Chat Completions (`POST /v1/chat/completions`), also spoken by Ollama, vLLM and llama.cpp.
    case openAIChat = "openai-chat"
    /// OpenAI Responses (`POST /v1/responses`).
    case openAIResponses = "openai-responses"
}
