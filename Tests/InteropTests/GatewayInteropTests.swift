import Foundation
import SrooterStore
import SrooterSupplyChain
import SrooterAudit
import SrooterTestSupport
import Testing

/// `srooter mock-upstream` and `srooter serve` as real processes on free loopback ports, driven by
/// the official anthropic and openai Python SDKs (gateway_sdk_check.py).
@Suite(.serialized) struct GatewayInteropTests {
    @Test func sdksThroughTheGateway() async throws {
        let folder = TemporaryFolder()
        let mockPort = LoopbackPort.free()
        let port = LoopbackPort.free()
        let canary = "CANARY-\(UUID().uuidString)"
        let providerKey = "sk-provider-\(UUID().uuidString)"
        let started = Date().addingTimeInterval(-1)
        let config = """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(folder.path)/srooter.db
            limits: {max_body_bytes: 1048576}
            timeouts: {connect_seconds: 2, idle_seconds: 1, total_seconds: 20, drain_seconds: 5}
            providers:
              anthropic-mock: {kind: anthropic, base_url: "http://127.0.0.1:\(mockPort)", credential: "env:MOCK_PROVIDER_KEY"}
              openai-mock: {kind: openai, base_url: "http://127.0.0.1:\(mockPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
            models:
              claude-test: {provider: anthropic-mock, upstream: mock-claude-1, price: {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75}}
              gpt-test: {provider: openai-mock, upstream: mock-gpt-1, price: {input: 1.25, output: 10, cache_read: 0.125}}
            """
        let configPath = "\(folder.path)/srooter.yaml"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let env = ["MOCK_PROVIDER_KEY": providerKey, "SROOTER_LOG_LEVEL": "trace"]
        let check = try await Interop.srooter(["config", "check", configPath], environment: env)
        #expect(check.status == 0, "\(String(decoding: check.stderr, as: UTF8.self))")
        let created = try await Interop.srooter(["access", "create", "--config", configPath, "--user", "ada", "--team", "platform"])
        let key = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("sk-srt-"))

        let mock = try BackgroundProcess.srooter(["mock-upstream", "--port", "\(mockPort)"], log: "\(folder.path)/mock.log")
        defer { mock.terminate() }
        let serve = try BackgroundProcess.srooter(["serve", "--config", configPath, "--allow-unverified"], log: "\(folder.path)/serve.log", environment: env)
        defer { serve.terminate() }
        #expect(await LoopbackPort.waitUntilOpen(mockPort, port), "servers did not start")

