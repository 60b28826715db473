import Foundation
import Testing

/// Issue 16, item 4: connections that send nothing, or a byte now and then, are closed on
/// time; past the connection cap, new connections get 503 (health checks still answered) while
/// admitted connections keep working; request bodies held in memory are capped across requests.
/// Small limits in `limits:` keep each wait to a few seconds.
@Suite(.serialized) struct ConnectionLimitsTests {
    static func chat(_ key: String, prompt: String = "hello", stream: Bool = false) -> String {
        let body = #"{"model":"gpt-test","stream":\#(stream),"messages":[{"role":"user","content":"\#(prompt)"}]}"#
        return "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer \(key)\r\ncontent-type: application/json\r\n"
            + "content-length: \(body.utf8.count)\r\n\r\n" + body
    }

    static let health = "GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n"

    /// Sends `request` on a fresh connection and returns the whole response.
    static func exchange(_ port: Int, _ request: String, seconds: Double = 20) async throws -> RawResponse {
        let connection = try await RawConnection.open(port: port, initial: request)
        defer { Task { await connection.close() } }
        try await connection.wait(for: "a whole response", seconds: seconds) { bytes, _ in RawResponse(bytes).complete }
        return RawResponse(connection.received)
    }

    /// Sends a request head that never ends, one header line every 300 ms, until the gateway
    /// closes the connection (at most 60 lines).
    static func trickleHead(_ connection: RawConnection) -> Task<Void, Never> {
        Task {
            for index in 0..<60 where !connection.isClosed {
                try? await Task.sleep(for: .milliseconds(300))
                try? await connection.send("x-slow-\(index): 1\r\n")
            }
        }
    }

    @Test func slowConnectionsPastTheCapAreClosedOnTimeWhileOthersAreServed() async throws {
        // Long enough for the checks below to run while every slow connection is still open, on a
        // machine busy with the rest of the suite.
        let header = 5.0
        let harness = try PolicyHarness(extraConfig: "limits: {max_connections: 4, header_seconds: \(header), keep_alive_seconds: 60}\n")
        let key = try await harness.key(for: "ada")
        try await harness.start()
        defer { harness.terminate() }

        // An admitted keep-alive connection, served before the slow ones arrive.
        let kept = try await RawConnection.open(port: harness.port, initial: Self.chat(key))
        try await kept.wait(for: "the first answer", seconds: 20) { bytes, _ in RawResponse(bytes).complete }
        #expect(RawResponse(kept.received).status == 200)
        let firstAnswer = kept.received.count

        // Slow senders: the rest of the cap and two more (those two land in the overflow reserve).
        var slow: [RawConnection] = []
        var senders: [Task<Void, Never>] = []
        for _ in 0..<5 {
            let connection = try await RawConnection.open(port: harness.port, initial: "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\n")
            slow.append(connection)
            senders.append(Self.trickleHead(connection))
        }

        // The cap is reached: a health check is answered, a model call gets 503 at once.
        let healthz = try await Self.exchange(harness.port, Self.health)
        #expect(healthz.status == 200, "GET /healthz past the connection cap")
        let refusal = try await RawConnection.open(port: harness.port, initial: Self.chat(key))
        try await refusal.wait(for: "a 503", seconds: 10) { bytes, _ in RawResponse(bytes).complete }
        let refused = RawResponse(refusal.received)
        #expect(refused.status == 503 && refused.headers["connection"] == "close", "a request past the cap: \(refused.status)")
        let answeredIn = try #require(refusal.timeToFirstByte)
        #expect(answeredIn < .seconds(1), "refused quickly: \(answeredIn)")
        await refusal.close()
        // The admitted connection still works.
        try await kept.send(Self.chat(key))
        try await kept.wait(for: "the second answer", seconds: 20) { bytes, _ in
            RawResponse(Array(bytes[firstAnswer...])).complete
        }
        #expect(RawResponse(Array(kept.received[firstAnswer...])).status == 200)

        // Every slow connection is closed at the header timeout (timed from just before it connected to
        // the close as the event loop saw it).
        for connection in slow {
            try await connection.wait(for: "the gateway to close a slow connection", seconds: header + 10) { _, closed in closed }
            let lifetime = try #require(connection.lifetime)
            #expect(lifetime >= .seconds(header - 0.05) && lifetime < .seconds(header + 2), "a slow connection closed after \(lifetime)")
        }
        #expect(slow.allSatisfy { RawResponse($0.received).status == 0 }, "no answer to a head that never ended")
        for sender in senders { await sender.value }

        // Room again: a new connection is served.
        let after = try await Self.exchange(harness.port, Self.chat(key))
        #expect(after.status == 200)
        await kept.close()
    }

