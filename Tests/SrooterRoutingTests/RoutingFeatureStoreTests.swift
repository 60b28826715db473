import Foundation
import Logging
import SrooterRouting
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing
@testable import SrooterGateway

/// The stored routing features (issue 20): sealed at rest, scoped to the caller's org, bounded,
/// and written only by the finish stage's feature sink, for requests through trivial and learned routes.
@Suite struct RoutingFeatureStoreTests {
    static func row(_ id: String, scope: String = "org:acme", at timestamp: String = "2026-12-01T10:00:00.000Z") -> RoutingFeatureRow {
        RoutingFeatureRow(requestID: id, scope: scope, timestamp: timestamp, route: "srooter/auto-canary", sessionKey: "sessioncanary0123",
                          features: #"{"token_estimate":12,"fence_languages":["rustcanary"]}"#)
    }

    static func id(_ n: Int) -> String { "req_" + String(repeating: "0", count: 22) + String(format: "%02x", n) }

    /// Rows round-trip with their feedback; the database file holds none of the request id, the
    /// scope, the route, the session key or the features in the clear (read with the sqlite3 CLI).
    @Test func rowsAreSealedAndFeedbackIsScopedToTheOrg() async throws {
        let harness = try await RoutingHarness()
        let store = harness.store
        try await store.saveRoutingFeatures([Self.row(Self.id(1)), Self.row(Self.id(2), scope: "org:globex")], keepingAtMost: 100)
        // Another org, or an id that does not exist, changes nothing.
        let posted = RoutingFeedback(score: 0.5, timestamp: "2026-12-01T10:01:00.000Z", user: "zoltan")
        #expect(try await store.setRoutingFeedback(requestID: Self.id(1), scope: "org:globex", feedback: posted) == false)
        #expect(try await store.setRoutingFeedback(requestID: Self.id(9), scope: "org:acme", feedback: posted) == false)
        #expect(try await store.setRoutingFeedback(requestID: Self.id(1), scope: "org:acme", feedback: posted))
        var later = posted
        later.score = -1
        #expect(try await store.setRoutingFeedback(requestID: Self.id(1), scope: "org:acme", feedback: later), "the latest score wins")
        let rows = try await store.routingFeatures(since: nil)
        #expect(rows.map(\.requestID) == [Self.id(1), Self.id(2)])
        #expect(rows.first?.feedback == later && rows.last?.feedback == nil)
        #expect(rows.first?.features == #"{"token_estimate":12,"fence_languages":["rustcanary"]}"#)
        #expect(rows.first?.sessionKey == "sessioncanary0123" && rows.first?.route == "srooter/auto-canary")

        let dump = try await CommandRunner.run("sqlite3", [harness.folder.file("srooter.db"), ".dump routing_features"])
        #expect(dump.status == 0 && dump.stdout.contains("CREATE TABLE"), "\(dump.stderr)")
        // (Only words with letters outside a-f: the sealed blobs are hex.)
        for secret in [Self.id(1), "acme", "globex", "canary", "token_estimate", "zoltan"] {
            #expect(!dump.stdout.contains(secret), "\(secret) in the clear")
        }
    }

    /// A sealed row copied over another fails to open (it is bound to its row key).
    @Test func aRowCopiedToAnotherRowDoesNotOpen() async throws {
        let harness = try await RoutingHarness()
        try await harness.store.saveRoutingFeatures([Self.row(Self.id(1)), Self.row(Self.id(2))], keepingAtMost: 100)
        let path = harness.folder.file("srooter.db")
        let copy = try await CommandRunner.run("sqlite3", [path, "UPDATE routing_features SET sealed = (SELECT sealed FROM routing_features WHERE seq = 1) WHERE seq = 2"])
        #expect(copy.status == 0, "\(copy.stderr)")
        await #expect(throws: StoreError.self) { try await harness.store.routingFeatures(since: nil) }
    }

    /// At most `cap` rows stay (the oldest go first), and rows older than a cutoff are pruned.
    @Test func theTableIsBounded() async throws {
        let harness = try await RoutingHarness()
        let store = harness.store
        try await store.saveRoutingFeatures((1...5).map { Self.row(Self.id($0), at: "2026-11-0\($0)T00:00:00.000Z") }, keepingAtMost: 3)
        #expect(try await store.routingFeatures(since: nil).map(\.requestID) == [Self.id(3), Self.id(4), Self.id(5)])
        // The cutoff as the writer makes it (Timestamp.format, the records' own format).
        #expect(try await store.pruneRoutingFeatures(olderThan: "2026-11-05T00:00:00.000Z") == 2)
        #expect(try await store.routingFeatures(since: nil).map(\.requestID) == [Self.id(5)])
        #expect(try await store.routingFeatures(since: "2026-11-06").isEmpty)
    }

    /// `srooter audit prune` applies the audit retention to the stored features too.
    @Test func auditPruneAlsoPrunesFeatures() async throws {
        let harness = try await RoutingHarness()
        try await harness.store.saveRoutingFeatures(
            [Self.row(Self.id(1), at: "2020-01-01T00:00:00.000Z"), Self.row(Self.id(2), at: "2020-01-02T00:00:00.000Z"),
             Self.row(Self.id(3), at: Timestamp.now())], keepingAtMost: 100)
        let pruned = try await CommandRunner.run(CommandRunner.srooter, ["audit", "prune", "--db", harness.folder.file("srooter.db"), "--retention-days", "30"])
        #expect(pruned.status == 0 && pruned.stdout.hasSuffix("Pruned 2 routing feature rows\n"), "\(pruned.stdout)\(pruned.stderr)")
        #expect(try await harness.store.routingFeatures(since: nil).map(\.requestID) == [Self.id(3)])
    }

    /// Through the request path: a trivial route's request leaves its features (counted by hand
    /// from the body below), keyed by its request id and scoped to the caller; a model asked for
    /// by its own name and a fallback route leave nothing.
    @Test func theFinishSinkStoresTrivialRoutesFeatures() async throws {
        var harness = try await RoutingHarness()
        harness.model("dear", provider: "local", input: 3, output: 15)
        harness.model("cheap", provider: "local", input: 1, output: 5)
        harness.config.routes.routes["auto"] = Route(name: "auto", strategy: .trivial, candidates: ["dear", "cheap"])
        harness.config.routes.routes["backup"] = Route(name: "backup", strategy: .fallback, candidates: ["dear", "cheap"])
        let provider = ScriptedProvider(name: "local")
        var config = harness.config
        config.providers["local"] = provider.config
        let writer = FeatureWriter(repository: harness.store, retentionDays: nil, logger: Logger(label: "test"))
        let finish = Finish(audit: harness.records, features: RoutingFeatureSink(writer: writer, scope: { Pipeline.tenancy(of: $0, in: nil) }))
        let pipeline = Pipeline(config: config, providers: ["local": provider], keys: harness.keys, finish: finish, logger: Logger(label: "test"))
        // 1 message, no tools, a fence tagged swift; max_tokens 100.
        let body = #"{"model":"auto","max_tokens":100,"messages":[{"role":"user","content":"fix ```swift\nlet a = 1\n``` please"}]}"#
        for model in ["auto", "backup", "dear"] {
            let response = await pipeline.handle(harness.chat(body.replacingOccurrences(of: #""model":"auto""#, with: #""model":"\#(model)""#)), surface: .openAIChat)
            #expect(response.status == .ok)
        }
        await writer.flush()
        let rows = try await harness.store.routingFeatures(since: nil)
        let records = harness.records.all
        try #require(rows.count == 1, "\(rows)")
        let row = rows[0]
        #expect(row.requestID == records.first?.requestID && row.route == "auto" && row.scope == "user:ada")
        let features = try #require(LabelledSamples.features(json: row.features))
        #expect(features.tokenEstimate == (body.utf8.count + 3) / 4)
        #expect(features.maxOutputTokens == 100 && features.messageCount == 1 && features.toolCount == 0)
        #expect(features.codeFenceCount == 2 && features.fenceLanguages == ["swift"] && !features.sideCall)
        #expect(row.sessionKey != nil && row.sessionKey?.count == 32)
    }
}
