/// Translates a streamed answer from the upstream's wire to the client's: a pure state machine
/// fed network reads of any size, returning the client's bytes. No I/O, no clock.
///
/// Each (upstream, client) pair is one direction: the upstream's decoder (SSE → ``StreamEvent``)
/// joined to the client's encoder (``StreamEvent`` → SSE). The provider's own usage is kept in
/// ``providerUsage`` so the gateway charges what the provider counted, whatever the client's wire.
///
/// Only for different wires: a same-wire stream must be relayed byte for byte (this machine
/// re-serialises, and drops what it cannot carry, such as Anthropic's thinking signatures).
///
/// Example:
/// ```swift
/// var translator = StreamTranslator(upstream: .openAIChat, client: .anthropic, options: StreamOptions(estimatedInputTokens: 900))
/// for read in upstreamReads { send(translator.feed(read)) }
/// send(translator.finish())
/// charge(translator.providerUsage)
/// ```
public struct StreamTranslator: Sendable {
    public let upstream: Wire
    public let client: Wire
    private var reader = SSEReader()
    private var decoder: any StreamDecoder
    private var encoder: any StreamEncoder
    private var events: [StreamEvent] = []
    private var droppedFeatures = DroppedFeatures()
    /// Whether the upstream ended properly (Anthropic `message_stop`, Chat `[DONE]`, Responses `response.completed`).
    public private(set) var completed = false
    /// Whether the stream ended in an error (the upstream's, or a broken stream); the client got its wire's error event.
    public private(set) var failed = false
    /// The failure the stream ended with, when `failed`.
    public private(set) var failure: WireFailure?
    /// Bytes of generated text, reasoning and tool arguments read so far (what a stream cut before the
    /// provider's usage is charged from, at 4 bytes a token).
    public private(set) var contentBytes = 0

    public init(upstream: Wire, client: Wire, options: StreamOptions = StreamOptions()) {
        self.upstream = upstream
        self.client = client
        switch upstream {
        case .anthropic: decoder = AnthropicStreamDecoder()
        case .openAIChat: decoder = ChatStreamDecoder()
        case .openAIResponses: decoder = ResponsesStreamDecoder()
        }
        switch client {
        case .anthropic: encoder = AnthropicStreamEncoder(options: options)
        case .openAIChat: encoder = ChatStreamEncoder(options: options)
        case .openAIResponses: encoder = ResponsesStreamEncoder(options: options)
        }
    }

    /// The provider's usage read so far, in its own counts.
    public var providerUsage: TokenUsage? { decoder.usage }
    /// Whether the provider's final usage was read.
    public var usageIsFinal: Bool { decoder.usageIsFinal }
    /// What could not be carried to the client's wire (thinking signatures, server tools, …).
    public var dropped: [String] { droppedFeatures.names }
    /// Bytes of an unfinished upstream event held while waiting for its end.
    public var pendingByteCount: Int { reader.bufferedBytes }

    /// Feeds upstream bytes; returns the client's bytes they complete (possibly none).
    public mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        guard !completed, !failed else { return [] }
        guard let frames = reader.feed(bytes) else {
            return fail(WireFailure(status: 502, message: "the upstream sent a stream event over \(SSEReader.maximumEventBytes) bytes"))
        }
        var out: [UInt8] = []
        for frame in frames { translate(frame, into: &out) }
        return out
    }

    /// The upstream closed the stream: a last unterminated event is read; a stream that did not end
    /// properly ends with the client wire's error event, never a made-up completion.
    public mutating func finish() -> [UInt8] {
        guard !completed, !failed else { return [] }
        var out: [UInt8] = []
        if let last = reader.finish() { translate(last, into: &out) }
        if !completed, !failed { out += fail(WireFailure(status: 502, message: "the upstream stream ended before its last event")) }
        return out
    }

    /// Ends the stream with a failure the gateway detected (timeout, connection error).
    public mutating func fail(_ failure: WireFailure) -> [UInt8] {
        guard !completed, !failed else { return [] }
        failed = true
        self.failure = failure
        var out: [UInt8] = []
        encoder.encode(.failure(failure), into: &out)
        return out
    }

    private mutating func translate(_ frame: SSEEvent, into out: inout [UInt8]) {
        guard !completed, !failed else { return }
        events.removeAll(keepingCapacity: true)
        decoder.decode(frame, into: &events, dropped: &droppedFeatures)
        for event in events {
            encoder.encode(event, into: &out)
            switch event {
            case .end: completed = true
            case .failure(let failure):
                failed = true
                self.failure = failure
            case .delta(_, let text):
                contentBytes += text.utf8.count
                continue
            default: continue
            }
            return
        }
    }
}
