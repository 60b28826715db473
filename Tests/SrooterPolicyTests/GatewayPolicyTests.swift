import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SrooterStore
import SrooterAudit
import Testing

/// Allowlists, `/v1/models`, caps and rate limits through a real `srooter serve`.
@Suite(.serialized) struct GatewayPolicyTests {
    @Test func allowlistModelsCapsAndRateLimits() async throws {
        let harness = try PolicyHarness()
        try await harness.cli(["org", "create", "acme"])
        try await harness.cli(["team", "create", "platform", "--org", "acme"])
        try await harness.cli(["user", "create", "ada", "--org", "acme", "--team", "platform"])
        try await harness.cli(["user", "grant", "ada", "member", "--team", "platform"])
        try await harness.cli(["policy", "set", "team:platform", #"{"models":["claude-*"],"max_thinking_tokens":2048}"#])
        try await harness.cli(["policy", "set", "user:ada", #"{"requests_per_minute":5}"#])
        let key = try await harness.key(for: "ada", team: "platform")
        try await harness.start()
        defer { harness.terminate() }
        try await HTTPClient.withClient { client in
            let base = "http://127.0.0.1:\(harness.port)"

            let models = try await PolicyHarness.call(client, .GET, base + "/v1/models", key: key)
            #expect(models.status == 200 && models.body.contains("claude-test") && !models.body.contains("gpt-test"))

            let chat = try await PolicyHarness.call(
                client, .POST, base + "/v1/chat/completions", key: key, body: #"{"model":"gpt-test","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(chat.status == 403 && chat.body.contains("model 'gpt-test' is not allowed by the policy of team:platform"))
            #expect(chat.body.hasPrefix(#"{"error":{"message":"#))

            let thinking = #"{"model":"claude-test","max_tokens":8000,"thinking":{"type":"enabled","budget_tokens":6000},"messages":[{"role":"user","content":"hi"}]}"#
            let capped = try await PolicyHarness.call(
                client, .POST, base + "/v1/messages", key: key, body: thinking, headers: [("anthropic-version", "2023-06-01")])
            #expect(capped.status == 200)
            // An admitted request of a rate-limited caller carries the limit and what remains, in Anthropic's names.
            #expect(capped.headers["anthropic-ratelimit-requests-limit"].first == "5", "\(capped.headers)")
            #expect(capped.headers["anthropic-ratelimit-requests-remaining"].first.flatMap { Int($0) }.map { $0 < 5 } == true)
            #expect(capped.headers["anthropic-ratelimit-requests-reset"].first?.hasSuffix("Z") == true)

            var statuses: [Int] = []
            var limited: (status: Int, body: String, headers: HTTPHeaders)?
            for _ in 0..<6 {
                let response = try await PolicyHarness.call(
                    client, .POST, base + "/v1/messages", key: key, body: #"{"model":"claude-test","max_tokens":10,"messages":[]}"#,
                    headers: [("anthropic-version", "2023-06-01")])
                statuses.append(response.status)
                if response.status == 429 { limited = response }
            }
            // A policy set from the CLI while the gateway runs takes effect (the reload notices another process's write).
            try await harness.cli(["policy", "set", "team:platform", #"{"models":["gpt-*"]}"#])
            var switched = false
            for _ in 0..<50 where !switched {
                let listed = try await PolicyHarness.call(client, .GET, base + "/v1/models", key: key)
                switched = listed.body.contains("gpt-test") && !listed.body.contains("claude-test")
                if !switched { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(switched, "the new allowlist did not reach the running gateway")
            // ...and so does a key created from the CLI.
            let late = try await harness.key(for: "ada", team: "platform")
            var accepted = false
            for _ in 0..<50 where !accepted {
                accepted = try await PolicyHarness.call(client, .GET, base + "/v1/models", key: late).status == 200
                if !accepted { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(accepted, "a key created while serving was not accepted")
            // On the OpenAI wire the same limits carry OpenAI's header names (refused, with nothing remaining,
            // unless the machine was so slow that the minute passed).
            let openAI = try await PolicyHarness.call(
                client, .POST, base + "/v1/chat/completions", key: late, body: #"{"model":"gpt-test","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(openAI.status == 429 || openAI.status == 200, "\(openAI.status) \(openAI.body)")
            #expect(openAI.headers["x-ratelimit-limit-requests"].first == "5", "\(openAI.headers)")
            #expect(openAI.headers["x-ratelimit-remaining-requests"].first.flatMap { Int($0) }.map { $0 < 5 } == true)
            #expect(openAI.headers["x-ratelimit-reset-requests"].first?.hasSuffix("s") == true)
            #expect(openAI.headers["anthropic-ratelimit-requests-limit"].isEmpty)
            // 5 per minute with 2 already used: at least one of 6 more is refused, however slow the machine.
            #expect(statuses.filter { $0 == 429 }.count >= 1, "\(statuses)")
            #expect(limited?.body.contains(#""type":"rate_limit_error""#) == true && limited?.body.contains("user:ada") == true)
            #expect(limited?.headers["retry-after"].first.flatMap { Int($0) }.map { $0 >= 1 } == true)
            #expect(limited?.headers["anthropic-ratelimit-requests-limit"].first == "5")

            await harness.stop()
            let records = try await AuditLog.reader(databasePath: "\(harness.folder)/srooter.db").latest(limit: 1000).filter { $0.surface != "admin" }
            #expect(records.contains { $0.note == "cap thinking.budget_tokens=2048 (team:platform)" && $0.status == 200 })
            #expect(records.contains { $0.status == 403 && $0.outcome == "policy_denied" && $0.requestedModel == "gpt-test" })
            #expect(records.contains { $0.status == 429 && $0.outcome == "rate_limited" })
        }
    }
}
