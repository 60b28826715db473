import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// `srooter mock-upstream`: the mock provider over HTTP, speaking all three wires on their
/// usual paths, for tests and the benchmark. `GET /_mock/stats` reports how many requests
/// arrived (and by path), how many streams finished, how many were cut off by the client
/// (srooter), and how many council rankings it answered.
public struct MockUpstreamServer: Sendable {
    let host: String
    let port: Int
    let logger: Logger
    /// Gets the scripted agent's line for each of its answers (`MockScript.agentReport`).
    let report: @Sendable (String) -> Void
    /// Milliseconds to wait before the response head, by upstream model (`--delay-ms`).
    let delays: [String: Int]

    public init(
        host: String = "127.0.0.1", port: Int, logger: Logger, delays: [String: Int] = [:], report: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.logger = logger
        self.delays = delays
        self.report = report
    }

    final class Stats: Sendable {
        let requests = Atomic<Int>(0)
        let completed = Atomic<Int>(0)
        let cancelled = Atomic<Int>(0)
        /// Requests answered with a council ranking.
        let rankings = Atomic<Int>(0)
        /// Requests by path.
        let paths = Mutex<[String: Int]>([:])
        var json: String {
            let byPath = paths.withLock { $0 }.sorted { $0.key < $1.key }.map { #""\#($0.key)":\#($0.value)"# }.joined(separator: ",")
            return #"{"requests":\#(requests.load(ordering: .relaxed)),"completed":\#(completed.load(ordering: .relaxed)),"cancelled":\#(cancelled.load(ordering: .relaxed)),"rankings":\#(rankings.load(ordering: .relaxed)),"paths":{\#(byPath)}}"#
        }
    }

    /// Runs until SIGTERM or SIGINT; `onReady` gets the bound port.
    public func run(onReady: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let stats = Stats()
        let report = report
        let delays = delays
        let router = Router(context: GatewayRequestContext.self)
        for surface in Surface.allCases {
            router.post(RouterPath(stringLiteral: surface.path)) { request, context in
                stats.requests.add(1, ordering: .relaxed)
                stats.paths.withLock { $0[surface.path, default: 0] += 1 }
                var buffer = try await request.body.collect(upTo: 64 << 20)
                let body = buffer.readBytes(length: buffer.readableBytes) ?? []
                var script = MockScript.make(surface: surface, body: body)
                if !delays.isEmpty, let model = (try? JSONParser.parse(body))?["model"]?.string, let delay = delays[model] {
                    script.headDelayMs = max(script.headDelayMs, delay)
                }
                if let line = script.agentReport { report(line) }
                if script.ranking { stats.rankings.add(1, ordering: .relaxed) }
                return try await Self.respond(script, stats: stats, connection: context.connection)
            }
        }
        router.get("/v1/models") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"object":"list","data":[{"id":"mock-model","object":"model","created":0,"owned_by":"mock"}]}"#)))
        }
        router.get("/_mock/stats") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: stats.json)))
        }
        let app = Application(
            router: router, server: .http1(configuration: GatewayServer.watchedHTTP1),
            configuration: .init(address: .hostname(host, port: port), serverName: "srooter-mock"),
            onServerRunning: { channel in onReady(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// `connection`: a caller that hangs up during a pause is counted as cancelled at once (how
    /// tests see that srooter cancels a silent upstream).
    private static let requestIDName = HTTPField.Name("request-id")

    static func respond(_ script: MockScript, stats: Stats, connection: ClientConnection?) async throws -> Response {
        if script.headDelayMs > 0 { try await pause(script.headDelayMs, unless: connection, stats: stats) }
        var headers: HTTPFields = [.contentType: script.contentType]
        if let name = requestIDName { headers[name] = "req_mock_01" }
        if script.chunks.count == 1, script.failAfter == nil, script.chunks[0].pauseMs == 0 {
            stats.completed.add(1, ordering: .relaxed)
            return Response(status: HTTPResponse.Status(code: script.status), headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: script.chunks[0].bytes)))
        }
        return Response(status: HTTPResponse.Status(code: script.status), headers: headers, body: ResponseBody { writer in
            for (index, chunk) in script.chunks.enumerated() {
                if let failAfter = script.failAfter, index == failAfter { throw MockFailure() }
                if chunk.pauseMs > 0 { try await pause(chunk.pauseMs, unless: connection, stats: stats) }
                do {
                    try await writer.write(ByteBuffer(bytes: chunk.bytes))
                } catch {
                    stats.cancelled.add(1, ordering: .relaxed)
                    throw error
                }
            }
            try await writer.finish(nil)
            stats.completed.add(1, ordering: .relaxed)
        })
    }

    struct MockFailure: Error {}

    /// Pauses, counting the request as cancelled and throwing if the caller hangs up meanwhile.
    static func pause(_ milliseconds: Int, unless connection: ClientConnection?, stats: Stats) async throws {
        let sleep: @Sendable () async -> Bool = { (try? await pause(milliseconds)) != nil }
        let slept = if let connection { await connection.cancellingOnDisconnect(sleep) } else { await sleep() }
        guard slept else {
            stats.cancelled.add(1, ordering: .relaxed)
            throw CancellationError()
        }
    }

    /// Sleeps, but ends early when the mock is asked to shut down (so slow scenarios never hold it up).
    static func pause(_ milliseconds: Int) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(milliseconds)) }
    }
}
