import Foundation
import SrooterAudit
import SrooterStore
import SrooterSupplyChain
import SrooterTestSupport
import Testing

/// A real coding agent the loop tests run.
enum AgentClient: String, CustomStringConvertible, Sendable {
    /// Claude Code (Anthropic Messages), from `claude-agent-sdk` in .build/venv.
    case claudeCode = "Claude Code"
    /// Codex (Responses), from `openai-codex` in .build/venv.
    case codex = "Codex"
    /// aider (Chat Completions) in .build/aider-venv, with its whole-file or SEARCH/REPLACE edit format.
    case aiderWhole = "aider (whole)"
    case aiderDiff = "aider (diff)"

    var description: String { rawValue }
}

/// The loop gateway's models, one per provider kind, each in front of `srooter mock-upstream`
/// under an upstream name that selects the mock's scripted agent.
enum AgentModel: String, CustomStringConvertible, Sendable {
    case anthropic = "agent-anthropic"
    case openAI = "agent-openai"
    case openAICompatible = "agent-local"

    var upstream: String {
        switch self {
        case .anthropic: "mock-agent-claude"
        case .openAI: "mock-agent-gpt"
        case .openAICompatible: "mock-agent-local"
        }
    }

    var description: String { rawValue }
}

/// Runs a real agent against `srooter serve` in front of a real `srooter mock-upstream` in its
/// scripted agent mode, and checks what issue 19 asks of every run: the agent finishes its loop
/// (exit 0, result.txt holds srooter-agent-ok), the audit trail has one record per upstream
/// request with the token counts the mock reported (read from the mock's own lines), and a canary
/// in the prompt, which the mock's answers repeat, is in none of srooter's files: the database,
/// its live WAL, the logs, the audit export.
enum AgentLoop {
    /// The longest an agent run may take (one takes 1 to 15 s alone; the parallel suite slows it).
    static let clientSeconds = 180
    /// The file the mock's scripted agent writes and what it holds, as its documentation says.
    static let resultFile = "result.txt"
    static let expectedContent = "srooter-agent-ok"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `srooter mock-upstream` and `srooter serve` on free ports; the folder holds only srooter's files.
    final class Gateway {
        let folder = TemporaryFolder()
        let port = LoopbackPort.free()
        let mockPort = LoopbackPort.free()
        let providerKey = "sk-provider-\(UUID().uuidString)"
        let key: String
        let config: String
        let mock: BackgroundProcess
        let serve: BackgroundProcess

        init() async throws {
            config = "\(folder.path)/srooter.yaml"
            try """
                listen: {host: 127.0.0.1, port: \(port)}
                database: \(folder.path)/srooter.db
                providers:
                  anthropic-mock: {kind: anthropic, base_url: "http://127.0.0.1:\(mockPort)", credential: "env:MOCK_PROVIDER_KEY"}
                  openai-mock: {kind: openai, base_url: "http://127.0.0.1:\(mockPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
                  local-mock: {kind: openai-compatible, base_url: "http://127.0.0.1:\(mockPort)/v1"}
                models:
                  \(AgentModel.anthropic): {provider: anthropic-mock, upstream: \(AgentModel.anthropic.upstream), price: {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75}}
                  \(AgentModel.openAI): {provider: openai-mock, upstream: \(AgentModel.openAI.upstream), price: {input: 1.25, output: 10, cache_read: 0.125}}
                  \(AgentModel.openAICompatible): {provider: local-mock, upstream: \(AgentModel.openAICompatible.upstream)}
                """.write(toFile: config, atomically: true, encoding: .utf8)
            let created = try await Interop.srooter(["access", "create", "--config", config, "--user", "agent", "--team", "loop"])
            key = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
            guard key.hasPrefix("sk-srt-") else { throw Failure(description: "access create: \(created.firstErrorLine)") }
            mock = try BackgroundProcess.srooter(["mock-upstream", "--port", "\(mockPort)"], log: "\(folder.path)/mock.log")
            serve = try BackgroundProcess.srooter(
                ["serve", "--config", config, "--allow-unverified"], log: "\(folder.path)/serve.log",
                environment: ["MOCK_PROVIDER_KEY": providerKey])
            guard await LoopbackPort.waitUntilOpen(mockPort, port) else {
                throw Failure(description: "srooter mock-upstream or serve did not start")
            }
        }
    }

    /// One line the mock printed for an answer of its scripted agent.
    struct MockAnswer: Equatable {
        let surface: String
        let answer: String
        let inputTokens: Int
        let outputTokens: Int

