import Foundation
import SrooterSupplyChain
import SrooterTestSupport
import Testing

/// Issue 19, header hygiene, over real HTTP: what `srooter serve` sends upstream of the client's
/// headers, written down by `passthrough_upstream.py`. The identity and caching headers providers
/// use pass for the provider's wire (same wire and across wires); credentials, srooter's own
/// headers and anything else never do.
@Suite(.serialized) struct ForwardedHeadersInteropTests {

    /// Headers no provider may get, whatever the wire: cookies, proxies' and srooter's own, other vendors'.
    static let hostile = [
        "Cookie: session=c00kie", "X-Forwarded-For: 10.9.8.7", "X-Custom-Secret: nope", "X-Srooter-Debug: 1",
        "OpenAI-Organization: org-nope", "Accept-Encoding: gzip",
    ]

    @Test func identityHeadersPassForTheProvidersWire() async throws {
        let folder = TemporaryFolder()
        let upstreamPort = LoopbackPort.free()
        let port = LoopbackPort.free()
        let configPath = "\(folder.path)/srooter.yaml"
        try """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(folder.path)/srooter.db
            providers:
              claude-subscription: {kind: anthropic, base_url: "http://127.0.0.1:\(upstreamPort)", credential: passthrough}
              local: {kind: openai-compatible, base_url: "http://127.0.0.1:\(upstreamPort)/v1"}
            models:
              claude-h: {provider: claude-subscription, upstream: upstream-claude-1}
              local-h: {provider: local, upstream: upstream-local-1}
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let key = try await Interop.srooter(["access", "create", "--config", configPath, "--user", "ada"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let token = "sk-ant-oat01-\(UUID().uuidString)"
        let upstreamLog = "\(folder.path)/upstream.jsonl"
        let upstream = try PassthroughInteropTests.upstream(port: upstreamPort, log: upstreamLog)
        defer { upstream.terminate(signal: SIGKILL) }
        let serve = try BackgroundProcess.srooter(["serve", "--config", configPath, "--allow-unverified"], log: "\(folder.path)/serve.log")
        defer { serve.terminate() }
        try #require(await LoopbackPort.waitUntilOpen(upstreamPort, port), "servers did not start")
        let base = "http://127.0.0.1:\(port)"
        let claudeCode = ["User-Agent: claude-cli/2.0.0 (external, cli)", "X-App: cli", "anthropic-version: 2023-06-01",
            "anthropic-beta: oauth-2025-04-20", "X-Stainless-OS: Linux"]
        let codex = ["User-Agent: codex_cli_rs/0.163.0", "originator: codex_cli_rs", "session-id: 5f2c-session", "X-Stainless-Lang: js",
            "anthropic-beta: anthropic-only"]

        // 1. Claude Code with its subscription on an Anthropic provider (same wire).
        let sameAnthropic = try await PassthroughInteropTests.post(
            "\(base)/v1/messages", headers: ["Authorization: Bearer \(token)", "x-srooter-key: \(key)"] + claudeCode + Self.hostile,
            body: #"{"model":"claude-h","max_tokens":16,"messages":[{"role":"user","content":"ping"}]}"#)
        // 2. Codex (Responses) on a local Chat Completions model: translated, with its prompt cache key.
        let crossResponses = try await PassthroughInteropTests.post(
            "\(base)/v1/responses", headers: ["Authorization: Bearer \(key)"] + codex + Self.hostile,
            body: #"{"model":"local-h","input":"ping","prompt_cache_key":"pck-19"}"#)
        // 3. A Chat Completions client on the Anthropic provider: translated; Anthropic's version header added,
        //    Anthropic's headers pass and Codex's do not.
        let crossChat = try await PassthroughInteropTests.post(
            "\(base)/v1/chat/completions", headers: ["Authorization: Bearer \(token)", "x-srooter-key: \(key)"] + codex + Self.hostile,
            body: #"{"model":"claude-h","messages":[{"role":"user","content":"ping"}]}"#)
        // 4. The same Codex headers on the same wire (Chat client, Chat provider), body as sent.
        let sameChat = try await PassthroughInteropTests.post(
            "\(base)/v1/chat/completions", headers: ["Authorization: Bearer \(key)"] + codex + Self.hostile,
            body: #"{"model":"local-h","messages":[{"role":"user","content":"ping"}],"prompt_cache_key":"pck-same"}"#)
        for (name, answer) in [("same anthropic", sameAnthropic), ("responses to chat", crossResponses), ("chat to anthropic", crossChat), ("same chat", sameChat)] {
            #expect(answer.status == 200, "\(name): \(answer)")
        }

        let seen = try Interop.read(upstreamLog).split(separator: "\n").map { PassthroughInteropTests.object(String($0)) }
        try #require(seen.count == 4, "\(seen)")
        func headers(_ index: Int) -> [String: [String]] {
            var out: [String: [String]] = [:]
            for pair in (seen[index]["headers"] as? [[String]]) ?? [] where pair.count == 2 { out[pair[0], default: []].append(pair[1]) }
            return out
        }
        let expected: [(path: String, passed: [String: String], absent: [String])] = [
            ("/v1/messages",
             ["user-agent": "claude-cli/2.0.0 (external, cli)", "x-app": "cli", "anthropic-version": "2023-06-01",
              "anthropic-beta": "oauth-2025-04-20", "x-stainless-os": "Linux", "authorization": "Bearer \(token)"],
             ["originator", "session-id"]),
            ("/v1/chat/completions",
             ["user-agent": "codex_cli_rs/0.163.0", "originator": "codex_cli_rs", "session-id": "5f2c-session", "x-stainless-lang": "js"],
             ["anthropic-beta", "anthropic-version", "authorization"]),
            ("/v1/messages",
             ["user-agent": "codex_cli_rs/0.163.0", "anthropic-version": "2023-06-01", "x-stainless-lang": "js", "authorization": "Bearer \(token)",
              "anthropic-beta": "anthropic-only"],
             ["originator", "session-id"]),
            ("/v1/chat/completions",
             ["user-agent": "codex_cli_rs/0.163.0", "originator": "codex_cli_rs", "session-id": "5f2c-session", "x-stainless-lang": "js"],
             ["anthropic-beta", "authorization"]),
        ]
        let never = ["cookie", "x-forwarded-for", "x-custom-secret", "x-srooter-debug", "x-srooter-key", "x-api-key", "openai-organization", "accept-encoding"]
        for (index, want) in expected.enumerated() {
            let got = headers(index)
            #expect(seen[index]["path"] as? String == want.path, "request \(index + 1): \(seen[index])")
            for (name, value) in want.passed { #expect(got[name] == [value], "request \(index + 1): \(name) in \(got)") }
            for name in want.absent + never { #expect(got[name] == nil, "request \(index + 1): \(name) sent upstream: \(got)") }
            #expect(!got.values.joined().contains { $0.contains(key) }, "request \(index + 1): the srooter key went upstream")
        }
        // prompt_cache_key: carried across wires (Responses to Chat) and as sent on the same wire.
        #expect(seen[1]["prompt_cache_key"] as? String == "pck-19", "\(seen[1])")
        #expect(seen[3]["prompt_cache_key"] as? String == "pck-same", "\(seen[3])")
    }
}
