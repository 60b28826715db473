/// A non-streamed answer rendered for the client's wire.
public struct TranslatedReply: Sendable, Equatable {
    public var body: [UInt8]
    /// The provider's usage, in its own counts (what the gateway charges).
    public var providerUsage: TokenUsage
    public var dropped: [String]
}

/// Translates whole answer bodies (non-streaming requests) between wires. Pure.
public enum ReplyTranslator {
    /// Translates a successful answer body.
    public static func translate<Bytes: Collection<UInt8>>(_ body: Bytes, from upstream: Wire, to client: Wire, options: StreamOptions = StreamOptions()) throws(TranslationError) -> TranslatedReply {
        let root: JSONValue
        do { root = try JSONText.parse(body) } catch { throw .notJSON(error) }
        var dropped = DroppedFeatures()
        let reply = try ReplyReader.read(root, wire: upstream, dropped: &dropped)
        let out = ReplyWriter.write(reply, wire: client, options: options, dropped: &dropped)
        return TranslatedReply(body: JSONText.bytes(out), providerUsage: reply.usage, dropped: dropped.names)
    }

    /// Reads a successful answer body of `wire` without rendering it for another (the gateway's
    /// council reads its members' answers so).
    public static func read<Bytes: Collection<UInt8>>(_ body: Bytes, from wire: Wire) throws(TranslationError) -> WireReply {
        let root: JSONValue
        do { root = try JSONText.parse(body) } catch { throw .notJSON(error) }
        var dropped = DroppedFeatures()
        return try ReplyReader.read(root, wire: wire, dropped: &dropped)
    }

    /// Translates an upstream error answer (any status of 400 and up) into the client's error body; the status is kept.
    public static func translateError<Bytes: Collection<UInt8>>(status: Int, body: Bytes, to client: Wire) -> [UInt8] {
        WireErrors.body(WireErrors.failure(status: status, body: body), wire: client)
    }
}
