import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SrooterTestSupport

/// `srooter mock-upstream` and `srooter serve` as real processes on free loopback ports, with a
/// fresh database, for the RBAC table and the budget concurrency tests.
final class PolicyHarness: @unchecked Sendable {
    let folder: String
    let config: String
    let port: Int
    let mockPort: Int
    private var processes: [BackgroundProcess] = []
    /// `SROOTER_LOG_LEVEL` for the servers.
    let logLevel: String

    /// The admin key `serve` gets through `SROOTER_ADMIN_KEY` (used when the config names it).
    static let adminKey = "srooter-test-admin-key"

    /// - Parameters:
    ///   - extraConfig: YAML lines appended to the configuration.
    ///   - extraModels: YAML lines added to its `models:` map (indented by the harness).
    ///   - logLevel: the servers' log level (`trace` for the canary tests: every line that could leak is written).
    init(extraConfig: String = "", extraModels: [String] = [], logLevel: String = "warning") throws {
        self.logLevel = logLevel
        folder = NSTemporaryDirectory() + "srooter-policy-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        port = LoopbackPort.free()
        mockPort = LoopbackPort.free()
        config = "\(folder)/srooter.yaml"
        try """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(folder)/srooter.db
            timeouts: {connect_seconds: 2, idle_seconds: 5, total_seconds: 30, drain_seconds: 5}
            providers:
              anthropic-mock: {kind: anthropic, base_url: "http://127.0.0.1:\(mockPort)", credential: "env:MOCK_PROVIDER_KEY"}
              openai-mock: {kind: openai, base_url: "http://127.0.0.1:\(mockPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
            models:
              claude-test: {provider: anthropic-mock, upstream: mock-claude-1, price: {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75}}
              gpt-test: {provider: openai-mock, upstream: mock-gpt-1, price: {input: 1.25, output: 10, cache_read: 0.125}}
            \(extraModels.map { "  " + $0 + "\n" }.joined())\(extraConfig)
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// Runs a `srooter` subcommand against this database; returns stdout, failing on a non-zero exit.
    @discardableResult
    func cli(_ arguments: [String]) async throws -> String {
        let result = try await CommandRunner.run(CommandRunner.srooter, arguments + ["--config", config])
        guard result.status == 0 else { throw HarnessError(message: "srooter \(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates a key for `user` and returns it.
    func key(for user: String, team: String? = nil) async throws -> String {
        try await cli(["access", "create", "--user", user] + (team.map { ["--team", $0] } ?? []))
    }

    func start() async throws {
        try launch(["mock-upstream", "--port", "\(mockPort)"])
        try await startServe()
    }

    /// Starts `srooter serve` (again, after `killServe`).
    func startServe() async throws {
        try launch(["serve", "--config", config, "--allow-unverified"])
        guard await LoopbackPort.waitUntilOpen(mockPort, port) else { throw HarnessError(message: "servers did not start") }
    }

    /// Kills `srooter serve` with SIGKILL (a crash: nothing runs on the way out).
    func killServe() async {
        for process in processes where process.arguments.first == "serve" { await process.kill() }
        processes.removeAll { !$0.isRunning }
    }

    private func launch(_ arguments: [String]) throws {
        let environment = ["MOCK_PROVIDER_KEY": "mock-key", "SROOTER_LOG_LEVEL": logLevel, "SROOTER_ADMIN_KEY": Self.adminKey]
        processes.append(try BackgroundProcess.srooter(arguments, log: "\(folder)/\(arguments[0]).log", environment: environment, appendingToLog: true))
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

    /// A test that threw before `stop`: the processes get SIGTERM from their own deinit.
    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// One HTTP exchange with the gateway: status and whole body.
    static func call(
        _ client: HTTPClient, _ method: HTTPMethod, _ url: String, key: String, body: String? = nil, headers: [(String, String)] = [],
        timeout: TimeAmount = .seconds(60)
    ) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "authorization", value: "Bearer \(key)")
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 8 << 20)
        return (Int(response.status.code), String(buffer: bytes), response.headers)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
