import Foundation
import SrooterAudit
import SrooterStore
import SrooterSupplyChain
import SrooterTestSupport
import Testing

/// Issue 19 end to end: `srooter serve` in front of `srooter mock-upstream` reached as an
/// `anthropic`, an `openai` and an `openai-compatible` provider, driven across wires by the official
/// SDKs (gateway_translation_check.py); then the audit trail: one record per request, the
/// provider's own token counts whatever the client's wire, and the translation in the note.
@Suite(.serialized) struct TranslationInteropTests {
    /// The mock's fixed usage as each provider wire reports it (Chat Completions has no cache writes).
    static let anthropicUsage = (input: 25, output: 42, read: 10, write: 5)
    static let chatUsage = (input: 25, output: 42, read: 10, write: 0)

    @Test func everyClientWireOnEveryProviderWire() async throws {
        let folder = TemporaryFolder()
        let mockPort = LoopbackPort.free()
        let port = LoopbackPort.free()
        let canary = "CANARY-\(UUID().uuidString)"
        let configPath = "\(folder.path)/srooter.yaml"
        try """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(folder.path)/srooter.db
            timeouts: {connect_seconds: 2, idle_seconds: 5, total_seconds: 20, drain_seconds: 5}
            providers:
              anth: {kind: anthropic, base_url: "http://127.0.0.1:\(mockPort)", credential: "env:MOCK_PROVIDER_KEY"}
              oai: {kind: openai, base_url: "http://127.0.0.1:\(mockPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
              local: {kind: openai-compatible, base_url: "http://127.0.0.1:\(mockPort)/v1"}
            models:
              claude-t: {provider: anth, upstream: up-claude, price: {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75}}
              gpt-t: {provider: oai, upstream: up-gpt, price: {input: 1.25, output: 10, cache_read: 0.125}}
              local-t: {provider: local, upstream: up-local}
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let env = ["MOCK_PROVIDER_KEY": "sk-provider-\(UUID().uuidString)"]
        let key = try await Interop.srooter(["access", "create", "--config", configPath, "--user", "ada"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("sk-srt-"))
        let mock = try BackgroundProcess.srooter(["mock-upstream", "--port", "\(mockPort)"], log: "\(folder.path)/mock.log")
        defer { mock.terminate() }
        let serve = try BackgroundProcess.srooter(["serve", "--config", configPath, "--allow-unverified"], log: "\(folder.path)/serve.log", environment: env)
        defer { serve.terminate() }
        try #require(await LoopbackPort.waitUntilOpen(mockPort, port), "servers did not start")

        let run = try await PythonScript.run(
            "Tests/InteropTests/gateway_translation_check.py", ["http://127.0.0.1:\(port)", key, canary, "http://127.0.0.1:\(mockPort)"],
            timeLimit: 240)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr.suffix(3000))")
        let checks = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(checks.contains(#""failures": []"#) && !checks.contains(#""checks": 0"#), "\(checks)")

        #expect(await serve.stopProblem() == nil)
        let records = try await AuditLog.reader(databasePath: "\(folder.path)/srooter.db").latest(limit: 10_000)
        let translated = records.filter { ($0.note ?? "").contains("translated ") }
        // Every client wire met every provider wire it does not speak.
        let pairs = Set(translated.map { "\($0.surface)>\($0.provider ?? "")" })
        #expect(pairs.isSuperset(of: [
            "anthropic-messages>oai", "anthropic-messages>local", "openai-chat>anth", "openai-responses>anth", "openai-responses>local",
        ]), "\(pairs)")
        // The provider's own counts, whatever the client's wire, and the cost from them.
        let served = translated.filter { $0.outcome == "ok" && $0.surface != "anthropic-count-tokens" }
        // One record per request: Anthropic client 2 models x 2 (tools or not) x 2 (whole, stream); Chat client
        // 2 x 3 (whole, stream with and without usage); Responses client 2 x 2 x 2; the dropped check's 2.
        let expectedServed: Int = 8 + 6 + 8 + 2
        #expect(served.count == expectedServed, "\(served.count) translated requests served")
        for record in served {
            let expected = record.provider == "anth" ? Self.anthropicUsage : Self.chatUsage
            #expect(
                (record.inputTokens, record.outputTokens, record.cacheReadTokens, record.cacheWriteTokens)
                    == (expected.input, expected.output, expected.read, expected.write), "\(record)")
            #expect(record.provider == "local" ? record.costUSD == 0 : record.costUSD > 0, "\(record)")
            let upstreamWire = record.provider == "anth" ? "anthropic" : "openai-chat"
            let clientWire = record.surface == "anthropic-messages" ? "anthropic" : record.surface
            #expect(record.note?.contains("translated \(clientWire) to \(upstreamWire)") == true, "\(record)")
        }
        // Provider errors keep their status; a stream the provider broke is not ok.
        #expect(Set(translated.map(\.status)).isSuperset(of: [429, 400, 529]), "\(Set(translated.map(\.status)))")
        #expect(translated.filter { $0.outcome == "upstream_error" }.count >= 15)
        // The three streams the provider broke (one per client wire) are charged an estimate, said so in the note:
        // the provider's input count when it gave one (Anthropic's message_start), else the body at 4 bytes a token,
        // and the content translated so far.
        let broken = translated.filter { $0.status == 200 && $0.outcome == "upstream_error" }
        #expect(broken.count == 3, "\(broken)")
        for record in broken {
            #expect((record.note ?? "").contains("usage estimated") && record.inputTokens > 0 && record.outputTokens > 0, "\(record)")
            if record.provider == "anth" { #expect(record.inputTokens == Self.anthropicUsage.input, "\(record)") }
        }
        // The client that hung up mid-stream is charged an estimate from what was translated to it.
        let hungUp = translated.filter { $0.outcome == "client_disconnected" }
        #expect(hungUp.count == 1 && hungUp.allSatisfy { ($0.note ?? "").contains("usage estimated") && $0.inputTokens > 0 && $0.outputTokens > 0 }, "\(hungUp)")
        // What was dropped is named in the note.
        let droppedNotes = translated.compactMap(\.note).filter { $0.contains("dropped: ") }
        #expect(droppedNotes.count == 2, "\(droppedNotes)")
        for note in droppedNotes {
            for name in ["cache_control", "thinking (signed)", "redacted_thinking", "server tool web_search_20250305"] {
                #expect(note.contains(name), "\(note)")
            }
        }
        // The same-wire request of the dropped check has no translation note.
        #expect(records.contains { $0.provider == "anth" && $0.surface == "anthropic-messages" && $0.note == nil && $0.outcome == "ok" })

        for file in ["srooter.db", "serve.log", "mock.log"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: "\(folder.path)/\(file)"))) ?? Data()
            #expect(!String(decoding: bytes, as: UTF8.self).contains(canary), "canary found in \(file)")
        }
    }
}
