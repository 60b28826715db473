import Hummingbird
import NIOCore
import SrooterWire

extension Pipeline {
    /// One council stage: each `(model, request)` sent at once, whole, each within `timeout`
    /// seconds, in a task group that the client's hang-up cancels. Replies come back in the order
    /// of `calls`; `held` is the answer bytes counted in ``BodyMemory``, for the caller to give back.
    func councilRound(
        _ calls: [(ModelConfig, WireRequest)], call: GatewayRequest, request: Request, timeout: Double, hangUp: HangUp?
    ) async -> (replies: [CouncilReply], held: Int, hungUp: Bool) {
        let (signal, hungUp) = AsyncStream<Void>.makeStream()
        hangUp?.onHangUp { hungUp.finish() }
        return await withTaskGroup(of: (index: Int, reply: CouncilReply, held: Int)?.self) { group in
            for (index, (model, body)) in calls.enumerated() {
                group.addTask {
                    let (reply, held) = await self.councilCall(model, body, call: call, request: request, timeout: timeout)
                    return (index, reply, held)
                }
            }
            if hangUp != nil {
                // Ends when the client hangs up (or when the round is over and cancels it).
                group.addTask {
                    for await _ in signal {}
                    return nil
                }
            }
            var replies = [CouncilReply](repeating: .failed(status: nil, reason: "cancelled"), count: calls.count)
            var held = 0, remaining = calls.count, cut = false
            while remaining > 0, let next = await group.next() {
                guard let next else {
                    if hangUp?.fired == true {
                        cut = true
                        group.cancelAll()
                    }
                    continue
                }
                replies[next.index] = next.reply
                held += next.held
                remaining -= 1
            }
            group.cancelAll()
            while let late = await group.next() { held += late?.held ?? 0 }
            return (replies, held, cut)
        }
    }

    /// One member call within `timeout` seconds: the reply, and the bytes it holds in ``BodyMemory``.
    private func councilCall(
        _ model: ModelConfig, _ body: WireRequest, call: GatewayRequest, request: Request, timeout: Double
    ) async -> (CouncilReply, Int) {
        await withTaskGroup(of: (CouncilReply, Int)?.self) { race in
            race.addTask { await self.councilExchange(model, body, call: call, request: request) }
            race.addTask {
                do { try await Task.sleep(for: .seconds(timeout)) } catch { return nil }
                return (.timedOut(seconds: timeout), 0)
            }
            var outcome: (CouncilReply, Int) = (.failed(status: nil, reason: "cancelled"), 0)
            if let first = await race.next(), let first { outcome = first }
            race.cancelAll()
            while let late = await race.next() {
                if let late { outcome.1 += late.1 }
            }
            return outcome
        }
    }

    /// Sends `body` to `model` in its provider's wire and reads the whole answer.
    private func councilExchange(_ model: ModelConfig, _ body: WireRequest, call: GatewayRequest, request: Request) async -> (CouncilReply, Int) {
        guard let provider = providers[model.provider] else { return (.failed(status: nil, reason: "no provider \(model.provider)"), 0) }
        let client = call.surface.wire
        let wire = provider.config.kind.upstreamWire(for: client)
        var asked = body
        asked.model = model.upstreamModel
        asked.stream = false
        var dropped = DroppedFeatures()
        let bytes = JSONText.bytes(RequestTranslator.write(asked, wire: wire, options: Self.writeOptions(provider), dropped: &dropped))
        let surface = Surface.generating(wire)
        let upstream = UpstreamRequest(
            surface: surface, pathAndQuery: surface.path, body: bytes,
            forwardedHeaders: ForwardedHeaders.select(request.headers, client: client, upstream: wire),
            clientCredential: call.clientCredential, stream: false, hangUp: nil)
        let response: UpstreamResponse
        do throws(UpstreamError) {
            response = try await provider.send(upstream)
        } catch {
            return (.failed(status: nil, reason: "\(error.outcome.rawValue) (\(error.status))"), 0)
        }
        var collected: [UInt8] = []
        var held = 0
        do {
            while let chunk = try await response.body.next() {
                guard collected.count + chunk.readableBytes <= Self.councilAnswerLimit else {
                    response.body.cancel()
                    return (.failed(status: nil, reason: "answer over \(Self.councilAnswerLimit) bytes"), held)
                }
                guard bodies.take(chunk.readableBytes) else {
                    response.body.cancel()
                    return (.failed(status: nil, reason: "overloaded"), held)
                }
                held += chunk.readableBytes
                collected.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            response.body.cancel()
            let failure = UpstreamError.from(error)
            return (.failed(status: nil, reason: "\(failure.outcome.rawValue) (\(failure.status))"), held)
        }
        guard response.status < 300 else { return (.failed(status: response.status, reason: "\(response.status)"), held) }
        guard let reply = try? ReplyTranslator.read(collected, from: wire) else {
            return (.failed(status: 502, reason: "unreadable answer"), held)
        }
        let text = reply.blocks.compactMap { block -> String? in
            if case .text(let text) = block { return text }
            return nil
        }.joined()
        return (.answered(text: text, usage: Usage(reply.usage)), held)
    }

    /// A member's whole answer (or ranking) larger than this is dropped.
    static let councilAnswerLimit = 4 << 20
}
