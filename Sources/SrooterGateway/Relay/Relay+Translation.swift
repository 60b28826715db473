import HTTPTypes
import Hummingbird
import NIOCore
import SrooterWire

/// The relay of an answer from a provider of another wire: the provider's answer, whole or
/// streamed, translated into the client's wire (``ReplyTranslator``, ``StreamTranslator``), with
/// the provider's own usage charged and recorded. What could not be carried is named in the
/// `srooter-dropped` header (for a stream, what was known before it started) and in the audit note
/// (everything).
extension Relay {
    /// The header naming what a translation dropped.
    static let droppedHeader = HTTPField.Name("srooter-dropped")

    func translatedHeaders(contentType: String, dropped: [String]) -> HTTPFields {
        var headers = responseHeaders
        headers[.contentType] = contentType
        if !dropped.isEmpty, let name = Self.droppedHeader { headers.append(HTTPField(name: name, value: dropped.joined(separator: ", "))) }
        return headers
    }

    /// A whole answer (or any provider error) in the client's wire; an answer that cannot be read is a 502.
    func translatedWhole(_ collected: ByteBuffer, firstByte: ContinuousClock.Instant?, _ translation: Translation) async -> Response {
        let bytes = collected.readableBytesView
        let client = translation.client
        guard upstream.status < 300 else {
            let body = ReplyTranslator.translateError(status: upstream.status, body: bytes, to: client)
            await end(RelayEnd(status: upstream.status, outcome: .upstreamError, firstByte: firstByte, translationNote: translation.note()))
            logger.info("request served", metadata: ["srooter.status": "\(upstream.status)", "srooter.stream": "false", "srooter.translated": "true"])
            return Response(
                status: HTTPResponse.Status(code: upstream.status), headers: translatedHeaders(contentType: "application/json", dropped: translation.dropped),
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        let reply: TranslatedReply
        do {
            reply = try ReplyTranslator.translate(bytes, from: translation.upstream, to: client, options: translation.options)
        } catch {
            let message = "srooter: the provider's answer could not be read for translation (\(error))"
            await end(RelayEnd(status: 502, outcome: .upstreamError, firstByte: firstByte, translationNote: translation.note()))
            logger.warning("untranslatable upstream answer", metadata: ["srooter.status": "502"])
            return Refusal(status: 502, outcome: .upstreamError, message: message).response(on: surface)
        }
        let dropped = Translation.merged(translation.dropped, reply.dropped)
        await end(RelayEnd(
            status: upstream.status, outcome: .ok, usage: Usage(reply.providerUsage), firstByte: firstByte,
            translationNote: translation.note(dropped: reply.dropped)))
        logger.info("request served", metadata: ["srooter.status": "\(upstream.status)", "srooter.stream": "false", "srooter.translated": "true"])
        return Response(
            status: HTTPResponse.Status(code: upstream.status), headers: translatedHeaders(contentType: "application/json", dropped: dropped),
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    /// A stream in the client's wire, translated as the provider's events arrive.
    func translatedStreaming(_ translation: Translation, connection: ClientConnection?) -> Response {
        var headers = translatedHeaders(contentType: "text/event-stream", dropped: translation.dropped)
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let body = upstream.body
            let token = connection?.onClose { body.cancel() }
            defer { if let token { connection?.forget(token) } }
            let state = await translateFrames(&writer, from: body, translation)
            // The record is committed before the stream's final event reaches the client.
            await end(RelayEnd(
                status: 200, outcome: state.result, stream: state.charge, firstByte: state.firstByte,
                translationNote: translation.note(dropped: state.dropped)))
            if state.held.readableBytes > 0 { try? await writer.write(state.held) }
            try? await writer.finish(nil)
            logger.info("stream served", metadata: ["srooter.outcome": "\(state.result.rawValue)", "srooter.translated": "true"])
        })
    }

    private struct TranslatedState {
        var result = Outcome.ok
        var charge = StreamCharge(usage: Usage(), sawUsage: false, sawFinalUsage: false, contentBytes: 0)
        var dropped: [String] = []
        var firstByte: ContinuousClock.Instant?
        /// The client's final events (and anything after them), sent once the audit record is committed.
        var held = ByteBuffer()
    }

    private func translateFrames(_ writer: inout any ResponseBodyWriter, from upstream: UpstreamBody, _ translation: Translation) async -> TranslatedState {
        var translator = StreamTranslator(upstream: translation.upstream, client: translation.client, options: translation.options)
        var state = TranslatedState()
        var held = 0  // bytes of an unfinished big event counted in `memory`
        defer { memory.give(held) }
        var failedUpstream = false
        func settle() {
            let usage = translator.providerUsage
            state.charge = StreamCharge(
                usage: usage.map(Usage.init) ?? Usage(), sawUsage: usage != nil, sawFinalUsage: translator.usageIsFinal,
                contentBytes: translator.contentBytes)
            state.dropped = translator.dropped
        }
        do {
            while let chunk = try await upstream.next() {
                let out = translator.feed(chunk.readableBytesView)
                if translator.completed {
                    state.held.writeBytes(out)
                } else if !out.isEmpty {
                    state.firstByte = state.firstByte ?? .now
                    do {
                        try await writer.write(ByteBuffer(bytes: out))
                    } catch {
                        state.result = .clientDisconnected
                        upstream.cancel()
                        settle()
                        return state
                    }
                }
                if translator.failed {
                    // The provider reported an error: the client has its wire's error event; nothing follows.
                    failedUpstream = true
                    upstream.cancel()
                    break
                }
                let pending = translator.pendingByteCount
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
            if !failedUpstream {
                let out = translator.finish()
                if translator.completed { state.held.writeBytes(out) } else if !out.isEmpty { try? await writer.write(ByteBuffer(bytes: out)) }
            }
            if !translator.completed { state.result = failedUpstream ? .upstreamError : .incomplete }
        } catch BodyMemory.Refusal.full {
            upstream.cancel()
            state.result = .overloaded
            logger.warning("upstream stream cut: limits.max_buffered_body_bytes reached", metadata: ["srooter.outcome": "overloaded"])
            try? await writer.write(ByteBuffer(bytes: translator.fail(WireFailure(status: 503, message: Self.memoryMessage))))
        } catch {
            let failure = UpstreamError.from(error)
            state.result = failure.outcome
            logger.warning("upstream stream failed", metadata: ["srooter.outcome": "\(failure.outcome.rawValue)"])
            try? await writer.write(ByteBuffer(bytes: translator.fail(WireFailure(status: failure.status, message: failure.message))))
        }
        settle()
        return state
    }
}