    @Test func slowBodiesAndIdleKeepAliveAreClosedButLongStreamsAreNot() async throws {
        let harness = try PolicyHarness(
            extraConfig: "limits: {header_seconds: 1, keep_alive_seconds: 1, min_body_bytes_per_second: 200}\n")
        let key = try await harness.key(for: "ada")
        try await harness.start()
        defer { harness.terminate() }

        // A body that trickles at 40 bytes a second is cut after the grace second.
        let slowBody = try await RawConnection.open(
            port: harness.port,
            initial: "POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer \(key)\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n")
        let trickle = Task {
            for _ in 0..<100 where !slowBody.isClosed {
                try? await Task.sleep(for: .milliseconds(250))
                try? await slowBody.send("          ")
            }
        }
        try await slowBody.wait(for: "the slow body to be cut", seconds: 15) { _, closed in closed }
        let cut = try #require(slowBody.lifetime)
        #expect(cut >= .seconds(1) && cut < .seconds(3.5), "cut after \(cut)")
        await trickle.value

        // A keep-alive connection left idle after its answer is closed after keep_alive_seconds.
        let idle = try await RawConnection.open(port: harness.port, initial: Self.chat(key))
        try await idle.wait(for: "an answer", seconds: 20) { bytes, _ in RawResponse(bytes).complete }
        try await idle.wait(for: "the idle connection to close", seconds: 15) { _, closed in closed }
        let idleLifetime = try #require(idle.lifetime)
        #expect(idleLifetime >= .seconds(1) && idleLifetime < .seconds(3.5), "closed after \(idleLifetime)")

        // A stream that runs far longer than every timeout here (20 events, 200 ms apart) is whole.
        let stream = try await Self.exchange(harness.port, Self.chat(key, prompt: "mock:slow", stream: true), seconds: 30)
        #expect(stream.status == 200 && String(decoding: stream.body, as: UTF8.self).contains("data: [DONE]"))
    }

    @Test func bodiesHeldInMemoryAreCappedAcrossRequests() async throws {
        let harness = try PolicyHarness(extraConfig: "limits: {max_buffered_body_bytes: 65536}\n")
        let key = try await harness.key(for: "ada")
        try await harness.start()
        defer { harness.terminate() }

        // 50 KB held by a request whose provider does not answer (mock:hang).
        let holding = Self.chat(key, prompt: "mock:hang " + String(repeating: "x", count: 50_000))
        var holder = try await RawConnection.open(port: harness.port, initial: holding)
        // A 20 KB request does not fit beside it: 503 at once; health checks still answer.
        let big = Self.chat(key, prompt: String(repeating: "y", count: 20_000))
        var refused = try await Self.exchange(harness.port, big)
        let deadline = ContinuousClock.now + .seconds(10)
        while refused.status == 200, ContinuousClock.now < deadline {
            // The gateway may read a probe before the holder: then the probe fits and the holder, not
            // fitting beside it, is the one refused. A fresh holder is counted once the probe is done.
            if !holder.received.isEmpty {
                await holder.close()
                holder = try await RawConnection.open(port: harness.port, initial: holding)
            }
            refused = try await Self.exchange(harness.port, big)
        }
        #expect(refused.status == 503 && refused.headers["retry-after"] == "1", "\(refused.status)")
        #expect(holder.received.isEmpty, "the holder is still waiting for its provider")
        #expect(String(decoding: refused.body, as: UTF8.self).contains("max_buffered_body_bytes"))
        #expect(try await Self.exchange(harness.port, Self.health).status == 200)
        #expect(try await Self.exchange(harness.port, Self.chat(key)).status == 200, "a small request still fits")

        // The holder hangs up; its bytes are given back and the big request fits.
        await holder.close()
        var served = try await Self.exchange(harness.port, big)
        while served.status == 503, ContinuousClock.now < deadline + .seconds(10) { served = try await Self.exchange(harness.port, big) }
        #expect(served.status == 200)
    }

    @Test func upstreamBytesHeldInMemoryAreCapped() async throws {
        let harness = try PolicyHarness(extraConfig: "limits: {max_buffered_body_bytes: 65536}\n")
        // A provider that sends one ordinary chunk, then 200 KB of an event that never ends.
        let huge = RecordedStream(
            name: "huge", path: "/v1/chat/completions", model: "gpt-test",
            frames: [
                RecordedStream.chat.frames[0],
                #"data: {"choices":[{"index":0,"delta":{"content":""# + String(repeating: "x", count: 200_000),
                "\n\ndata: [DONE]\n\n",  // never sent: the cut is after the second frame
            ],
            finalUsageFrame: 99, usage: (0, 0, 0, 0), prices: (1.25, 10, 0.125, 0))
        let upstream = try await ScriptedStreamUpstream(port: harness.mockPort, streams: [huge, RecordedStream.responses])
        let key = try await harness.key(for: "ada")
        try await harness.startServe()
        defer { harness.terminate() }

        func request(_ path: String, _ body: String) -> String {
            "POST \(path) HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer \(key)\r\ncontent-type: application/json\r\n"
                + "content-length: \(body.utf8.count)\r\n\r\n" + body
        }
        // Streamed: the event is cut with an error event naming the limit (not the idle timeout's, 5 s later).
        let stream = try await Self.exchange(
            harness.port, request("/v1/chat/completions", #"{"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"srooter-cut 2 hangup"}]}"#))
        let events = stream.events
        #expect(stream.status == 200 && events.count == 2, "\(events.count) events")
        #expect(events.last?.contains("max_buffered_body_bytes") == true, "\(events.last?.prefix(300) ?? "")")
        // Whole: 503 before the rest of the body is waited for.
        let whole = try await Self.exchange(
            harness.port, request("/v1/chat/completions", #"{"model":"gpt-test","messages":[{"role":"user","content":"srooter-cut 2 hangup"}]}"#))
        #expect(whole.status == 503 && String(decoding: whole.body, as: UTF8.self).contains("max_buffered_body_bytes"), "\(whole.status)")
        // What they held was given back: an ordinary stream is relayed whole.
        let normal = try await Self.exchange(
            harness.port, request("/v1/responses", #"{"model":"gpt-test","stream":true,"input":"srooter-cut 99 hangup"}"#))
        #expect(normal.status == 200 && normal.events.last?.contains("response.completed") == true)
        await upstream.close()
    }
}
