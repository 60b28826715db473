import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOSSL
import SrooterTestSupport
import Testing

@testable import SrooterGateway

/// `UpstreamClient` against a scripted TCP server on 127.0.0.1.
@Suite("Upstream client")
struct UpstreamClientTests {
    static let ok = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{\"ok\":true}"

    /// The total timeout counts from the start of `send`: long by default, a few times what the
    /// slowest exchange here takes in the full parallel run, so only one that never ends hits it.
    func client(idle: Double = 60, total: Double = 120) -> UpstreamClient {
        func amount(_ seconds: Double) -> TimeAmount { .milliseconds(Int64(seconds * 1000)) }
        return UpstreamClient(timeouts: .init(connect: amount(2), idle: amount(idle), total: amount(total)))
    }

    func origin(_ server: ScriptedUpstream) -> UpstreamOrigin {
        UpstreamOrigin(baseURL: "http://127.0.0.1:\(server.port)/prefix")!
    }

    func head(_ origin: UpstreamOrigin, body: Int) -> HTTPRequestHead {
        HTTPRequestHead(
            version: .http1_1, method: .POST, uri: origin.pathPrefix + "/v1/messages",
            headers: ["host": origin.hostHeader, "content-length": "\(body)", "content-type": "application/json"])
    }

    func drain(_ body: UpstreamBody) async throws -> (bytes: Int, batches: Int) {
        var bytes = 0
        var batches = 0
        while let chunk = try await body.next() {
            bytes += chunk.readableBytes
            batches += 1
        }
        return (bytes, batches)
    }

    @Test("base URLs: scheme, host, port, IPv6 and path prefix; anything else refused")
    func origins() async throws {
        let openAI = try #require(UpstreamOrigin(baseURL: "https://api.openai.com"))
        #expect(openAI.tls && openAI.host == "api.openai.com" && openAI.port == 443 && openAI.pathPrefix == "" && openAI.hostHeader == "api.openai.com")
        let local = try #require(UpstreamOrigin(baseURL: "http://127.0.0.1:8080/api/"))
        #expect(!local.tls && local.port == 8080 && local.pathPrefix == "/api" && local.hostHeader == "127.0.0.1:8080" && local.serverName == nil)
        let six = try #require(UpstreamOrigin(baseURL: "http://[::1]:11434"))
        #expect(six.host == "::1" && six.port == 11434 && six.hostHeader == "[::1]:11434" && six.serverName == nil)
        for bad in ["ftp://x", "http://", "http://:80", "http://host:0", "http://host:99999", "http://u@host", "http://host/a?b", "https://[::1", "http://a:b:c"] {
            #expect(UpstreamOrigin(baseURL: bad) == nil, "\(bad)")
        }
    }

    @Test("each request reaches the provider in one read, and 20 requests share one kept-alive connection")
    func oneWriteAndKeepAlive() async throws {
        let server = try await ScriptedUpstream { _ in .write([Self.ok]) }
        let client = client()
        let origin = origin(server)
        let payload = String(repeating: "{\"role\":\"user\"}", count: 40)
        for _ in 0..<20 {
            let (response, body) = try await client.send(to: origin, head: head(origin, body: payload.utf8.count), body: ByteBuffer(string: payload))
            #expect(response.status == .ok)
            #expect(try await drain(body).bytes == 11)
        }
        let stats = server.stats.withLockedValue { $0 }
        #expect(stats.connections == 1)
        #expect(stats.requests.count == 20)
        #expect(stats.requests.allSatisfy { $0.reads == 1 }, "reads per request: \(stats.requests.map(\.reads))")
        #expect(stats.requests.first?.text.hasPrefix("POST /prefix/v1/messages HTTP/1.1\r\n") == true)
        #expect(stats.requests.first?.text.hasSuffix(payload) == true)
        await client.shutdown()
        await server.close()
    }

    @Test("events that arrive together are taken together")
    func batches() async throws {
        let events = (0..<12).map { "data: {\"n\":\($0)}\n\n" }.joined()
        let chunked = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
            + events.split(separator: "\n\n").map { let frame = $0 + "\n\n"; return String(frame.utf8.count, radix: 16) + "\r\n" + frame + "\r\n" }.joined()
        let server = try await ScriptedUpstream { _ in .write([chunked, "0\r\n\r\n"]) }
        let client = client()
        let (_, body) = try await client.send(to: origin(server), head: head(origin(server), body: 0), body: ByteBuffer())
        #expect(await server.wait { $0.partsWritten == 2 }, "the provider wrote its whole answer")
        // Nothing is taken until the client has read the whole answer (its end included), in however
        // many socket reads: everything it read by then must come out as one batch.
        let deadline = ContinuousClock.now + .seconds(15)
        while !body.source.hasEnded, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(body.source.hasEnded, "the client never read the end of the answer")
        let (bytes, batches) = try await drain(body)
        #expect(bytes == events.utf8.count)
        #expect(batches == 1, "12 events in one read should come out as one batch, not \(batches)")
        await client.shutdown()
        await server.close()
    }

    @Test("a silent provider: idle timeout mid-body, total timeout before the head")
    func timeouts() async throws {
        let server = try await ScriptedUpstream { request in
            request.contains("hang") ? .silence : .write(["HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n", "partial"])
        }
        let idle = client(idle: 0.3)
        let (_, body) = try await idle.send(to: origin(server), head: head(origin(server), body: 0), body: ByteBuffer())
        await #expect(throws: UpstreamError.idleTimeout) { _ = try await drain(body) }

        let total = client(idle: 5, total: 0.3)
        await #expect(throws: UpstreamError.totalTimeout) {
            _ = try await total.send(to: origin(server), head: head(origin(server), body: 4), body: ByteBuffer(string: "hang"))
        }
        await idle.shutdown()
        await total.shutdown()
        await server.close()
    }

