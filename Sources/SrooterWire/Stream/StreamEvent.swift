/// One step of a streamed answer with no wire: what decoders produce and encoders consume.
///
/// Blocks are identified by a decoder-chosen `block` number; at most one block is open at a time
/// (a decoder closes one before it opens the next).
public enum StreamEvent: Sendable, Equatable {
    /// The answer began. `usage` is the input count when the upstream gives it at the start (Anthropic).
    case start(id: String, model: String, usage: TokenUsage?)
    case blockStart(block: Int, kind: BlockKind)
    /// Text, reasoning text or a fragment of tool-call arguments, by the kind of the block.
    case delta(block: Int, text: String)
    case blockStop(block: Int)
    /// The provider's usage so far (cumulative: the last one stands).
    case usage(TokenUsage)
    case finish(StopReason)
    /// The upstream reported an error; nothing follows.
    case failure(WireFailure)
    /// The upstream ended its stream properly.
    case end

    public enum BlockKind: Sendable, Equatable {
        case text
        case thinking
        case toolCall(id: String, name: String)
    }
}

/// An error from a provider (or about its stream), wire-neutral: the HTTP status it maps to and a message.
public struct WireFailure: Sendable, Equatable, Error {
    public var status: Int
    public var message: String
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }
}
