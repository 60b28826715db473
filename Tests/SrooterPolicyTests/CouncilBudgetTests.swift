import AsyncHTTPClient
import Foundation
import NIOCore
import SrooterAudit
import SrooterStore
import Testing

/// 200 concurrent council requests against a budget that fits about 20 councils, through a real
/// `srooter serve` in front of `srooter mock-upstream`. A council on `panel` is five calls: the
/// members claude-test (Anthropic wire) and gpt-test (Chat wire) each answer and rank, and
/// claude-test chairs. The mock reports 25 in, 42 out, 10 cache-read and 5 cache-write tokens on
/// the Anthropic wire (726.75 µ$ at 3/15/0.3/3.75 per million) and 25, 42, 10 and 0 on Chat
/// (452.5 µ$ at 1.25/10/0.125): 3 × 726.75 + 2 × 452.5 = 3,085.25 µ$ a council.
@Suite(.serialized) struct CouncilBudgetTests {
    static let perCouncilMicros = 3085.25
    static let limitMicros = 20 * perCouncilMicros
    static let limitUSD = limitMicros / 1_000_000

    static func send(_ client: HTTPClient, port: Int, key: String, index: Int) async -> Int {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/messages")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: key)
        request.headers.add(name: "anthropic-version", value: "2023-06-01")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"model":"panel","max_tokens":64,"messages":[{"role":"user","content":"council \#(index)"}]}"#))
        do {
            let response = try await client.execute(request, deadline: .now() + .seconds(90))
            _ = try await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        } catch {
            Issue.record("request \(index): \(error)")
            return -1
        }
    }

    @Test func twoHundredCouncilsAgainstABudgetForTwenty() async throws {
        let harness = try PolicyHarness(extraConfig: """
            routes:
              panel: {strategy: council, candidates: [claude-test, gpt-test]}
            """)
        try await harness.cli(["org", "create", "acme"])
        for (name, role) in [("root", "owner"), ("cleo", "member")] {
            try await harness.cli(["user", "create", name, "--org", "acme"])
            try await harness.cli(["user", "grant", name, role, "--org", "acme"])
        }
        try await harness.cli(["policy", "set", "user:cleo", #"{"budget_usd":{"total":\#(Self.limitUSD)}}"#])
        let key = try await harness.key(for: "cleo")
        let ownerKey = try await harness.key(for: "root")
        try await harness.start()
        defer { harness.terminate() }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 300)
        try await HTTPClient.withClient(configuration: configuration) { client in
            let statuses = await withTaskGroup(of: Int.self) { group in
                for index in 0..<200 { group.addTask { await Self.send(client, port: harness.port, key: key, index: index) } }
                var out: [Int] = []
                for await status in group { out.append(status) }
                return out
            }
            let wave = await BudgetConcurrencyTests.settled(client, port: harness.port, ownerKey: ownerKey, scope: "user:cleo")
            // then one at a time until the ceiling refuses
            let (sequential, after) = await BudgetConcurrencyTests.oneByOneUntilRefused(at: 100) { index in
                await Self.send(client, port: harness.port, key: key, index: 1000 + index)
            }
            let balance = await BudgetConcurrencyTests.settled(client, port: harness.port, ownerKey: ownerKey, scope: "user:cleo")

            let admitted = statuses.filter { $0 == 200 }.count
            let refused = statuses.filter { $0 == 429 }.count
            print("council budget: 200 at once: admitted \(admitted), refused \(refused), spent \(wave?.spentMicros ?? -1) µ$; "
                  + "then \(sequential) one by one; final spent \(balance?.spentMicros ?? -1) of \(Self.limitMicros) µ$")
            #expect(admitted + refused == 200 && admitted > 0 && refused > 0, "\(statuses)")
            #expect(wave?.reservedMicros == 0 && balance?.reservedMicros == 0, "reservations left: \(String(describing: balance))")
            #expect(Double(balance?.spentMicros ?? .max) <= Self.limitMicros + Self.perCouncilMicros, "spent \(String(describing: balance))")
            #expect(after == 429)
            await harness.stop()
            let records = try await AuditLog.reader(databasePath: "\(harness.folder)/srooter.db").latest(limit: 1000).filter { $0.user == "cleo" }
            let served = records.filter { $0.status == 200 }
            #expect(served.count == admitted + sequential && served.allSatisfy { $0.routing == "council" })
            #expect(served.allSatisfy { abs($0.costUSD - Self.perCouncilMicros / 1_000_000) < 1e-12 }, "\(Set(served.map(\.costUSD)))")
            let recordedSpend = records.reduce(0) { $0 + Int(($1.costUSD * 1_000_000).rounded()) }
            #expect(recordedSpend == balance?.spentMicros, "ledger \(String(describing: balance?.spentMicros)) vs audit \(recordedSpend)")
        }
    }
}
