import Foundation
import SrooterAudit
import SrooterSupplyChain
import SrooterTestSupport
import Testing

/// Issue 6 end to end over real HTTP: a provider with `credential: passthrough` forwards the
/// client's own bearer (the shape of a Claude Code OAuth subscription token) upstream, while the
/// srooter access key travels in `x-srooter-key` and never leaves srooter.
///
/// The upstream is `passthrough_upstream.py`, which writes down every header it receives.
@Suite(.serialized) struct PassthroughInteropTests {
    /// `passthrough_upstream.py` on `port`, writing the headers of each request to `log`. Stop it
    /// with `kill()`: the test runner's children can inherit an ignored SIGTERM, and it keeps no state.
    static func upstream(port: Int, log: String) throws -> BackgroundProcess {
        try BackgroundProcess(
            PythonScript.python, ["\(PythonScript.packageRoot)/Tests/InteropTests/passthrough_upstream.py", "\(port)", log], log: log + ".out")
    }

    /// POSTs `body` with curl; the status and the response body.
    static func post(_ url: String, headers: [String], body: String) async throws -> (status: Int, body: String) {
        let run = try await CommandRunner.run(
            "curl", ["-s", "--max-time", "30", "-w", "\n%{http_code}", "-X", "POST", url, "-H", "content-type: application/json"]
                + headers.flatMap { ["-H", $0] } + ["--data-binary", body], timeLimit: 120)
        let text = run.stdout
        guard let split = text.lastIndex(of: "\n") else { return (0, text) }
        return (Int(text[text.index(after: split)...]) ?? 0, String(text[..<split]))
    }

