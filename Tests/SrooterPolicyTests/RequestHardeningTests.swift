import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SrooterTestSupport
import Testing

/// Request bodies built to make srooter and the provider read different values, capped fields
/// with values a cap cannot judge, `count_tokens` under a request-rate limit, and names with
/// control characters, through a real `srooter serve` (issue 16, items 5, 6, 9 and 10).
@Suite(.serialized) struct RequestHardeningTests {
    static let anthropic = [("anthropic-version", "2023-06-01")]
    static let messages = #""messages":[{"role":"user","content":"hi"}]"#

    /// A body and the surface it goes to.
    struct Probe: Sendable {
        let path: String
        let body: String
        var isAnthropic: Bool { path.hasPrefix("/v1/messages") }
    }

    static func messagesBody(_ members: String) -> Probe { Probe(path: "/v1/messages", body: "{" + members + "," + messages + "}") }
    static func chatBody(_ members: String) -> Probe { Probe(path: "/v1/chat/completions", body: "{" + members + "," + messages + "}") }
    static func responsesBody(_ members: String) -> Probe { Probe(path: "/v1/responses", body: "{" + members + "}") }

    /// Each body repeats one member srooter reads or rewrites, named by its path.
    static let duplicates: [(member: String, probe: Probe)] = [
        ("model", messagesBody(#""model":"gpt-test","max_tokens":64,"model":"claude-test""#)),
        ("max_tokens", messagesBody(#""model":"claude-test","max_tokens":64,"max_tokens":100000"#)),
        ("stream", messagesBody(#""model":"claude-test","max_tokens":64,"stream":false,"stream":true"#)),
        ("thinking.budget_tokens", messagesBody(#""model":"claude-test","max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":1024,"budget_tokens":60000}"#)),
        ("output_config.effort", messagesBody(#""model":"claude-test","max_tokens":64,"output_config":{"effort":"low","effort":"max"}"#)),
        ("system", messagesBody(#""model":"claude-test","max_tokens":64,"system":"a","system":"b""#)),
        ("model", chatBody(#""model":"gpt-test","model":"claude-test""#)),
        ("max_completion_tokens", chatBody(#""model":"gpt-test","max_completion_tokens":64,"max_completion_tokens":100000"#)),
        ("reasoning_effort", chatBody(#""model":"gpt-test","reasoning_effort":"low","reasoning_effort":"high""#)),
        ("stream_options.include_usage", chatBody(#""model":"gpt-test","stream":true,"stream_options":{"include_usage":false,"include_usage":true}"#)),
        ("max_output_tokens", responsesBody(#""model":"gpt-test","input":"hi","max_output_tokens":64,"max_output_tokens":100000"#)),
        ("reasoning.effort", responsesBody(#""model":"gpt-test","input":"hi","reasoning":{"effort":"low","effort":"high"}"#)),
        ("input", responsesBody(#""model":"gpt-test","input":"hi","input":"other""#)),
    ]

    /// With caps in force (`max_output_tokens` 1000, `max_thinking_tokens` 2048, `max_effort` low):
    /// values of capped fields that are not integers in range (or, for an effort, not a string).
    static let unjudgeable: [(field: String, probe: Probe)] = [
        ("max_tokens", messagesBody(#""model":"claude-test","max_tokens":"50000""#)),
        ("max_tokens", messagesBody(#""model":"claude-test","max_tokens":1e16"#)),
        ("max_tokens", messagesBody(#""model":"claude-test","max_tokens":12345678901234567890"#)),
        ("max_tokens", messagesBody(#""model":"claude-test","max_tokens":-1"#)),
        ("max_tokens", messagesBody(#""model":"claude-test","max_tokens":800.0"#)),
        ("thinking.budget_tokens", messagesBody(#""model":"claude-test","max_tokens":900,"thinking":{"type":"enabled","budget_tokens":"50000"}"#)),
        ("output_config.effort", messagesBody(#""model":"claude-test","max_tokens":64,"output_config":{"effort":9}"#)),
        ("max_completion_tokens", chatBody(#""model":"gpt-test","max_completion_tokens":"50000""#)),
        ("max_tokens", chatBody(#""model":"gpt-test","max_tokens":-5"#)),
        ("reasoning_effort", chatBody(#""model":"gpt-test","reasoning_effort":true"#)),
        ("max_output_tokens", responsesBody(#""model":"gpt-test","input":"hi","max_output_tokens":1e16"#)),
        ("reasoning.effort", responsesBody(#""model":"gpt-test","input":"hi","reasoning":{"effort":7}"#)),
    ]

    @Test func duplicatesOddCapValuesCountTokensAndNames() async throws {
        let harness = try PolicyHarness()
        try await harness.cli(["org", "create", "acme"])
        try await harness.cli(["team", "create", "alpha", "--org", "acme"])
        for user in ["free", "capped", "counter", "boss"] {
            try await harness.cli(["user", "create", user, "--org", "acme", "--team", "alpha"])
            try await harness.cli(["user", "grant", user, user == "boss" ? "owner" : "member", "--org", "acme"])
        }
        try await harness.cli(["policy", "set", "user:capped", #"{"max_output_tokens":1000,"max_thinking_tokens":2048,"max_effort":"low"}"#])
        try await harness.cli(["policy", "set", "user:counter", #"{"requests_per_minute":2}"#])
        let free = try await harness.key(for: "free")
        let capped = try await harness.key(for: "capped")
        let counter = try await harness.key(for: "counter")
        let boss = try await harness.key(for: "boss")
        try await harness.start()
        defer { harness.terminate() }
        try await HTTPClient.withClient { client in
            let base = "http://127.0.0.1:\(harness.port)"
            func send(_ probe: Probe, key: String) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
                try await PolicyHarness.call(client, .POST, base + probe.path, key: key, body: probe.body, headers: probe.isAnthropic ? Self.anthropic : [])
            }
            func hasClientShape(_ body: String, _ probe: Probe) -> Bool {
                probe.isAnthropic
                    ? body.hasPrefix(#"{"type":"error","error":{"type":"invalid_request_error","message":"srooter: "#)
                    : body.hasPrefix(#"{"error":{"message":"srooter: "#) && body.contains(#""type":"invalid_request_error""#)
            }

            // item 5: a repeated member srooter reads or rewrites is refused, in the client's shape
            for (member, probe) in Self.duplicates {
                let response = try await send(probe, key: free)
                #expect(response.status == 400 && response.body.contains(#"more than one \"\#(member)\" member"#) && hasClientShape(response.body, probe),
                    "\(member) on \(probe.path): \(response.status) \(response.body)")
            }
            // ...and a repeat of a member srooter does not look at is the provider's business.
            let unread = try await send(Self.messagesBody(#""model":"claude-test","max_tokens":64,"temperature":0.5,"temperature":0.7"#), key: free)
            #expect(unread.status == 200, "\(unread.body)")

            // item 6: with a cap in force, a capped field must be an integer in range; integers are clamped as before
            for (field, probe) in Self.unjudgeable {
                let response = try await send(probe, key: capped)
                #expect(response.status == 400 && response.body.contains("\(field) must be a whole number") && response.body.contains("user:capped")
                    && hasClientShape(response.body, probe), "\(probe.body): \(response.status) \(response.body)")
            }
            let clamped = try await send(Self.messagesBody(#""model":"claude-test","max_tokens":50000"#), key: capped)
            #expect(clamped.status == 200, "\(clamped.body)")
            let uncapped = try await send(Self.messagesBody(#""model":"claude-test","max_tokens":1e3"#), key: free)
            #expect(!uncapped.body.contains("must be a whole number"), "no cap, no check: \(uncapped.body)")

            // item 10: count_tokens counts against the request-rate limit (2 a minute)
            var counted: [Int] = []
            var refusal = ""
            for _ in 0..<3 {
                let response = try await send(Probe(path: "/v1/messages/count_tokens", body: #"{"model":"claude-test","#+Self.messages+"}"), key: counter)
                counted.append(response.status)
                if response.status == 429 { refusal = response.body }
            }
            #expect(counted.filter { $0 == 429 }.count == 1 && counted.first == 200, "\(counted)")
            #expect(refusal.contains(#""type":"rate_limit_error""#) && refusal.contains("user:counter"), "\(refusal)")
            let afterCounting = try await send(Self.messagesBody(#""model":"claude-test","max_tokens":64"#), key: counter)
            #expect(afterCounting.status == 429, "\(afterCounting.status)")

            // item 9: control characters in names are refused at creation, from the API
            let names: [(String, String, String)] = [
                ("/admin/v1/users", #"{"name":"evil\nname","org":"acme"}"#, "U+000A"),
                ("/admin/v1/teams", #"{"name":"t\u001b[31m","org":"acme"}"#, "U+001B"),
                ("/admin/v1/orgs", #"{"name":"o\u0085"}"#, "U+0085"),
                ("/admin/v1/teams", #"{"name":"fine","org":"acme","display_name":"a\u202Eb"}"#, "U+202E"),
            ]
            for (path, body, code) in names {
                let response = try await PolicyHarness.call(client, .POST, base + path, key: boss, body: body)
                #expect(response.status == 400 && response.body.contains("contains the control character \(code)"), "\(body): \(response.status) \(response.body)")
            }
            let listed = try await PolicyHarness.call(client, .GET, base + "/admin/v1/teams", key: boss)
            #expect(listed.status == 200 && !listed.body.contains("fine") && !listed.body.contains("t\\u001b"), "\(listed.body)")
        }
    }

    /// The CLI refuses the same names (and exits 2, unusable input).
    @Test func theCLIRefusesControlCharactersInNames() async throws {
        let harness = try PolicyHarness()
        try await harness.cli(["org", "create", "acme"])
        let attempts: [([String], String)] = [
            (["org", "create", "evil\nname"], "U+000A"),
            (["team", "create", "t\u{1B}[2J", "--org", "acme"], "U+001B"),
            (["team", "create", "fine", "--org", "acme", "--display-name", "x\ry"], "U+000D"),
            (["user", "create", "tab\tuser", "--org", "acme"], "U+0009"),
            (["access", "create", "--user", "u\u{7F}"], "U+007F"),
        ]
        for (arguments, code) in attempts {
            let result = try await CommandRunner.srooter(arguments + ["--config", harness.config])
            #expect(result.status == 2 && result.stderr.contains("contains the control character \(code)"), "\(arguments): \(result.status) \(result.stderr)")
        }
        let teams = try await harness.cli(["team", "list"])
        #expect(!teams.contains("fine"), "\(teams)")
    }
}
