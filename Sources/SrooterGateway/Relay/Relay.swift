import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The relay stage: carries an upstream response to the client, whole (non-streaming, or any
/// provider error, passed through unchanged with its status) or frame by frame as SSE arrives,
/// reading usage on the way. Transport and frame transforms only: how the exchange ended goes to
/// `end` (the finish stage) before the response's last bytes go out. An answer from a provider of
/// another wire is translated on the way (`Relay+Translation.swift`).
struct Relay: Sendable {
    let surface: Surface
    let upstream: UpstreamResponse
    /// Drop the chat usage-only chunk that srooter asked for and the client did not.
    let dropUsageChunk: Bool
    /// The request's id, sent back as `x-srooter-request-id`.
    let requestID: String
    /// srooter's own headers for this caller (rate limits), replacing the provider's of the same name.
    let ownHeaders: [HTTPField]
    let logger: RequestLog
    /// Upstream bytes buffered here count against the limit request bodies count against
    /// (`limits.max_buffered_body_bytes`): a whole body as it arrives, and a stream's unfinished
    /// event once it passes `unaccountedEventBytes` (so ordinary events cost no accounting).
    let memory: BodyMemory
    /// Called once, when the exchange has ended and before the last bytes go out; returns once
    /// the outcome is recorded.
    let end: @Sendable (RelayEnd) async -> Void
    /// How the answer is translated, when the provider speaks another wire than the client (nil: relayed as it is).
    var translation: Translation? = nil

    static let unaccountedEventBytes = 64 << 10

    static let memoryMessage = "srooter: the gateway holds too many bytes in memory (limits.max_buffered_body_bytes); retry shortly"

    /// Bigger upstream bodies are cut off (a non-streaming answer is never this big).
    static let maximumWholeBody = 64 << 20

    private static let requestIDName = HTTPField.Name("x-srooter-request-id")

    /// Appended, not set by name: setting searches every field already there, per header.
    var responseHeaders: HTTPFields {
        let own = ownHeaders
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
        if let name = Self.requestIDName { fields.append(HTTPField(name: name, value: requestID)) }
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
            await end(RelayEnd(status: 503, outcome: .overloaded))
            logger.warning("upstream response dropped: limits.max_buffered_body_bytes reached", metadata: ["srooter.status": "503"])
            return Refusal(status: 503, outcome: .overloaded, message: Self.memoryMessage, headers: [HTTPField(name: .retryAfter, value: "1")])
                .response(on: surface)
        } catch {
            upstream.body.cancel()
            let failure = UpstreamError.from(error)
            await end(RelayEnd(status: failure.status, outcome: failure.outcome))
            logger.warning("upstream failed", metadata: ["srooter.status": "\(failure.status)", "srooter.outcome": "\(failure.outcome.rawValue)"])
            return Refusal(failure).response(on: surface)
        }
        if let translation { return await translatedWhole(collected, firstByte: firstByte, translation) }
        var capture = UsageCapture(wire: surface.wire)
        let ok = upstream.status < 300
        if ok, surface != .anthropicCountTokens { capture.observe(body: Array(collected.readableBytesView)) }
        await end(RelayEnd(status: upstream.status, outcome: ok ? .ok : .upstreamError, usage: capture.usage, firstByte: firstByte))
        logger.info("request served", metadata: ["srooter.status": "\(upstream.status)", "srooter.stream": "false"])
        return Response(status: HTTPResponse.Status(code: upstream.status), headers: responseHeaders, body: ResponseBody(byteBuffer: collected))
    }

    /// - Parameter connection: the client's connection; its disconnect ends the upstream stream at once.
    func streaming(connection: ClientConnection? = nil) -> Response {
        if let translation { return translatedStreaming(translation, connection: connection) }
        var headers = responseHeaders
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            // A disconnect ends the upstream stream at once, even while the provider is silent.
            let body = upstream.body
            let token = connection?.onClose { body.cancel() }
            defer { if let token { connection?.forget(token) } }
            let state = await relayFrames(&writer, from: body)
            // The record is committed before the stream's final event reaches the client.
            await end(RelayEnd(status: 200, outcome: state.result, stream: StreamCharge(state.capture), firstByte: state.firstByte))
            if state.held.readableBytes > 0 { try? await writer.write(state.held) }
            try? await writer.finish(nil)
            logger.info("stream served", metadata: ["srooter.outcome": "\(state.result.rawValue)"])
        })
    }

    private struct StreamState {
        var result = Outcome.ok
        var capture: UsageCapture
        var firstByte: ContinuousClock.Instant?
        /// The stream's final event (`message_stop`, `[DONE]`, `response.completed`) and anything
        /// after it, sent only once the audit record is committed.
        var held = ByteBuffer()
    }

    private func relayFrames(_ writer: inout any ResponseBodyWriter, from upstream: UpstreamBody) async -> StreamState {
        var state = StreamState(capture: UsageCapture(wire: surface.wire))
        var parser = SSEParser()
        var held = 0  // bytes of an unfinished big event counted in `memory`
        defer { memory.give(held) }
        do {
            while let chunk = try await upstream.next() {
                var out = ByteBuffer()
                for frame in parser.feed(chunk.readableBytesView) { emit(frame, into: &out, &state) }
                if out.readableBytes > 0 {
                    state.firstByte = state.firstByte ?? .now
                    do {
                        try await writer.write(out)
                    } catch {
                        state.result = .clientDisconnected
                        upstream.cancel()
                        return state
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
                emit(last, into: &out, &state)
                if out.readableBytes > 0 { try? await writer.write(out) }
            }
            if !state.capture.completed { state.result = state.capture.sawError ? .upstreamError : .incomplete }
        } catch BodyMemory.Refusal.full {
            upstream.cancel()
            state.result = .overloaded
            logger.warning("upstream stream cut: limits.max_buffered_body_bytes reached", metadata: ["srooter.outcome": "overloaded"])
            try? await writer.write(ByteBuffer(bytes: surface.errorFrame(status: 503, message: Self.memoryMessage)))
        } catch {
            let failure = UpstreamError.from(error)
            state.result = failure.outcome
            logger.warning("upstream stream failed", metadata: ["srooter.outcome": "\(failure.outcome.rawValue)"])
            try? await writer.write(ByteBuffer(bytes: surface.errorFrame(status: failure.status, message: failure.message)))
        }
        return state
    }

    private func emit(_ frame: SSEFrame, into out: inout ByteBuffer, _ state: inout StreamState) {
        let ended = state.capture.completed
        state.capture.observe(frame)
        if dropUsageChunk, state.capture.lastWasUsageChunk { return }
        if state.capture.completed || ended {
            state.held.writeBytes(frame.raw)
        } else {
            out.writeBytes(frame.raw)
        }
    }
}

/// How a relay ended: the status the client got, the outcome, and what was read of the usage.
struct RelayEnd: Sendable {
    var status: Int
    var outcome: Outcome
    /// The usage of a whole body (none when nothing usable arrived).
    var usage = Usage()
    /// What a stream's usage was read as; the finish stage charges it (an estimate when cut short).
    var stream: StreamCharge?
    var firstByte: ContinuousClock.Instant?
    /// The audit note of a translated answer (the wires, what was dropped); nil for the same wire.
    var translationNote: String?
}
