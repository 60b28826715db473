import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SrooterAudit
import SrooterGateway
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing

/// Issue 20's learning loop through the real binaries: requests through trivial routes by users
/// of two orgs, `POST /v1/srooter/feedback` (scoped to the org, validated, audited),
/// `GET /admin/v1/routing` (roles, org-scoped), route names in `GET /v1/models`, then
/// `srooter router train --from-audit` on the database those requests left.
@Suite(.serialized) struct FeedbackLiveTests {
    struct Reply {
        let status: Int
        let body: String
        let requestID: String?
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
    }

    static func call(_ client: HTTPClient, _ live: LiveRouting, _ method: HTTPMethod, _ path: String, key: String?, body: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(live.port)\(path)")
        request.method = method
        if let key { request.headers.add(name: "authorization", value: "Bearer \(key)") }
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        return Reply(status: Int(response.status.code), body: String(buffer: try await response.body.collect(upTo: 8 << 20)),
                     requestID: response.headers.first(name: "x-srooter-request-id"))
    }

    static func chat(_ model: String, _ turns: [String]) -> String {
        let messages = turns.enumerated().map { index, text in #"{"role":"\#(index % 2 == 0 ? "user" : "assistant")","content":"\#(text)"}"# }
        return #"{"model":"\#(model)","max_tokens":100,"messages":[\#(messages.joined(separator: ","))]}"#
    }

    @Test func feedbackRoutingSummaryModelsAndTrainingFromTheAuditTrail() async throws {
        let live = try LiveRouting { live in
            """
            providers:
              mock: {kind: openai, base_url: "http://127.0.0.1:\(live.mockPort)/v1", credential: "env:MOCK_PROVIDER_KEY"}
            models:
              dear: {provider: mock, upstream: mock-gpt-1, price: {input: 3, output: 15}}
              cheap: {provider: mock, upstream: mock-gpt-mini, price: {input: 1, output: 5}}
              flaky: {provider: mock, upstream: "mock:500", price: {input: 1, output: 5}}
            routes:
              auto: {strategy: trivial, candidates: [dear, cheap]}
              shaky: {strategy: trivial, candidates: [dear, flaky]}
            """
        }
        func cli(_ arguments: [String]) async throws -> String {
            let result = try await live.cli(arguments + ["--config", live.config])
            guard result.status == 0 else { throw LiveError(message: "srooter \(arguments.joined(separator: " ")): \(result.stderr)") }
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for org in ["acme", "globex"] { _ = try await cli(["org", "create", org]) }
        for (user, org, role) in [("ada", "acme", "member"), ("bob", "globex", "member"), ("carol", "acme", "auditor")] {
            _ = try await cli(["user", "create", user, "--org", org])
            _ = try await cli(["user", "grant", user, role, "--org", org])
        }
        _ = try await cli(["policy", "set", "user:bob", #"{"models":["dear","cheap","auto"]}"#])
        // Keys made before serve starts (its key ring reloads once a second).
        let bob = try await cli(["access", "create", "--user", "bob"])
        let carol = try await cli(["access", "create", "--user", "carol"])
        let ada = try await live.start()
        var ids: [String: String] = [:]
        try await HTTPClient.withClient { client in
            // Requests: A, B one cheap turn each; C1 cheap then C2 escalated to the default; D on the
            // failing cheap model; E twice the same (a retry); F bob's, in the other org.
            let plan: [(name: String, key: String, model: String, turns: [String], status: Int)] = [
                ("A", ada, "auto", ["alpha"], 200), ("B", ada, "auto", ["bravo"], 200), ("C1", ada, "auto", ["charlie"], 200),
                ("C2", ada, "auto", ["charlie", "x", "more"], 200), ("D", ada, "shaky", ["delta"], 500),
                ("E1", ada, "auto", ["echo"], 200), ("E2", ada, "auto", ["echo"], 200), ("F", bob, "auto", ["foxtrot"], 200),
            ]
            for step in plan {
                let reply = try await Self.call(client, live, .POST, "/v1/chat/completions", key: step.key, body: Self.chat(step.model, step.turns))
                #expect(reply.status == step.status, "\(step.name): \(reply.body)")
                ids[step.name] = try #require(reply.requestID)
            }
            let a = try #require(ids["A"]), b = try #require(ids["B"])

            // Feedback: own org's request, latest score wins; another org's id is the same 404 as an unknown one.
            let posted = try await Self.call(client, live, .POST, "/v1/srooter/feedback", key: ada, body: #"{"request_id":"\#(a)","score":1}"#)
            #expect(posted.status == 200 && posted.body == #"{"object":"srooter.feedback","request_id":"\#(a)","score":1}"#, "\(posted.body)")
            for score in ["0.5", "-1"] {
                let again = try await Self.call(client, live, .POST, "/v1/srooter/feedback", key: ada, body: #"{"request_id":"\#(b)","score":\#(score)}"#)
                #expect(again.status == 200, "\(again.body)")
            }
            let foreign = try await Self.call(client, live, .POST, "/v1/srooter/feedback", key: bob, body: #"{"request_id":"\#(a)","score":1}"#)
            let unknown = try await Self.call(client, live, .POST, "/v1/srooter/feedback", key: bob,
                                              body: #"{"request_id":"req_\#(String(repeating: "0", count: 24))","score":1}"#)
            #expect(foreign.status == 404 && unknown.status == 404 && foreign.body == unknown.body, "\(foreign.body) / \(unknown.body)")
            // Bad bodies: the OpenAI error shape, one line naming the problem.
            let bad: [(body: String, status: Int, names: String)] = [
                (#"{"request_id":"\#(a)","score":1,"score":0}"#, 400, "more than one \"score\""),
                (#"{"request_id":"\#(a)","score":"1"}"#, 400, "\"score\" must be a number from -1"),
                (#"{"request_id":"\#(a)","score":1.5}"#, 400, "\"score\" must be a number from -1"),
                (#"{"request_id":42,"score":1}"#, 400, "\"request_id\" must be a request id"),
                (#"{"request_id":"\#(a)","score":1,"pad":"\#(String(repeating: "p", count: 5000))"}"#, 413, "larger than 4096 bytes"),
                ("[1]", 400, "must be a JSON object"),
            ]
            for item in bad {
                let reply = try await Self.call(client, live, .POST, "/v1/srooter/feedback", key: ada, body: item.body)
                let error = reply.json?["error"] as? [String: Any]
                #expect(reply.status == item.status && (error?["message"] as? String)?.contains(item.names) == true, "\(reply.status) \(reply.body)")
                #expect(error?["type"] is String)
            }
            let anonymous = try await Self.call(client, live, .POST, "/v1/srooter/feedback", key: nil, body: #"{"request_id":"\#(a)","score":1}"#)
            #expect(anonymous.status == 401 && anonymous.json?["error"] != nil)

            // GET /admin/v1/routing: acme's auditor sees acme's seven routed requests, never bob's.
            let summary = try await Self.call(client, live, .GET, "/admin/v1/routing", key: carol)
            #expect(summary.status == 200, "\(summary.body)")
            #expect(summary.json?["requests"] as? Int == 7, "\(summary.body)")
            let rows = summary.json?["rows"] as? [[String: Any]] ?? []
            #expect(rows.reduce(0) { $0 + ($1["requests"] as? Int ?? 0) } == 7)
            #expect(Set(rows.compactMap { $0["route"] as? String }) == ["auto", "shaky"] && rows.allSatisfy { $0["served_model"] != nil })
            let future = try await Self.call(client, live, .GET, "/admin/v1/routing?since=2999-01-01T00:00:00Z", key: carol)
            #expect(future.status == 200 && future.json?["requests"] as? Int == 0, "\(future.body)")
            let badSince = try await Self.call(client, live, .GET, "/admin/v1/routing?since=yesterday", key: carol)
            #expect(badSince.status == 400, "\(badSince.body)")
            for member in [ada, bob] {
                let refused = try await Self.call(client, live, .GET, "/admin/v1/routing", key: member)
                #expect(refused.status == 403, "\(refused.body)")
            }

            // GET /v1/models: the routes too, as the caller's allowlist allows them.
            func names(_ key: String) async throws -> [String] {
                let reply = try await Self.call(client, live, .GET, "/v1/models", key: key)
                return (reply.json?["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            #expect(try await names(ada) == ["auto", "cheap", "dear", "flaky", "shaky"])
            #expect(try await names(bob) == ["auto", "cheap", "dear"])
        }
        await live.stop()

        // The feedback calls are audit records: 3 accepted, 2 not found, 6 refused, never the body's text.
        let records = try await AuditLog.reader(databasePath: live.folder.file("srooter.db")).latest(limit: 1000)
        let feedback = records.filter { $0.surface == "feedback" }
        #expect(feedback.count == 11, "\(feedback.map(\.note))")
        let accepted = ["feedback \(ids["A"] ?? "") score 1", "feedback \(ids["B"] ?? "") score -1", "feedback \(ids["B"] ?? "") score 0.5"]
        #expect(feedback.filter { $0.status == 200 }.compactMap(\.note).sorted() == accepted.sorted())
        #expect(!feedback.contains { ($0.note ?? "").contains("ppp") })

        // Training from the audit trail, by the README's rule: A sufficed (score 1), B not (latest
        // score -1), C1 and C2 escalated, D failed, E1 retried, E2 and F sufficed.
        let weights = live.folder.file("weights.json")
        let trained = try await live.cli(["router", "train", "--from-audit", "--config", live.config, "--output", weights])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout == """
            from the audit trail: 8 requests with features, 8 labelled (3 cheap sufficed, 5 not: 2 by feedback, 1 failed, 1 retried, 2 escalated), 0 left out
            trained on 8 samples; wrote \(weights) (version 1)

            """, "\(trained.stdout)")
        let later = try await live.cli(["router", "train", "--from-audit", "--since", "2999-01-01T00:00:00Z", "--config", live.config, "--output", weights])
        #expect(later.status == 2 && later.stderr.hasSuffix("gives no labelled requests to train on\n"), "\(later.stderr)")
        // The file is sealed with this database's key, and `router eval --weights` reads it.
        let store = try Store(path: live.folder.file("srooter.db"))
        let key = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: live.folder.path)).metadata
        #expect(try WeightsFile.read(weights, key: key).version == 1)
        let evaluated = try await live.cli(["router", "eval", "--samples", LearnedLiveTests.synthetic, "--weights", weights, "--config", live.config, "--thresholds", "0.5"])
        #expect(evaluated.status == 0 && evaluated.stdout.hasPrefix("weights v1 from \(weights); evaluated on all 2400 samples\n"), "\(evaluated.stderr)")
        // The organisation's own traffic, labelled as training labels it, evaluated with the weights.
        let own = try await live.cli(["router", "eval", "--from-audit", "--weights", weights, "--config", live.config, "--thresholds", "0.5"])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.hasPrefix("""
            from the audit trail: 8 requests with features, 8 labelled (3 cheap sufficed, 5 not: 2 by feedback, 1 failed, 1 retried, 2 escalated), 0 left out
            weights v1 from \(weights); evaluated on all 8 samples
            router     threshold  cost saved  quality kept
            """), "\(own.stdout)")
        #expect(own.stdout.contains("\nlearned    0.50"), "\(own.stdout)")
        let none = try await live.cli(["router", "eval", "--from-audit", "--since", "2999-01-01T00:00:00Z", "--config", live.config])
        #expect(none.status == 2 && none.stderr.hasSuffix("gives no labelled requests to evaluate\n"), "\(none.stderr)")
        let stray = try await live.cli(["router", "eval", "--samples", LearnedLiveTests.synthetic, "--since", "2026-12-01T00:00:00Z", "--config", live.config])
        #expect(stray.status == 2 && stray.stderr == "srooter: error: --since goes with --from-audit\n", "\(stray.stderr)")
    }
}