        let run = try await PythonScript.run(
            "Tests/InteropTests/gateway_sdk_check.py", ["http://127.0.0.1:\(port)", "http://127.0.0.1:\(mockPort)", key, canary], timeLimit: 300)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr.suffix(3000))")

        // The WAL is read while serve still runs: a clean stop folds it into the database and deletes it.
        let keyID = String(key.dropFirst("sk-srt-".count).prefix(12))
        let wal = String(decoding: try #require(WriteAheadLog.bytes(ofDatabase: "\(folder.path)/srooter.db"), "no WAL to scan while serve runs"), as: UTF8.self)
        for (needle, what) in [(canary, "canary"), (providerKey, "provider key"), (key, "access key"), (keyID, "access key id")] {
            #expect(!wal.contains(needle), "\(what) found in the live WAL")
        }

        #expect(await serve.stopProblem() == nil)
        let records = try await AuditLog.reader(databasePath: "\(folder.path)/srooter.db").latest(limit: 10_000)
        // (The key's creation is an admin record, from the CLI since issue 18.)
        let ok = records.filter { $0.outcome == "ok" && $0.surface != "anthropic-count-tokens" && $0.surface != "admin" }
        #expect(ok.count >= 15, "\(records.count) records")
        for record in ok {
            let expectedWrite = record.surface == "anthropic-messages" ? 5 : 0
            #expect((record.inputTokens == 25 && record.outputTokens == 42 && record.cacheReadTokens == 10
                && record.cacheWriteTokens == expectedWrite), "\(record)")
            #expect(record.user == "ada" && record.routing == "direct" && record.promptSHA256?.count == 64 && record.costUSD > 0)
            #expect(record.servedModel == (record.surface == "anthropic-messages" ? "mock-claude-1" : "mock-gpt-1"))
        }
        #expect(Set(records.map { $0.status }).isSuperset(of: [200, 400, 401, 404, 413, 429, 504, 529]), "\(Set(records.map { $0.status }))")
        #expect(records.contains { $0.outcome == "client_disconnected" })
        #expect(records.contains { $0.outcome == "timeout" })

        // The canary went through in prompts and completions; it is in neither the database nor the logs,
        // and neither is the key nor its id (sealed, with a blind index as the row key).
        let export = try await Interop.srooter(["audit", "export", "--config", configPath, "--output", "\(folder.path)/export.jsonl"])
        #expect(export.status == 0, "\(String(decoding: export.stderr, as: UTF8.self))")
        for file in ["srooter.db", "serve.log", "mock.log", "export.jsonl"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: "\(folder.path)/\(file)"))) ?? Data()
            #expect(!String(decoding: bytes, as: UTF8.self).contains(canary), "canary found in \(file)")
            #expect(!String(decoding: bytes, as: UTF8.self).contains(providerKey), "provider key found in \(file)")
            #expect(!String(decoding: bytes, as: UTF8.self).contains(key), "access key found in \(file)")
            // The export shows user names and key ids decrypted, for the auditor; nothing else may.
            if file != "export.jsonl" {
                #expect(keyID.count == 12 && !String(decoding: bytes, as: UTF8.self).contains(keyID), "access key id found in \(file)")
            }
        }
        // Nor anywhere else the run wrote under the temporary folder (the config names no secret).
        let leaked = FileScan.filesContaining([canary, providerKey, key], under: NSTemporaryDirectory(), since: started)
        #expect(leaked.isEmpty, "found in \(leaked)")
    }

    @Test func sigtermDrainsStreamsAndKeepsTheirRecords() async throws {
        let folder = TemporaryFolder()
        let port = LoopbackPort.free()
        let configPath = "\(folder.path)/srooter.yaml"
        try """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(folder.path)/srooter.db
            timeouts: {drain_seconds: 20}
            providers: {mock: {kind: mock}}
            models: {mock-gpt: {provider: mock, upstream: mock-gpt-1}}
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let key = try await Interop.srooter(["access", "create", "--config", configPath, "--user", "drain"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let serve = try BackgroundProcess.srooter(["serve", "--config", configPath, "--allow-unverified"], log: "\(folder.path)/serve.log")
        defer { serve.terminate() }
        #expect(await LoopbackPort.waitUntilOpen(port))
        // A slow stream (about 200 ms per event) is in flight when SIGTERM arrives.
        let curl = try BackgroundProcess(
            "/usr/bin/env",
            ["curl", "-sN", "--max-time", "60", "-o", "\(folder.path)/stream.out", "http://127.0.0.1:\(port)/v1/chat/completions",
             "-H", "Authorization: Bearer \(key)",
             "-d", #"{"model":"mock-gpt","stream":true,"messages":[{"role":"user","content":"mock:slow"}]}"#],
            log: "\(folder.path)/curl.log")
        defer { curl.terminate() }
        // SIGTERM once the stream's first event has reached the client.
        let deadline = Date().addingTimeInterval(15)
        func received() -> String { (try? String(contentsOfFile: "\(folder.path)/stream.out", encoding: .utf8)) ?? "" }
        while !received().contains("data: "), Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        try #require(received().contains("data: "), "no stream in flight: \(received())")
        #expect(!received().contains("[DONE]"), "the stream finished before SIGTERM")
        #expect(await serve.stopProblem() == nil)
        #expect(await curl.waitForExit(seconds: 60), "curl still runs after serve stopped")
        let stream = (try? String(contentsOfFile: "\(folder.path)/stream.out", encoding: .utf8)) ?? ""
        #expect(stream.hasSuffix("data: [DONE]\n\n"), "the stream in flight finished")
        let records = try await AuditLog.reader(databasePath: "\(folder.path)/srooter.db").latest(limit: 1000).filter { $0.surface != "admin" }
        #expect(records.count == 1 && records.first?.outcome == "ok" && records.first?.outputTokens == 42, "\(records)")
    }
}
