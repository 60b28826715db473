import Hummingbird

extension Pipeline {
    /// The relay stage: the provider's answer to the client, whole or as a stream; its end goes
    /// to the finish stage (a stream's before its final event).
    func relay(_ sent: Dispatched, call: GatewayRequest, trail: Trail, connection: ClientConnection?, log: RequestLog) async -> Response {
        let finish = finish
        let relay = Relay(
            surface: call.surface, upstream: sent.upstream, dropUsageChunk: sent.addedIncludeUsage, requestID: trail.requestID,
            ownHeaders: trail.policy?.headers ?? [], logger: log, memory: bodies,
            end: { end in await finish.deliver(RequestOutcome(trail, end)) }, translation: sent.translation)
        if sent.upstream.status >= 300 || !call.stream {
            return await relay.whole()
        }
        return relay.streaming(connection: connection)
    }
}

extension RequestOutcome {
    /// The outcome of a relayed request. A stream cut before the provider's usage (a hang-up, a
    /// broken upstream) is charged an estimate (`UsageCapture.charge`).
    init(_ trail: Trail, _ end: RelayEnd) {
        let charge = end.stream.map { $0.charge(requestBytes: trail.requestBytes) } ?? (usage: end.usage, estimated: false)
        self.init(
            trail: trail, status: end.status, outcome: end.outcome, usage: charge.usage, usageEstimated: charge.estimated,
            firstByte: end.firstByte, translationNote: end.translationNote)
    }
}