    /// A JSON object from text, or an empty one.
    static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test func theClientsBearerGoesUpstreamAndTheSrooterKeyStaysInSrooter() async throws {
        let folder = TemporaryFolder()
        let upstreamPort = LoopbackPort.free()
        let port = LoopbackPort.free()
        let configPath = "\(folder.path)/srooter.yaml"
        try """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(folder.path)/srooter.db
            timeouts: {connect_seconds: 2, idle_seconds: 5, total_seconds: 20, drain_seconds: 5}
            providers:
              claude-subscription: {kind: anthropic, base_url: "http://127.0.0.1:\(upstreamPort)", credential: passthrough}
              openai-passthrough: {kind: openai, base_url: "http://127.0.0.1:\(upstreamPort)/v1", credential: passthrough}
            models:
              claude-pass: {provider: claude-subscription, upstream: upstream-claude-1}
              gpt-pass: {provider: openai-passthrough, upstream: upstream-gpt-1}
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let created = try await Interop.srooter(["access", "create", "--config", configPath, "--user", "ada"])
        let key = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("sk-srt-"), "\(String(decoding: created.stderr, as: UTF8.self))")
        // The shape of a Claude Code OAuth token, and one without any `sk-` prefix a redactor might know.
        let tokens = ["sk-ant-oat01-\(UUID().uuidString)-passthrough", "opaque.\(UUID().uuidString).token"]

        let upstreamLog = "\(folder.path)/upstream.jsonl"
        let upstream = try Self.upstream(port: upstreamPort, log: upstreamLog)
        defer { upstream.terminate(signal: SIGKILL) }
        let serve = try BackgroundProcess.srooter(
            ["serve", "--config", configPath, "--allow-unverified"], log: "\(folder.path)/serve.log", environment: ["SROOTER_LOG_LEVEL": "trace"])
        defer { serve.terminate() }
        #expect(await LoopbackPort.waitUntilOpen(upstreamPort, port), "servers did not start")

        let base = "http://127.0.0.1:\(port)"
        let anthropic = (url: "\(base)/v1/messages", body: #"{"model":"claude-pass","max_tokens":16,"messages":[{"role":"user","content":"ping"}]}"#)
        let openAI = (url: "\(base)/v1/chat/completions", body: #"{"model":"gpt-pass","messages":[{"role":"user","content":"ping"}]}"#)
        let version = "anthropic-version: 2023-06-01"

        // With the client's bearer and the srooter key in x-srooter-key: served.
        let served = [
            try await Self.post(anthropic.url, headers: ["Authorization: Bearer \(tokens[0])", "x-srooter-key: \(key)", version], body: anthropic.body),
            try await Self.post(openAI.url, headers: ["Authorization: Bearer \(tokens[1])", "x-srooter-key: \(key)"], body: openAI.body),
        ]
        #expect(served[0].status == 200 && Self.object(served[0].body)["type"] as? String == "message", "\(served[0])")
        #expect(served[1].status == 200 && Self.object(served[1].body)["object"] as? String == "chat.completion", "\(served[1])")

        // Without a client bearer (only the srooter key, in either header): a 401 in the client's wire format.
        for headers in [["x-srooter-key: \(key)"], ["Authorization: Bearer \(key)"]] {
            let refused = try await Self.post(anthropic.url, headers: headers + [version], body: anthropic.body)
            let error = Self.object(refused.body)["error"] as? [String: Any]
            #expect(refused.status == 401 && Self.object(refused.body)["type"] as? String == "error", "\(refused)")
            #expect(error?["type"] as? String == "authentication_error", "\(refused)")
            #expect((error?["message"] as? String)?.contains("passthrough") == true, "\(refused)")

            let refusedOpenAI = try await Self.post(openAI.url, headers: headers, body: openAI.body)
            let openAIError = Self.object(refusedOpenAI.body)["error"] as? [String: Any]
            #expect(refusedOpenAI.status == 401, "\(refusedOpenAI)")
            #expect(openAIError?["type"] as? String == "authentication_error" && openAIError?["code"] as? String == "invalid_api_key", "\(refusedOpenAI)")
            #expect((openAIError?["message"] as? String)?.contains("Authorization: Bearer") == true, "\(refusedOpenAI)")
        }

        // Upstream saw the two served requests only, each with exactly the client's bearer and nothing of srooter's key.
        let seen = try Interop.read(upstreamLog).split(separator: "\n").map { Self.object(String($0)) }
        #expect(seen.map { $0["path"] as? String } == ["/v1/messages", "/v1/chat/completions"], "\(seen)")
        #expect(seen.map { $0["model"] as? String } == ["upstream-claude-1", "upstream-gpt-1"], "\(seen)")
        let secretPart = String(key.split(separator: "_").last ?? "")
        for (request, token) in zip(seen, tokens) {
            let headers = (request["headers"] as? [[String]]) ?? []
            #expect(headers.filter { $0.first == "authorization" }.map { $0.last } == ["Bearer \(token)"], "\(headers)")
            #expect(!headers.contains { $0.first == "x-srooter-key" || $0.first == "x-api-key" }, "\(headers)")
            #expect(!headers.contains { ($0.last ?? "").contains(key) || ($0.last ?? "").contains(secretPart) }, "srooter key sent upstream: \(headers)")
        }

        // The tokens are in neither the database nor the logs; the WAL is read while serve still runs
        // (a clean stop folds it into the database and deletes it).
        let wal = String(decoding: try #require(WriteAheadLog.bytes(ofDatabase: "\(folder.path)/srooter.db"), "no WAL to scan while serve runs"), as: UTF8.self)
        for token in tokens { #expect(!wal.contains(token), "client token found in the live WAL") }
        #expect(!wal.contains(secretPart), "srooter key found in the live WAL")
        #expect(await serve.stopProblem() == nil)
        let records = try await AuditLog.reader(databasePath: "\(folder.path)/srooter.db").latest(limit: 100)
        #expect(records.filter { $0.status == 200 }.count == 2 && records.filter { $0.status == 401 }.count == 4, "\(records.map(\.status))")
        for file in ["srooter.db", "serve.log"] {
            let text = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: "\(folder.path)/\(file)"))) ?? Data(), as: UTF8.self)
            for token in tokens { #expect(!text.contains(token), "client token found in \(file)") }
            #expect(!text.contains(secretPart), "srooter key found in \(file)")
        }
    }
}
