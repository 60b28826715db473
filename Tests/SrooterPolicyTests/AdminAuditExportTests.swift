import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SrooterAudit
import Testing

/// `GET /admin/audit` streams the same verifiable export as `srooter audit export`, only for the
/// admin key, and never carries prompt text.
@Suite struct AdminAuditExportTests {
    @Test func exportIsStreamedVerifiableAndGuarded() async throws {
        let harness = try PolicyHarness(extraConfig: "admin: {key: env:SROOTER_ADMIN_KEY}")
        let key = try await harness.key(for: "ada")
        try await harness.start()
        try await HTTPClient.withClient { client in
            let base = "http://127.0.0.1:\(harness.port)"
            let canary = "CANARY-\(UUID().uuidString)"
            for _ in 0..<3 {
                let reply = try await PolicyHarness.call(
                    client, .POST, base + "/v1/messages", key: key,
                    body: #"{"model":"claude-test","max_tokens":10,"messages":[{"role":"user","content":"\#(canary)"}]}"#,
                    headers: [("anthropic-version", "2023-06-01")])
                #expect(reply.status == 200)
            }
            let refused = try await PolicyHarness.call(client, .GET, base + "/admin/audit", key: key)
            #expect(refused.status == 401, "a user's access key is not the admin key")
            let export = try await PolicyHarness.call(client, .GET, base + "/admin/audit?format=jsonl", key: PolicyHarness.adminKey)
            #expect(export.status == 200)
            #expect(export.headers["content-type"].first == "application/x-ndjson")
            let lines = export.body.split(separator: "\n")
            #expect(lines.first?.contains(#""type":"srooter-audit-export""#) == true)
            #expect(lines.filter { $0.contains(#""type":"record""#) && $0.contains(#""user":"ada""#) }.count == 3)
            #expect(!export.body.contains(canary), "the export carries metadata only")
            let csv = try await PolicyHarness.call(client, .GET, base + "/admin/audit?format=csv&user=ada", key: PolicyHarness.adminKey)
            #expect(csv.status == 200 && csv.body.hasPrefix("type,seq,timestamp"))
            await harness.stop()

            // The file exported over HTTP verifies offline like `srooter audit verify FILE`: the three
            // requests and the creation of ada's key (an admin action from the CLI, audited since issue 18).
            let file = "\(harness.folder)/export.jsonl"
            try export.body.write(toFile: file, atomically: true, encoding: .utf8)
            let verify = try await harness.cli(["audit", "verify", file])
            #expect(verify.hasPrefix("OK: 4 records") && verify.contains("0 problems"), "\(verify)")
            // After shutdown the stored chain is whole and its head signed.
            let stored = try await harness.cli(["audit", "verify", "--db", "\(harness.folder)/srooter.db"])
            #expect(stored.hasPrefix("OK: 4 records") && stored.contains("0 unsigned"), "\(stored)")
        }
    }
}
