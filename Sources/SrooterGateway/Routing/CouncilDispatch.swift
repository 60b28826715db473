import HTTPTypes
import Hummingbird
import NIOCore
import SrooterRouting
import SrooterStore
import SrooterWire

extension Pipeline {
    /// Dispatch for a council route (the three stages of Karpathy's llm-council):
    ///
    /// 1. every member answers the client's turn, in parallel and whole (not streamed), each in
    ///    its provider's wire;
    /// 2. every member that answered ranks the anonymous answers (`Response A`, `Response B`, …),
    ///    in parallel; a ranking whose `FINAL RANKING:` list cannot be read is ignored;
    /// 3. the chair writes the final answer from the question, the answers and the aggregate
    ///    ranking; its response is returned for the relay stage, streamed or whole as the client
    ///    asked, translated into the client's wire when the chair's provider speaks another.
    ///
    /// A member call that fails, answers with an error or takes longer than the member timeout is
    /// dropped; with no answer left the client gets the members' error (a 504 when they all timed
    /// out). Each member call's usage goes into the trail's ``CouncilLedger`` for the finish stage
    /// to charge and record with the chair's; nothing is settled or recorded here. A client that
    /// hangs up cancels every member call at once. The answers live in memory only.
    func dispatchCouncil(
        _ call: GatewayRequest, _ admitted: Admitted, seats: CouncilSeats, request: Request, hangUp: HangUp?, trail: inout Trail
    ) async throws(Refusal) -> Dispatched {
        var ledger = CouncilLedger(members: seats.members.map(\.name))
        var held = 0
        defer {
            trail.council = ledger
            bodies.give(held)
        }
        let client = call.surface.wire
        let edited = BodyRewrite.apply(
            to: call.bytes, root: call.summary.root, model: admitted.route.upstreamModel, ensureIncludeUsage: false, extra: admitted.edits)
        let asked: WireRequest
        do {
            var dropped = DroppedFeatures()
            asked = try RequestTranslator.read(try JSONText.parse(edited.bytes), wire: client, dropped: &dropped)
        } catch {
            throw Refusal(status: 400, outcome: .clientError,
                message: "srooter: route '\(call.requestedModel)' is a council and this request cannot be read for its members: \(error)")
        }
        let timeout = seats.memberTimeoutSeconds

        // Stage 1: every member answers.
        let first = await councilRound(seats.members.map { ($0, asked) }, call: call, request: request, timeout: timeout, hangUp: hangUp)
        held += first.held
        var answers: [(member: ModelConfig, text: String)] = []
        var failures: [CouncilReply] = []
        for (member, reply) in zip(seats.members, first.replies) {
            if case .answered(let text, let usage) = reply {
                ledger.charge(member, .answer, usage)
                if text.isEmpty {
                    ledger.drop(member.name, "answer: no text")
                } else {
                    answers.append((member, text))
                }
            } else {
                ledger.drop(member.name, "answer: \(reply.why)")
                failures.append(reply)
            }
        }
        if first.hungUp || hangUp?.fired == true { throw Refusal(UpstreamError.cancelled) }
        guard !answers.isEmpty else { throw Self.councilFailure(call, failures) }

        // Stage 2: every member that answered ranks the answers (nothing to rank with one).
        var rankings: [[Int]] = []
        if answers.count > 1 {
            let texts = answers.map(\.text)
            let review = CouncilPrompts.ranking(asked, answers: texts)
            let second = await councilRound(answers.map { ($0.member, review) }, call: call, request: request, timeout: timeout, hangUp: hangUp)
            held += second.held
            for ((member, _), reply) in zip(answers, second.replies) {
                guard case .answered(let text, let usage) = reply else {
                    ledger.note(member.name, "ranking: \(reply.why)")
                    continue
                }
                ledger.charge(member, .ranking, usage)
                if let order = CouncilRanking.parse(text, count: texts.count) {
                    rankings.append(order)
                } else {
                    ledger.note(member.name, "ranking ignored: unparsable")
                }
            }
            if second.hungUp || hangUp?.fired == true { throw Refusal(UpstreamError.cancelled) }
        }

        // Stage 3: the chair writes the answer, streamed to the client as it asked.
        let standings = CouncilRanking.aggregate(rankings, count: answers.count)
        var chair = CouncilPrompts.chair(asked, answers: answers.map(\.text), standings: standings, rankings: rankings.count)
        chair.model = admitted.route.upstreamModel
        chair.stream = call.stream
        let wire = admitted.upstreamWire
        let surface = Surface.generating(wire)
        var dropped = DroppedFeatures()
        let body = JSONText.bytes(RequestTranslator.write(chair, wire: wire, options: Self.writeOptions(admitted.provider), dropped: &dropped))
        let upstreamRequest = UpstreamRequest(
            surface: surface, pathAndQuery: surface.path, body: body,
            forwardedHeaders: ForwardedHeaders.select(request.headers, client: client, upstream: wire),
            clientCredential: call.clientCredential, stream: call.stream, hangUp: hangUp)
        let response: UpstreamResponse
        do throws(UpstreamError) {
            response = try await admitted.provider.send(upstreamRequest)
        } catch {
            throw Refusal(error)
        }
        guard wire != client else {
            // The chat writer always asks a stream for its usage; a client that did not gets none.
            return Dispatched(upstream: response, addedIncludeUsage: wire == .openAIChat && call.stream && asked.streamIncludeUsage != true)
        }
        let translation = Translation(
            client: client, upstream: wire, dropped: [],
            options: StreamOptions(
                estimatedInputTokens: (body.count + 3) / 4, createdAt: Timestamp.unixSeconds(), includeUsageChunk: asked.streamIncludeUsage == true))
        return Dispatched(upstream: response, addedIncludeUsage: false, translation: translation)
    }

    /// The refusal when no member answered: a 504 when every member timed out, else the status
    /// of the first member that answered with an error (502 for one that could not be reached).
    private static func councilFailure(_ call: GatewayRequest, _ failures: [CouncilReply]) -> Refusal {
        let route = call.requestedModel
        if failures.allSatisfy({ if case .timedOut = $0 { true } else { false } }) {
            return Refusal(status: 504, outcome: .timeout, message: "srooter: no member of council route '\(route)' answered within its member timeout")
        }
        var status = 502
        for failure in failures {
            if case .failed(let code?, _) = failure { status = code; break }
        }
        return Refusal(status: status, outcome: .upstreamError,
            message: "srooter: every member of council route '\(route)' failed (\(failures.map(\.why).joined(separator: ", "))); retry shortly")
    }

    static func writeOptions(_ provider: any Provider) -> RequestOptions {
        var options = RequestOptions()
        if provider.config.kind == .openAICompatible { options.chatMaxTokensMember = "max_tokens" }
        return options
    }
}

/// How one member call of a council ended.
enum CouncilReply: Sendable {
    /// The member's answer text (text blocks only) and the usage its provider reported.
    case answered(text: String, usage: Usage)
    /// An error status (`status`), or a failure before any (nil), with a content-free reason.
    case failed(status: Int?, reason: String)
    case timedOut(seconds: Double)

    /// The content-free reason a call did not count (for the audit note).
    var why: String {
        switch self {
        case .answered: "answered"
        case .failed(_, let reason): reason
        case .timedOut(let seconds): "timeout after \(seconds) s"
        }
    }
}