        /// Parses `mock-agent: surface=S answer=A [stream=B] input_tokens=N output_tokens=M`.
        init?(_ line: Substring) {
            guard line.hasPrefix("mock-agent: ") else { return nil }
            var fields: [String: String] = [:]
            for pair in line.dropFirst("mock-agent: ".count).split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            guard let surface = fields["surface"], let answer = fields["answer"],
                let input = fields["input_tokens"].flatMap(Int.init), let output = fields["output_tokens"].flatMap(Int.init)
            else { return nil }
            (self.surface, self.answer, inputTokens, outputTokens) = (surface, answer, input, output)
        }
    }

    /// Runs `client` on `model` and checks the run; returns how long the agent took.
    @discardableResult
    static func check(_ client: AgentClient, on model: AgentModel) async throws -> Duration {
        let gateway = try await Gateway()
        let clientFolder = TemporaryFolder()
        let home = "\(clientFolder.path)/home"
        let work = "\(clientFolder.path)/work"
        for folder in [home, work] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let canary = "canary-\(UUID().uuidString)"
        let started = Date().addingTimeInterval(-1)
        let clock = ContinuousClock()
        let begin = clock.now
        let outcome = try await run(client, model: model, prompt: "Create result.txt \(canary)", gateway: gateway, home: home, work: work)
        let duration = clock.now - begin

        // The agent finished its loop.
        #expect(outcome.status == 0, "\(client) on \(model): \(describe(outcome))")
        let written = try? Interop.read("\(work)/\(resultFile)")
        #expect(written?.trimmingCharacters(in: .newlines) == expectedContent, "result.txt: \(written ?? "missing"); \(describe(outcome))")
        // The canary went through srooter both ways: the mock's answer repeated it to the agent.
        #expect(outcome.output.contains(canary), "the agent did not print the mock's answer: \(describe(outcome))")

        // The WAL is read while serve still runs: a clean stop folds it into the database and deletes it.
        let wal = try #require(WriteAheadLog.bytes(ofDatabase: "\(gateway.folder.path)/srooter.db"), "no WAL to scan while serve runs")
        for (needle, what) in [(canary, "canary"), (gateway.providerKey, "provider key"), (gateway.key, "access key")] {
            #expect(wal.range(of: Data(needle.utf8)) == nil, "\(what) found in the live WAL")
        }
        #expect(await gateway.serve.stopProblem() == nil)
        await gateway.mock.stop()

        // One record per upstream request, with the usage the mock reported for it.
        let answers = try Interop.read(gateway.mock.log).split(separator: "\n").compactMap(MockAnswer.init)
        let records = try await AuditLog.reader(databasePath: "\(gateway.folder.path)/srooter.db").latest(limit: 10_000)
        let answerKinds = answers.map(\.answer)
        switch client {
        case .claudeCode, .codex:
            #expect(answerKinds.contains("tool_call") && answerKinds.last == "text", "answers: \(answerKinds)")
        case .aiderWhole, .aiderDiff:
            #expect(answerKinds.contains("edit"), "answers: \(answerKinds)")
        }
        let counted = answers.filter { $0.answer != "count" }
        // The CLI's own records (`access create` is audited, surface `admin`) are not upstream requests.
        let billed = records.filter { $0.surface != "anthropic-count-tokens" && $0.surface != "admin" }
        #expect(billed.count == counted.count, "\(billed.count) records for \(counted.count) upstream answers: \(records.map { "\($0.surface) \($0.status)" })")
        #expect(records.filter { $0.surface == "anthropic-count-tokens" }.count >= answers.count - counted.count)
        let recorded = billed.map { [$0.inputTokens, $0.outputTokens] }.sorted { $0.lexicographicallyPrecedes($1) }
        let reported = counted.map { [$0.inputTokens, $0.outputTokens] }.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(recorded == reported, "recorded (input, output) \(recorded), the mock reported \(reported)")
        for record in billed {
            #expect(record.status == 200 && record.outcome == "ok" && record.cacheReadTokens == 0 && record.cacheWriteTokens == 0, "\(record)")
            #expect(record.servedModel == model.upstream && record.user == "agent", "\(record)")
        }

        // The canary, the provider key and the access key are in none of srooter's files.
        let export = try await Interop.srooter(["audit", "export", "--config", gateway.config, "--output", "\(gateway.folder.path)/export.jsonl"])
        #expect(export.status == 0, "\(export.firstErrorLine)")
        for file in ["srooter.db", "serve.log", "mock.log", "export.jsonl"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: "\(gateway.folder.path)/\(file)"))) ?? Data()
            #expect(!bytes.isEmpty, "\(file) is empty")
            for (needle, what) in [(canary, "canary"), (gateway.providerKey, "provider key"), (gateway.key, "access key")] {
                #expect(bytes.range(of: Data(needle.utf8)) == nil, "\(what) found in \(file)")
            }
        }
        let leaked = FileScan.filesContaining([canary, gateway.providerKey], under: gateway.folder.path, since: started)
        #expect(leaked.isEmpty, "found in \(leaked)")
        print("agent loop: \(client) on \(model) (\(model.upstream)): exit \(outcome.status) in \(duration), \(records.count) records, mock answers \(answerKinds)")
        return duration
    }

    /// Runs `client` in `work` with a throwaway `home`, telemetry and update checks off, and every
    /// connection outside 127.0.0.1 sent to a proxy address where nothing listens.
    static func run(_ client: AgentClient, model: AgentModel, prompt: String, gateway: Gateway, home: String, work: String) async throws -> Subprocess.Outcome {
        let base = "http://127.0.0.1:\(gateway.port)"
        var env = ["HOME": home, "PATH": "/usr/local/bin:/usr/bin:/bin"]
        let deadProxy = "http://127.0.0.1:\(LoopbackPort.free())"
        for name in ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY"] { env[name] = deadProxy }
        env["NO_PROXY"] = "127.0.0.1,localhost"
        env["no_proxy"] = "127.0.0.1,localhost"
        let program: String
        var arguments: [String]
        switch client {
        case .claudeCode:
            program = try await AgentInteropTests.claudePath()
            arguments = ["-p", prompt, "--allowedTools", "Bash"]
            env.merge([
                "ANTHROPIC_BASE_URL": base, "ANTHROPIC_AUTH_TOKEN": gateway.key, "ANTHROPIC_MODEL": model.rawValue,
                "DISABLE_TELEMETRY": "1", "DISABLE_ERROR_REPORTING": "1", "DISABLE_AUTOUPDATER": "1",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            ]) { $1 }
        case .codex:
            program = try await AgentInteropTests.codexPath()
            let codexHome = "\(home)/.codex"
            try FileManager.default.createDirectory(atPath: codexHome, withIntermediateDirectories: true)
            try """
                check_for_update_on_startup = false

                [analytics]
                enabled = false

                [model_providers.srooter]
                name = "srooter"
                base_url = "\(base)/v1"
                env_key = "SROOTER_KEY"
                wire_api = "responses"
                """.write(toFile: "\(codexHome)/config.toml", atomically: true, encoding: .utf8)
            arguments = ["exec", "--skip-git-repo-check", "-s", "workspace-write", "-c", "model_provider=srooter", "-m", model.rawValue, prompt]
            env.merge(["CODEX_HOME": codexHome, "SROOTER_KEY": gateway.key]) { $1 }
        case .aiderWhole, .aiderDiff:
            program = aiderPath
            guard FileManager.default.isExecutableFile(atPath: program) else { throw Failure(description: "\(program) is missing: run make deps") }
            // aider fetches litellm's model price list at start unless its cache is fresh: an empty one is.
            let caches = "\(home)/.aider/caches"
            try FileManager.default.createDirectory(atPath: caches, withIntermediateDirectories: true)
            try "{}".write(toFile: "\(caches)/model_prices_and_context_window.json", atomically: true, encoding: .utf8)
            arguments = [
                "--model", "openai/\(model.rawValue)", "--openai-api-base", "\(base)/v1", "--openai-api-key", gateway.key,
                "--edit-format", client == .aiderWhole ? "whole" : "diff", "--message", prompt,
                "--no-git", "--yes-always", "--no-check-update", "--analytics-disable", "--no-show-release-notes",
                "--no-pretty", "--no-auto-lint", "--no-show-model-warnings",
            ]
            env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
        }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return try await Interop.run("/bin/sh", ["-c", "cd \"$0\" && exec env -i \"$@\"", work] + assignments + [program] + arguments, timeLimit: clientSeconds)
    }

    /// aider from `make deps`: `SROOTER_AIDER`, else .build/aider-venv.
    static var aiderPath: String {
        ProcessInfo.processInfo.environment["SROOTER_AIDER"] ?? "\(Interop.packageRoot)/.build/aider-venv/bin/aider"
    }

    static func describe(_ outcome: Subprocess.Outcome) -> String {
        "exit \(outcome.status)\nstdout: \(outcome.output.suffix(2000))\nstderr: \(String(decoding: outcome.stderr, as: UTF8.self).suffix(3000))"
    }
}
