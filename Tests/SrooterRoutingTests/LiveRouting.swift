import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SrooterTestSupport

/// `srooter mock-upstream` and `srooter serve` as real processes on free loopback ports, with
/// a configuration of the test's own, for the routes' end-to-end tests.
final class LiveRouting: @unchecked Sendable {
    let folder = TemporaryDirectory()
    let port = LoopbackPort.free()
    let mockPort = LoopbackPort.free()
    /// A port nothing listens on (a provider there is refused at connect).
    let closedPort = LoopbackPort.free()
    var config: String { folder.file("srooter.yaml") }
    private var processes: [BackgroundProcess] = []
    /// `SROOTER_LOG_LEVEL` for the servers.
    let logLevel: String
    /// Extra arguments for `srooter mock-upstream`.
    var mockArguments: [String] = []

    /// - Parameters:
    ///   - logLevel: the servers' log level (`trace` for the canary tests).
    ///   - body: the configuration after `listen:`, `database:` and `timeouts:`.
    ///   - timeouts: the `timeouts:` map.
    init(
        logLevel: String = "warning", timeouts: String = "{connect_seconds: 2, idle_seconds: 1, total_seconds: 20, drain_seconds: 5}",
        _ body: (LiveRouting) -> String
    ) throws {
        self.logLevel = logLevel
        try """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(folder.file("srooter.db"))
            timeouts: \(timeouts)
            \(body(self))
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// Runs a `srooter` subcommand (at most 120 s: `router train` on the synthetic set takes 10 s
    /// alone in a debug build); returns its result.
    func cli(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner.run(CommandRunner.srooter, arguments, environment: ["MOCK_PROVIDER_KEY": "mock-key"], timeLimit: 120)
    }

    func start() async throws -> String {
        let created = try await cli(["access", "create", "--config", config, "--user", "ada"])
        guard created.status == 0 else { throw LiveError(message: created.stderr) }
        try launch(["mock-upstream", "--port", "\(mockPort)"] + mockArguments)
        try launch(["serve", "--config", config, "--allow-unverified"])
        guard await LoopbackPort.waitUntilOpen(mockPort, port) else {
            throw LiveError(message: "servers did not start: \((try? String(contentsOfFile: folder.file("serve.log"), encoding: .utf8)) ?? "")")
        }
        return created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func launch(_ arguments: [String]) throws {
        let environment = ["MOCK_PROVIDER_KEY": "mock-key", "SROOTER_LOG_LEVEL": logLevel]
        processes.append(try BackgroundProcess.srooter(arguments, log: folder.file("\(arguments[0]).log"), environment: environment))
    }

    /// SIGTERM to each process (SIGKILL after 10 s), so serve commits its audit records.
    func stop() async {
        for process in processes { await process.stop() }
        processes.removeAll()
    }

    /// SIGTERM to each process without waiting (a test's `defer`, which cannot wait).
    func terminate() {
        for process in processes { process.terminate() }
    }

    /// One POST to the gateway (at most 20 s): status and whole body.
    func post(_ client: HTTPClient, _ path: String, key: String, body: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "authorization", value: "Bearer \(key)")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 8 << 20)))
    }

    /// The mock's count of requests that reached it.
    func mockRequests(_ client: HTTPClient) async throws -> Int {
        try await mockStats(client)["requests"] as? Int ?? -1
    }

    /// The mock's `GET /_mock/stats`: `requests`, `completed`, `cancelled`, `rankings`, `paths` (by path).
    func mockStats(_ client: HTTPClient) async throws -> [String: Any] {
        let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(mockPort)/_mock/stats"), timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 4096))
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }
}

struct LiveError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
