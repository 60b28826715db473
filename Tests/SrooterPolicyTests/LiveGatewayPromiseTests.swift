import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SrooterAudit
import SrooterStore
import SrooterTestSupport
import Testing

/// README promises that only hold of the running gateway, checked against a real `srooter serve`
/// on 127.0.0.1 in front of a Python stand-in provider that logs what reaches it. One gateway
/// serves the first test's checks; HTTPS and SIGTERM need a gateway of their own.
@Suite(.serialized) struct LiveGatewayPromiseTests {
    static let anthropicHeaders = [("anthropic-version", "2023-06-01")]

    static func messages(_ text: String, model: String = "claude-up") -> String {
        #"{"model":"\#(model)","max_tokens":16,"messages":[{"role":"user","content":"\#(text)"}]}"#
    }

    /// The upstream's log entries for requests, newest last.
    static func requests(_ gateway: LiveGateway) -> [[String: Any]] {
        gateway.upstreamEvents().filter { $0["event"] as? String == "request" }
    }

    static func headers(of request: [String: Any]?, _ name: String) -> [String] {
        ((request?["headers"] as? [[String]]) ?? []).filter { $0.first == name }.compactMap { $0.last }
    }

    @Test func promisesOfOneRunningGateway() async throws {
        let vaultSecret = "sk-vault-\(UUID().uuidString)"
        let gateway = try LiveGateway { upstream in
            """
            timeouts: {connect_seconds: 2, idle_seconds: 20, total_seconds: 60, drain_seconds: 5}
            providers:
              up-anthropic: {kind: anthropic, base_url: "http://127.0.0.1:\(upstream)", credential: "env:UP_ANTHROPIC_KEY"}
              up-openai: {kind: openai, base_url: "http://127.0.0.1:\(upstream)/v1", credential: "vault:up-vault"}
            models:
              claude-up: {provider: up-anthropic, upstream: up-claude-1, price: {input: 3, output: 15}}
              gpt-up: {provider: up-openai, upstream: up-gpt-1, price: {input: 1, output: 2}}
            """
        }
        try await gateway.cli(["credentials", "add", "up-vault", "--provider", "up-openai", "--from-env", "UP_VAULT_SECRET"], environment: ["UP_VAULT_SECRET": vaultSecret])
        try await gateway.cli(["org", "create", "acme"])
        try await gateway.cli(["team", "create", "platform", "--org", "acme"])
        for (user, role) in [("root", "owner"), ("ada", "member"), ("limited", "member"), ("leaving", "member")] {
            try await gateway.cli(["user", "create", user, "--org", "acme", "--team", "platform"])
            try await gateway.cli(["user", "grant", user, role, "--org", "acme"])
        }
        try await gateway.cli(["policy", "set", "user:limited", #"{"requests_per_minute":100}"#])
        var keys: [String: String] = [:]
        for user in ["root", "ada", "limited", "leaving"] {
            keys[user] = try await gateway.cli(["access", "create", "--user", user, "--team", "platform"])
        }
        try await gateway.startUpstream()
        try await gateway.startServe(environment: ["UP_ANTHROPIC_KEY": "sk-env-anthropic"])
        try await HTTPClient.withClient { client in
            try await check(gateway, client, keys: keys, vaultSecret: vaultSecret)
        }
    }

    func check(_ gateway: LiveGateway, _ client: HTTPClient, keys: [String: String], vaultSecret: String) async throws {
        let base = "http://127.0.0.1:\(gateway.port)"

        // --allow-unverified logs its warning (this test build carries no release signature).
        #expect(try String(contentsOfFile: gateway.serveLog, encoding: .utf8).contains("UNVERIFIED BUILD"), "no warning in serve.log")

        // anthropic-version and anthropic-beta reach the upstream exactly as sent; the request id comes back.
        let beta = "interleaved-thinking-2025-05-14,  token-efficient-tools-2025-02-19"
        let sent = try await PolicyHarness.call(
            client, .POST, base + "/v1/messages", key: keys["ada"] ?? "", body: Self.messages("hello"),
            headers: Self.anthropicHeaders + [("anthropic-beta", beta)])
        #expect(sent.status == 200, "\(sent.body)")
        let forwarded = Self.requests(gateway).last
        #expect(Self.headers(of: forwarded, "anthropic-version") == ["2023-06-01"], "\(String(describing: forwarded))")
        #expect(Self.headers(of: forwarded, "anthropic-beta") == [beta], "\(String(describing: forwarded))")
        #expect(Self.headers(of: forwarded, "x-api-key") == ["sk-env-anthropic"])
        // Without a rate limit of srooter's, the provider's headers pass through.
        #expect(sent.headers["anthropic-ratelimit-requests-limit"] == ["1000"], "\(sent.headers)")

        // x-srooter-request-id is returned and is the audit record's request_id.
        let requestID = try #require(sent.headers["x-srooter-request-id"].first, "no x-srooter-request-id in \(sent.headers)")
        let databasePath = "\(gateway.folder)/srooter.db"
        var recorded: AuditRecord?
        _ = try await LiveGateway.wait {
            recorded = try await AuditLog.reader(databasePath: databasePath).latest(limit: 100).first { $0.requestID == requestID }
            return recorded != nil
        }
        #expect(recorded?.user == "ada" && recorded?.status == 200 && recorded?.requestedModel == "claude-up", "\(String(describing: recorded))")

        // credential: vault:NAME reaches the upstream (as OpenAI's bearer); the prompt hash of the Chat
        // Completions request is SHA-256 (by sha256sum) of its messages' canonical JSON, written out here.
        let chat = try await PolicyHarness.call(
            client, .POST, base + "/v1/chat/completions", key: keys["ada"] ?? "",
            body: #"{"model":"gpt-up","messages":[{"role":"user","content":"ping"}],"temperature":0.5}"#)
        #expect(chat.status == 200, "\(chat.body)")
        let chatRequest = Self.requests(gateway).last
        #expect(chatRequest?["path"] as? String == "/v1/chat/completions")
        #expect(Self.headers(of: chatRequest, "authorization") == ["Bearer \(vaultSecret)"], "\(String(describing: chatRequest))")
        let chatID = try #require(chat.headers["x-srooter-request-id"].first)
        let expectedHash = try await IndependentDigest.sha256Hex(#"{"messages":[{"content":"ping","role":"user"}]}"#)
        var chatRecord: AuditRecord?
        _ = try await LiveGateway.wait {
            chatRecord = try await AuditLog.reader(databasePath: databasePath).latest(limit: 100).first { $0.requestID == chatID }
            return chatRecord != nil
        }
        #expect(chatRecord?.promptSHA256 == expectedHash, "\(String(describing: chatRecord))")

        // srooter's rate-limit headers replace the provider's of the same name, on both wires; the
        // provider's other headers pass.
        let limited = try await PolicyHarness.call(
            client, .POST, base + "/v1/messages", key: keys["limited"] ?? "", body: Self.messages("hi"), headers: Self.anthropicHeaders)
        #expect(limited.status == 200)
        #expect(limited.headers["anthropic-ratelimit-requests-limit"] == ["100"], "\(limited.headers)")
        #expect(limited.headers["anthropic-ratelimit-requests-remaining"].count == 1, "\(limited.headers)")
        #expect(limited.headers["anthropic-ratelimit-tokens-limit"] == ["80000"], "\(limited.headers)")
        let limitedChat = try await PolicyHarness.call(
            client, .POST, base + "/v1/chat/completions", key: keys["limited"] ?? "",
            body: #"{"model":"gpt-up","messages":[{"role":"user","content":"hi"}]}"#)
        #expect(limitedChat.status == 200)
        #expect(limitedChat.headers["x-ratelimit-limit-requests"] == ["100"], "\(limitedChat.headers)")
        #expect(limitedChat.headers["x-ratelimit-remaining-requests"].count == 1, "\(limitedChat.headers)")

        // Admin calls on targets that do not exist answer 403, not 404, even for the org's owner.
        let owner = keys["root"] ?? ""
        let existing = try await PolicyHarness.call(client, .PATCH, base + "/admin/v1/teams/platform", key: owner, body: #"{"display_name":"P"}"#)
        #expect(existing.status == 200, "the owner may edit a team that exists: \(existing.status) \(existing.body)")
        for (method, path, body) in [
            (HTTPMethod.PATCH, "/admin/v1/teams/ghost-team", #"{"display_name":"G"}"# as String?),
            (.DELETE, "/admin/v1/teams/ghost-team", nil),
            (.DELETE, "/admin/v1/users/ghost-user", nil),
            (.PATCH, "/admin/v1/users/ghost-user", #"{"team":"platform"}"#),
            (.DELETE, "/admin/v1/keys/0123456789ab", nil),
            (.PATCH, "/admin/v1/orgs/ghost-org", #"{"display_name":"G"}"#),
        ] {
            let reply = try await PolicyHarness.call(client, method, base + path, key: owner, body: body)
            #expect(reply.status == 403, "\(method) \(path): \(reply.status) \(reply.body)")
        }

        // A client that hangs up while the upstream sends a whole (non-streaming) body cancels it.
        let hangUp = try BackgroundProcess(
            "/usr/bin/env",
            ["curl", "-s", "--max-time", "60", "-o", "/dev/null", base + "/v1/messages",
             "-H", "x-api-key: \(keys["ada"] ?? "")", "-H", "anthropic-version: 2023-06-01", "-H", "content-type: application/json",
             "-d", Self.messages("slow-whole")],
            log: "\(gateway.folder)/hang-up.log")
        let started = await LiveGateway.wait { gateway.upstreamEvents().contains { $0["event"] as? String == "head sent" } }
        try #require(started, "the upstream never began the slow body")
        // SIGKILL: the test runner may hand its children an ignored SIGTERM.
        await hangUp.kill()
        let cancelled = await LiveGateway.wait { gateway.upstreamEvents().contains { $0["event"] as? String == "cancelled" } }
        #expect(cancelled, "the upstream kept sending after the client left: \(gateway.upstreamEvents().compactMap { $0["event"] })")
        #expect(!gateway.upstreamEvents().contains { $0["event"] as? String == "completed" })
        let disconnected = try await LiveGateway.wait {
            try await AuditLog.reader(databasePath: databasePath).latest(limit: 100).contains { $0.outcome == "client_disconnected" }
        }
        #expect(disconnected, "no client_disconnected record")

        // A key revoked with the CLI is refused within 2 s.
        let leaving = keys["leaving"] ?? ""
        let before = try await PolicyHarness.call(client, .POST, base + "/v1/messages", key: leaving, body: Self.messages("hi"), headers: Self.anthropicHeaders)
        #expect(before.status == 200)
        try await gateway.cli(["access", "revoke", String(leaving.dropFirst("sk-srt-".count).prefix(12))])
        let revokedAt = ContinuousClock.now
        var status = 0
        while ContinuousClock.now - revokedAt < .seconds(5) {
            status = try await PolicyHarness.call(client, .GET, base + "/v1/models", key: leaving, timeout: .seconds(5)).status
            if status == 401 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let took = ContinuousClock.now - revokedAt
        #expect(status == 401 && took < .seconds(2), "the revoked key got \(status) after \(took)")
    }

    @Test func httpsWithTheConfiguredCertificate() async throws {
        let certificates = TemporaryDirectory()
        let made = try await CommandRunner.run(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost", "-keyout", certificates.file("key.pem"), "-out", certificates.file("cert.pem")])
        try #require(made.status == 0, "openssl: \(made.stderr)")
        let gateway = try LiveGateway { _ in
            """
            tls: {certificate: \(certificates.file("cert.pem")), key: \(certificates.file("key.pem"))}
            providers: {mock: {kind: mock}}
            models: {mock-gpt: {provider: mock, upstream: mock-gpt-1}}
            """
        }
        let key = try await gateway.cli(["access", "create", "--user", "tls"])
        try await gateway.startServe()
        func curl(_ scheme: String, _ extra: [String]) async throws -> CommandResult {
            try await CommandRunner.run(
                "curl", ["-s", "--max-time", "10", "-w", "\n%{http_code}", "--resolve", "localhost:\(gateway.port):127.0.0.1"] + extra
                    + ["\(scheme)://localhost:\(gateway.port)/v1/models", "-H", "Authorization: Bearer \(key)"], timeLimit: 30)
        }
        let trusted = try await curl("https", ["--cacert", certificates.file("cert.pem")])
        #expect(trusted.status == 0 && trusted.stdout.hasSuffix("\n200") && trusted.stdout.contains("mock-gpt"), "\(trusted.stdout) \(trusted.stderr)")
        // The certificate served is the configured one: without it as a trust root, curl refuses it.
        let untrusted = try await curl("https", [])
        #expect(untrusted.status == 60, "curl exit \(untrusted.status): \(untrusted.stdout)")
        let plain = try await curl("http", [])
        #expect(!plain.stdout.hasSuffix("\n200"), "plain HTTP was answered: \(plain.stdout)")
        #expect(await LiveGateway.stop(gateway.serve) == 0)
    }

    @Test func sigtermStopsAcceptingAndCapsTheDrain() async throws {
        let drain = 3.0
        let gateway = try LiveGateway { _ in
            """
            timeouts: {idle_seconds: 60, total_seconds: 120, drain_seconds: \(Int(drain))}
            providers: {mock: {kind: mock}}
            models: {mock-gpt: {provider: mock, upstream: mock-gpt-1}}
            """
        }
        let key = try await gateway.cli(["access", "create", "--user", "drain"])
        try await gateway.startServe()
        let serve = try #require(gateway.serve)
        // A stream that falls silent after its first events (for 60 s) is in flight when SIGTERM arrives.
        let output = "\(gateway.folder)/stream.out"
        let curl = try BackgroundProcess(
            "/usr/bin/env",
            ["curl", "-sN", "--max-time", "60", "-o", output, "http://127.0.0.1:\(gateway.port)/v1/chat/completions",
             "-H", "Authorization: Bearer \(key)",
             "-d", #"{"model":"mock-gpt","stream":true,"messages":[{"role":"user","content":"mock:idle"}]}"#],
            log: "\(gateway.folder)/curl.log")
        defer { curl.terminate(signal: SIGKILL) }
        let inFlight = await LiveGateway.wait { ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("data: ") }
        try #require(inFlight, "no stream in flight")

        let signalled = ContinuousClock.now
        kill(serve.process.processIdentifier, SIGTERM)
        // New connections are refused while the stream still drains.
        let refusing = await LiveGateway.wait(seconds: drain) { !acceptsConnections(gateway.port) }
        let stillRunning = serve.isRunning
        #expect(refusing && stillRunning, "refusing new connections: \(refusing), serve still draining: \(stillRunning)")
        // The drain ends at drain_seconds although the stream has not finished.
        let exited = await LiveGateway.wait(seconds: drain + 10) { !serve.isRunning }
        let took = ContinuousClock.now - signalled
        #expect(exited && took < .seconds(drain + 4), "serve took \(took) to exit after SIGTERM with drain_seconds \(drain)")
        #expect(took >= .seconds(drain - 0.5), "serve exited after \(took), before the drain time, with a stream in flight")
        if !exited { await serve.kill() }
        #expect(serve.process.terminationStatus == 0, "exit status \(serve.process.terminationStatus)")
    }
}
