/// A whole (non-streamed) answer with no wire.
public struct WireReply: Sendable, Equatable {
    public var id = ""
    public var model = ""
    public var blocks: [Block] = []
    public var stopReason = StopReason.endTurn
    public var usage = TokenUsage()

    public enum Block: Sendable, Equatable {
        case text(String)
        case thinking(String)
        case toolCall(id: String, name: String, arguments: String)
    }
}
