import Foundation
import SrooterAudit
import SrooterStore
import SrooterSupplyChain
import SrooterTestSupport
import Testing

/// Issue 16, item 3: the real Claude Code and Codex CLIs, pointed at the gateway `make run`
/// starts (srooter.example.yaml with its built-in mock), finish their turn with exit 0 in a
/// handful of requests, with a plain prompt and when asked to use a tool. Offline: telemetry,
/// error reporting and update checks off, and any connection the agents try outside 127.0.0.1
/// goes to a proxy address where nothing listens, so it fails at once instead of hanging.
@Suite(.serialized) struct AgentInteropTests {
    /// The longest an agent run may take (a normal one takes a few seconds).
    static let agentSeconds = 60

    /// `make run`'s gateway: the example configuration as scripts/run-gateway.sh copies it, on a
    /// free port with its database in a temporary folder, and a demo access key.
    final class DemoGateway {
        let folder = TemporaryFolder()
        let port = LoopbackPort.free()
        let key: String
        let config: String
        private let server: BackgroundProcess

        init() async throws {
            let example = try Interop.read("\(Interop.packageRoot)/srooter.example.yaml")
            config = "\(folder.path)/srooter.yaml"
            let text = example
                .replacingOccurrences(of: "  port: 4000", with: "  port: \(port)")
                .replacingOccurrences(of: "database: ./data/srooter.db", with: "database: \(folder.path)/srooter.db")
            #expect(text != example)
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            let created = try await Interop.srooter(["access", "create", "--config", config, "--user", "demo", "--team", "demo"])
            key = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
            server = try BackgroundProcess.srooter(["serve", "--config", config, "--allow-unverified"], log: "\(folder.path)/serve.log")
            guard await LoopbackPort.waitUntilOpen(port) else { throw AgentRunError(message: "srooter serve did not start") }
        }

        /// Stops the gateway and returns its requests' audit records (every request has one; the
        /// key's creation, an admin record, is left out).
        func stop() async throws -> [AuditRecord] {
            await server.stop()
            return try await AuditLog.reader(databasePath: "\(folder.path)/srooter.db").latest(limit: 100_000).filter { $0.surface != "admin" }
        }
    }

    struct AgentRunError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// A file inside an installed Python package of the test venv (`.build/venv`).
    static func fromVenv(_ expression: String) async throws -> String {
        let outcome = try await Interop.run(Interop.python, ["-c", "import os, sys\n" + expression], timeLimit: 60)
        let path = outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.status == 0, FileManager.default.isExecutableFile(atPath: path) else {
            throw AgentRunError(message: "not found in the test venv (make deps): \(outcome.firstErrorLine)")
        }
        return path
    }

    static func claudePath() async throws -> String {
        try await fromVenv("import claude_agent_sdk; print(os.path.join(os.path.dirname(claude_agent_sdk.__file__), '_bundled', 'claude'))")
    }

    static func codexPath() async throws -> String {
        try await fromVenv("import codex_cli_bin; print(codex_cli_bin.bundled_codex_path())")
    }

    /// Runs `program` under `timeout` with exactly `environment` (plus PATH), in `directory`, in one
    /// of the ``ProcessSlots``, waiting on a thread of its own (``OwnThread``).
    static func run(_ program: String, _ arguments: [String], environment: [String: String], in directory: String) async throws -> Subprocess.Outcome {
        var env = environment
        env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
        // Nothing outside 127.0.0.1 is reachable: a proxy where nothing listens.
        let deadProxy = "http://127.0.0.1:\(LoopbackPort.free())"
        for name in ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY"] { env[name] = deadProxy }
        env["NO_PROXY"] = "127.0.0.1,localhost"
        env["no_proxy"] = "127.0.0.1,localhost"
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return try await ProcessSlots.run {
            try await OwnThread.run {
                try Subprocess.run("timeout", ["-k", "5", "\(agentSeconds)", "env", "-i"] + assignments + [program] + arguments, in: directory)
            }
        }
    }