    @Test("nobody listening: a one-line unreachable error naming the address")
    func refused() async throws {
        let port = LoopbackPort.free()
        let origin = try #require(UpstreamOrigin(baseURL: "http://127.0.0.1:\(port)"))
        do {
            _ = try await client().send(to: origin, head: head(origin, body: 0), body: ByteBuffer())
            Issue.record("connected to a closed port")
        } catch {
            guard case .unreachable(let reason) = error else { Issue.record("got \(error)"); return }
            #expect(reason.hasPrefix("could not connect to 127.0.0.1:\(port)"))
            #expect(!reason.contains("\n"))
        }
    }

    @Test("cancelling a body closes its connection; the next request gets a fresh one")
    func cancelCloses() async throws {
        let server = try await ScriptedUpstream { request in
            request.contains("stream") ? .write(["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n", "5\r\nhello\r\n"]) : .write([Self.ok])
        }
        // The stream stays silent after its first chunk; only the cancel may end it here.
        let client = client(idle: 120)
        let (_, body) = try await client.send(to: origin(server), head: head(origin(server), body: 6), body: ByteBuffer(string: "stream"))
        #expect(try await body.next()?.readableBytes == 5)
        body.cancel()
        await #expect(throws: UpstreamError.cancelled) { _ = try await body.next() }
        // Polled, not slept: a starved parallel test run once took over 2 s to see the close.
        let deadline = ContinuousClock.now + .seconds(15)
        while server.stats.withLockedValue({ $0.closed }) == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.stats.withLockedValue { $0.closed } == 1)
        let (response, rest) = try await client.send(to: origin(server), head: head(origin(server), body: 0), body: ByteBuffer())
        #expect(response.status == .ok)
        _ = try await drain(rest)
        #expect(server.stats.withLockedValue { $0.connections } == 2)
        await client.shutdown()
        await server.close()
    }

    @Test("the client hanging up ends the exchange: before the head, mid-body, and before it started")
    func hangUpEndsTheExchange() async throws {
        let server = try await ScriptedUpstream { request in
            request.contains("hang") ? .silence : .write(["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n", "5\r\nhello\r\n"])
        }
        let client = client(idle: 120)
        // Before the head: the provider is silent; only the hang-up may end the wait.
        let early = HangUp()
        Task {
            // Fired once the provider holds the request, so the wait for its head is under way.
            _ = await server.wait { $0.requests.count == 1 }
            early.fire()
        }
        await #expect(throws: UpstreamError.cancelled) {
            _ = try await client.send(to: origin(server), head: head(origin(server), body: 4), body: ByteBuffer(string: "hang"), hangUp: early)
        }
        // Mid-body: the stream stays silent after its first chunk.
        let late = HangUp()
        let (_, body) = try await client.send(to: origin(server), head: head(origin(server), body: 6), body: ByteBuffer(string: "stream"), hangUp: late)
        #expect(try await body.next()?.readableBytes == 5)
        late.fire()
        await #expect(throws: UpstreamError.cancelled) { _ = try await body.next() }
        // Already hung up: nothing waits.
        let gone = HangUp()
        gone.fire()
        await #expect(throws: UpstreamError.cancelled) {
            _ = try await client.send(to: origin(server), head: head(origin(server), body: 4), body: ByteBuffer(string: "hang"), hangUp: gone)
        }
        let deadline = ContinuousClock.now + .seconds(15)
        while server.stats.withLockedValue({ $0.closed }) < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.stats.withLockedValue { $0.closed } == 3, "each hung-up exchange closes its connection")
        await client.shutdown()
        await server.close()
    }

    @Test("a reader that falls behind stops the socket reads: the provider cannot push 64 MiB into memory")
    func backpressure() async throws {
        let size = 64 << 20
        let server = try await ScriptedUpstream { _ in .bulk(size) }
        let client = client()
        let (_, body) = try await client.send(to: origin(server), head: head(origin(server), body: 0), body: ByteBuffer())
        // Waits for the provider's writes to stall: the count of bytes written stays the same over
        // 40 polls in a row (or everything was written, which the checks below refuse).
        var (last, steady) = (-1, 0)
        let deadline = ContinuousClock.now + .seconds(15)
        while steady < 40, ContinuousClock.now < deadline, !server.stats.withLockedValue({ $0.bulkDone }) {
            let now = server.stats.withLockedValue { $0.bulkWritten }
            (last, steady) = (now, now == last && now > 0 ? steady + 1 : 0)
            try await Task.sleep(for: .milliseconds(5))
        }
        let written = server.stats.withLockedValue { $0.bulkWritten }
        #expect(written < size / 2, "the provider wrote \(written) bytes while nobody read")
        #expect(!server.stats.withLockedValue { $0.bulkDone })
        let (bytes, _) = try await drain(body)
        #expect(bytes == size)
        await client.shutdown()
        await server.close()
    }

    @Test("https: the provider's certificate is checked against the name; an untrusted one is refused")
    func tls() async throws {
        let folder = TemporaryDirectory()
        let made = try await CommandRunner.run(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost", "-keyout", folder.file("key.pem"), "-out", folder.file("cert.pem")])
        try #require(made.status == 0, "openssl: \(made.stderr)")
        let certificate = try NIOSSLCertificate.fromPEMFile(folder.file("cert.pem"))
        let serverTLS = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificate.map { .certificate($0) }, privateKey: .file(folder.file("key.pem")))
        let server = try await ScriptedUpstream(tls: try NIOSSLContext(configuration: serverTLS)) { _ in .write([Self.ok]) }
        let origin = try #require(UpstreamOrigin(baseURL: "https://localhost:\(server.port)"))
        #expect(origin.serverName == "localhost")

        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.trustRoots = .certificates(certificate)
        let client = UpstreamClient(timeouts: .init(connect: .seconds(2), idle: .seconds(5), total: .seconds(120)), tls: trusting)
        let (response, body) = try await client.send(to: origin, head: head(origin, body: 0), body: ByteBuffer())
        #expect(response.status == .ok)
        #expect(try await drain(body).bytes == 11)
        #expect(server.stats.withLockedValue { $0.requests.first?.text.hasPrefix("POST /v1/messages HTTP/1.1\r\n") } == true)

        // The system's roots do not know this certificate.
        do {
            _ = try await self.client().send(to: origin, head: head(origin, body: 0), body: ByteBuffer())
            Issue.record("an untrusted certificate was accepted")
        } catch {
            guard case .unreachable = error else { Issue.record("got \(error)"); return }
            #expect(error.message.hasSuffix("(TLS: the provider's certificate is not trusted or is not for its name)"), "\(error.message)")
        }
        await client.shutdown()
        await server.close()
    }

    @Test("a request its caller gave up on before it started fails at once, even when closing is immediate")
    func cancelledBeforeStart() async throws {
        // EmbeddedChannel closes inline, as a channel does when `send` runs on its own event loop
        // (under `serve`). The exchange used to be set up after that close, so nothing failed it and
        // the request waited forever, holding its client connection open through shutdown.
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHTTPClientHandlers()
        let connection = UpstreamConnection(idleTimeout: .seconds(60), release: { _ in })
        try channel.pipeline.syncOperations.addHandler(connection)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()
        let source = UpstreamBodySource()
        source.cancel()
        let response = channel.eventLoop.makePromise(of: HTTPResponseHead.self)
        let failed = NIOLockedValueBox<UpstreamError?>(nil)
        response.futureResult.whenFailure { error in failed.withLockedValue { $0 = error as? UpstreamError } }
        let origin = try #require(UpstreamOrigin(baseURL: "https://example.com"))
        connection.start(head: head(origin, body: 0), body: ByteBuffer(), deadline: .now() + .seconds(60), response: response, into: source)
        #expect(failed.withLockedValue { $0 } != nil)
        #expect(!channel.isActive)
    }

    @Test("a cancel that races the end of an exchange cannot close the connection the pool just got back")
    func lateCancelSparesThePooledConnection() async throws {
        // The release callback cancels the body, as a client disconnecting on another thread at
        // that very moment would: the cancel must find nothing left to close.
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHTTPClientHandlers()
        let source = UpstreamBodySource()
        let released = NIOLockedValueBox(false)
        let connection = UpstreamConnection(idleTimeout: .seconds(60)) { _ in
            source.cancel()
            released.withLockedValue { $0 = true }
        }
        try channel.pipeline.syncOperations.addHandler(connection)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()
        let response = channel.eventLoop.makePromise(of: HTTPResponseHead.self)
        let origin = try #require(UpstreamOrigin(baseURL: "https://example.com"))
        connection.start(head: head(origin, body: 0), body: ByteBuffer(), deadline: .now() + .seconds(60), response: response, into: source)
        try channel.writeInbound(ByteBuffer(string: Self.ok))
        #expect(released.withLockedValue { $0 })
        #expect(channel.isActive)
        _ = try? channel.finish()
    }
}
