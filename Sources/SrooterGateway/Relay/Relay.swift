import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Carries an upstream response to the client: whole (non-streaming, or any provider error,
/// passed through unchanged with its status), or frame by frame as SSE arrives, capturing usage
/// on the way, and committing the audit record before the response's last bytes go out.
struct Relay: Sendable {
    let surface: Surface
    let upstream: UpstreamResponse
    /// Drop the chat usage-only chunk that srooter asked for and the client did not.
    let dropUsageChunk: Bool
    let trail: Trail
    let prices: ModelConfig.Prices
    let audit: AuditWriter
    let logger: RequestLog
    /// Upstream bytes buffered here count against the limit request bodies count against
    /// (`limits.max_buffered_body_bytes`): a whole body as it arrives, and a stream's unfinished
    /// event once it passes `unaccountedEventBytes` (so ordinary events cost no accounting).
    let memory: BodyMemory

    static let unaccountedEventBytes = 64 << 10

    private static let memoryMessage = "srooter: the gateway holds too many bytes in memory (limits.max_buffered_body_bytes); retry shortly"

    /// Bigger upstream bodies are cut off (a non-streaming answer is never this big).
    static let maximumWholeBody = 64 << 20

    private static let requestIDName = HTTPField.Name("x-srooter-request-id")

    /// Appended, not set by name: setting searches every field already there, per header.
    private var responseHeaders: HTTPFields {
        let own = trail.policy?.headers ?? []
        var fields = HTTPFields()
        fields.reserveCapacity(upstream.headers.count + own.count + 2)
        fields.append(HTTPField(name: .contentType, value: upstream.contentType ?? "application/json"))
        for header in upstream.headers {
            guard let name = HTTPField.Name(header.name) else { continue }
            // srooter's own limits for this caller replace the provider's headers of the same name.
            if !own.isEmpty, own.contains(where: { $0.name == name }) { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        fields.append(contentsOf: own)
        if let name = Self.requestIDName { fields.append(HTTPField(name: name, value: trail.requestID)) }
        return fields
    }

    func whole() async -> Response {
        var collected = ByteBuffer()
        var firstByte: ContinuousClock.Instant?
        var held = 0
        defer { memory.give(held) }
        do {
            while let chunk = try await upstream.body.next() {
                firstByte = firstByte ?? .now
                guard collected.readableBytes + chunk.readableBytes <= Self.maximumWholeBody else {
                    throw UpstreamError.unreachable("the upstream response exceeded \(Self.maximumWholeBody) bytes")
                }
                guard memory.take(chunk.readableBytes) else { throw BodyMemory.Refusal.full }
                held += chunk.readableBytes
                collected.writeImmutableBuffer(chunk)
            }
        } catch BodyMemory.Refusal.full {
            upstream.body.cancel()
            await trail.commit(to: audit, status: 503, outcome: "overloaded", usage: Usage(), prices: prices, firstByte: nil)
            logger.warning("upstream response dropped: limits.max_buffered_body_bytes reached", metadata: ["srooter.status": "503"])
            return Response(
                status: .serviceUnavailable, headers: [.contentType: "application/json", .retryAfter: "1"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: surface.errorBody(status: 503, message: Self.memoryMessage))))
        } catch {
            upstream.body.cancel()
            let failure = UpstreamError.from(error)
            let status = failure.status == 499 ? 504 : failure.status
            await trail.commit(to: audit, status: status, outcome: failure.outcome, usage: Usage(), prices: prices, firstByte: nil)
            logger.warning("upstream failed", metadata: ["srooter.status": "\(status)", "srooter.outcome": "\(failure.outcome)"])
            return Response(
                status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: surface.errorBody(status: status, message: failure.message))))
        }
        var capture = UsageCapture(wire: surface.wire)
        let ok = upstream.status < 300
        if ok, surface != .anthropicCountTokens { capture.observe(body: Array(collected.readableBytesView)) }
        await trail.commit(
            to: audit, status: upstream.status, outcome: ok ? "ok" : "upstream_error", usage: capture.usage, prices: prices, firstByte: firstByte)
        logger.info("request served", metadata: ["srooter.status": "\(upstream.status)", "srooter.stream": "false"])
        return Response(status: HTTPResponse.Status(code: upstream.status), headers: responseHeaders, body: ResponseBody(byteBuffer: collected))
    }

    /// - Parameter connection: the client's connection; its disconnect ends the upstream stream at once.
    func streaming(connection: ClientConnection? = nil) -> Response {
        var headers = responseHeaders
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            // A disconnect ends the upstream stream at once, even while the provider is silent.
            let body = upstream.body
            let token = connection?.onClose { body.cancel() }
            defer { if let token { connection?.forget(token) } }
            let outcome = await relayFrames(&writer, from: body)
            // Cut before the provider's usage (a hang-up, a broken upstream): charged an estimate.
            let charge = outcome.capture.charge(requestBytes: trail.requestBytes)
            // The record is committed before the stream's final event reaches the client.
            await trail.commit(
                to: audit, status: 200, outcome: outcome.result, usage: charge.usage, usageEstimated: charge.estimated, prices: prices,
                firstByte: outcome.firstByte)
            if outcome.held.readableBytes > 0 { try? await writer.write(outcome.held) }
            try? await writer.finish(nil)
            logger.info("stream served", metadata: ["srooter.outcome": "\(outcome.result)"])
        })
    }

    private struct Outcome {
        var result = "ok"
        var capture: UsageCapture
        var firstByte: ContinuousClock.Instant?
        /// The stream's final event (`message_stop`, `[DONE]`, `response.completed`) and anything
        /// after it, sent only once the audit record is committed.
        var held = ByteBuffer()
    }

    private func relayFrames(_ writer: inout any ResponseBodyWriter, from upstream: UpstreamBody) async -> Outcome {
        var outcome = Outcome(capture: UsageCapture(wire: surface.wire))
        var parser = SSEParser()
        var held = 0  // bytes of an unfinished big event counted in `memory`
        defer { memory.give(held) }
        do {
            while let chunk = try await upstream.next() {
                var out = ByteBuffer()
                for frame in parser.feed(chunk.readableBytesView) { emit(frame, into: &out, &outcome) }
                if out.readableBytes > 0 {
                    outcome.firstByte = outcome.firstByte ?? .now
                    do {
                        try await writer.write(out)
                    } catch {
                        outcome.result = "client_disconnected"
                        upstream.cancel()
                        return outcome
                    }
                }
                let pending = parser.pendingByteCount
                if pending > Self.unaccountedEventBytes || held > 0 {
                    let wanted = pending > Self.unaccountedEventBytes ? pending : 0
                    if wanted > held {
                        guard memory.take(wanted - held) else { throw BodyMemory.Refusal.full }
                    } else {
                        memory.give(held - wanted)
                    }
                    held = wanted
                }
            }
            if let last = parser.finish() {
                var out = ByteBuffer()
                emit(last, into: &out, &outcome)
                if out.readableBytes > 0 { try? await writer.write(out) }
            }
            if !outcome.capture.completed { outcome.result = outcome.capture.sawError ? "upstream_error" : "incomplete" }
        } catch BodyMemory.Refusal.full {
            upstream.cancel()
            outcome.result = "overloaded"
            logger.warning("upstream stream cut: limits.max_buffered_body_bytes reached", metadata: ["srooter.outcome": "overloaded"])
            try? await writer.write(ByteBuffer(bytes: surface.errorFrame(status: 503, message: Self.memoryMessage)))
        } catch {
            let failure = UpstreamError.from(error)
            outcome.result = failure.outcome == "client_disconnected" ? "client_disconnected" : failure.outcome
            logger.warning("upstream stream failed", metadata: ["srooter.outcome": "\(failure.outcome)"])
            try? await writer.write(ByteBuffer(bytes: surface.errorFrame(status: failure.status == 499 ? 504 : failure.status, message: failure.message)))
        }
        return outcome
    }

    private func emit(_ frame: SSEFrame, into out: inout ByteBuffer, _ outcome: inout Outcome) {
        let ended = outcome.capture.completed
        outcome.capture.observe(frame)
        if dropUsageChunk, outcome.capture.lastWasUsageChunk { return }
        if outcome.capture.completed || ended {
            outcome.held.writeBytes(frame.raw)
        } else {
            out.writeBytes(frame.raw)
        }
    }
}