    static func describe(_ outcome: Subprocess.Outcome) -> String {
        "exit \(outcome.status)\nstdout: \(outcome.output.suffix(2000))\nstderr: \(String(decoding: outcome.stderr, as: UTF8.self).suffix(3000))"
    }

    @Test(arguments: ["Say hello", "Use the Read tool on README.md, then say what it is about."])
    func claudeCodeFinishes(prompt: String) async throws {
        let claude = try await Self.claudePath()
        let gateway = try await DemoGateway()
        let home = "\(gateway.folder.path)/home"
        let work = "\(gateway.folder.path)/work"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try "# A demo project\n".write(toFile: "\(work)/README.md", atomically: true, encoding: .utf8)
        // The command `make run` prints, offline.
        let outcome = try await Self.run(
            claude, ["-p", prompt],
            environment: [
                "HOME": home, "ANTHROPIC_BASE_URL": "http://127.0.0.1:\(gateway.port)", "ANTHROPIC_AUTH_TOKEN": gateway.key,
                "ANTHROPIC_MODEL": "mock-claude", "DISABLE_TELEMETRY": "1", "DISABLE_ERROR_REPORTING": "1",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1",
            ],
            in: work)
        let records = try await gateway.stop()
        let calls = records.filter { $0.surface == "anthropic-messages" }
        print("claude -p \"\(prompt)\": exit \(outcome.status), \(records.count) requests (\(calls.count) messages; statuses \(Set(records.map(\.status)).sorted()))")
        #expect(outcome.status == 0, "\(Self.describe(outcome))")
        #expect(outcome.output.contains("Hello from the srooter mock"), "\(Self.describe(outcome))")
        #expect(calls.contains { $0.status == 200 } && records.count <= 8, "\(records.count) requests: \(Set(records.map { "\($0.surface) \($0.status)" }).sorted())")
        if prompt.hasPrefix("Use the") { #expect(calls.count >= 2, "the tool call and the answer to its result") }
    }

    @Test(arguments: ["Say hello", "Use the exec_command tool to list the files, then say what you found."])
    func codexFinishes(prompt: String) async throws {
        let codex = try await Self.codexPath()
        let gateway = try await DemoGateway()
        let codexHome = "\(gateway.folder.path)/codex-home"
        let work = "\(gateway.folder.path)/work"
        try FileManager.default.createDirectory(atPath: codexHome, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // The provider block the README and `make run` print.
        try """
            [model_providers.srooter]
            name = "srooter"
            base_url = "http://127.0.0.1:\(gateway.port)/v1"
            env_key = "SROOTER_KEY"
            wire_api = "responses"
            """.write(toFile: "\(codexHome)/config.toml", atomically: true, encoding: .utf8)
        let outcome = try await Self.run(
            codex, ["exec", "--skip-git-repo-check", "-c", "model_provider=srooter", "-m", "mock-gpt", prompt],
            environment: ["HOME": gateway.folder.path, "CODEX_HOME": codexHome, "SROOTER_KEY": gateway.key],
            in: work)
        let records = try await gateway.stop()
        let calls = records.filter { $0.surface == "openai-responses" }
        print("codex exec \"\(prompt)\": exit \(outcome.status), \(records.count) requests (statuses \(Set(records.map(\.status)).sorted()))")
        #expect(outcome.status == 0, "\(Self.describe(outcome))")
        #expect(outcome.output.contains("Hello from the srooter mock"), "\(Self.describe(outcome))")
        #expect(calls.contains { $0.status == 200 } && records.count <= 8, "\(records.count) requests: \(Set(records.map { "\($0.surface) \($0.status)" }).sorted())")
        if prompt.hasPrefix("Use the") { #expect(calls.count >= 2, "the tool call and the answer to its result") }
    }
}
