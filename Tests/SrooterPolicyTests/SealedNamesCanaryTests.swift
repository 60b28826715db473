import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SrooterTestSupport
import Testing

/// The canary test for names (issue 7): an org, team, user, model and access key whose names hold
/// a canary are created through the CLI, traffic passes, and afterwards the canary and the key id
/// are in none of the database, its WAL, the logs, or any file written under /tmp meanwhile. The
/// export may show the user decrypted (that is what it is for).
@Suite struct SealedNamesCanaryTests {
    @Test func namesAreNeverStoredInTheClear() async throws {
        let started = Date().addingTimeInterval(-1)
        let canary = "canary\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        let (org, team, user, model) = ("org-\(canary)", "team-\(canary)", "user-\(canary)", "model-\(canary)")
        let harness = try PolicyHarness(
            extraConfig: "admin: {key: env:SROOTER_ADMIN_KEY}",
            extraModels: ["\(model): {provider: anthropic-mock, upstream: mock-claude-1, price: {input: 3, output: 15}}"],
            logLevel: "trace")
        try await harness.cli(["org", "create", org, "--display-name", "Display \(org)"])
        try await harness.cli(["team", "create", team, "--org", org])
        try await harness.cli(["user", "create", user, "--org", org, "--team", team])
        try await harness.cli(["user", "grant", user, "member", "--org", org])
        try await harness.cli(["policy", "set", "user:\(user)", #"{"models":["claude-test","\#(model)"],"budget_usd":{"day":5}}"#])
        let key = try await harness.key(for: user, team: team)
        let keyID = String(key.dropFirst("sk-srt-".count).prefix(12))
        #expect(try await harness.cli(["access", "list"]).contains(keyID), "the CLI reads the sealed key back")
        try await harness.start()

        try await HTTPClient.withClient { client in
            let base = "http://127.0.0.1:\(harness.port)"
            var statuses: [Int] = []
            for name in ["claude-test", model, "gpt-test"] {
                let reply = try await PolicyHarness.call(
                    client, .POST, base + "/v1/messages", key: key,
                    body: #"{"model":"\#(name)","max_tokens":10,"messages":[{"role":"user","content":"hello"}]}"#,
                    headers: [("anthropic-version", "2023-06-01")])
                statuses.append(reply.status)
            }
            #expect(statuses == [200, 200, 403], "the policy (sealed) allows claude-test and the canary model only")
            let me = try await PolicyHarness.call(client, .GET, base + "/admin/v1/me", key: key)
            #expect(me.status == 200 && me.body.contains(keyID) && me.body.contains("user:\(user)"), "the admin API shows names decrypted")
            let export = try await PolicyHarness.call(client, .GET, base + "/admin/audit?format=jsonl", key: PolicyHarness.adminKey)
            #expect(export.status == 200 && export.body.contains(#""user":"\#(user)""#), "the export shows the user decrypted")
        }
        // The WAL is read while serve still runs: a clean stop folds it into the database and deletes it.
        let wal = String(decoding: try #require(WriteAheadLog.bytes(ofDatabase: "\(harness.folder)/srooter.db"), "no WAL to scan while serve runs"), as: UTF8.self)
        #expect(!wal.contains(canary), "a canary name is in the live WAL")
        #expect(!wal.contains(keyID), "the key id is in the live WAL")
        await harness.stop()
        #expect(try await harness.cli(["policy", "spend"]).contains("user:\(user)"), "spend is shown by name")

        for file in ["srooter.db", "serve.log", "mock-upstream.log"] {
            let text = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: "\(harness.folder)/\(file)"))) ?? Data(), as: UTF8.self)
            #expect(!text.contains(canary), "a canary name is in \(file)")
            #expect(!text.contains(keyID), "the key id is in \(file)")
        }
        // Anything written under /tmp since the test began, except the configuration, which names the model by design.
        let found = FileScan.filesContaining([canary, keyID], under: NSTemporaryDirectory(), since: started, except: [harness.config])
        #expect(found.isEmpty, "canary found in \(found)")
    }

}
