import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SrooterStore
import SrooterAudit
import SrooterVault
import Testing

/// 500 concurrent streaming requests against a budget that fits about 100 of them, through a real
/// `srooter serve` in front of `srooter mock-upstream` (usage 25 in, 42 out, 10 cache read, 5
/// cache write: $0.00072675 a request at 3/15/0.3/3.75 per million).
@Suite(.serialized) struct BudgetConcurrencyTests {
    static let perRequestMicros = 727
    static let limitMicros = 100 * perRequestMicros
    static let limitUSD = Double(limitMicros) / 1_000_000

    enum Kind: CaseIterable { case normal, disconnect, midstreamFailure, upstreamError }

    static func body(_ kind: Kind, _ index: Int) -> String {
        let marker = switch kind {
        case .normal: ""
        case .disconnect: " mock:slow"
        case .midstreamFailure: " mock:midstream-failure"
        case .upstreamError: " mock:500"
        }
        return #"{"model":"claude-test","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"request \#(index)\#(marker)"}]}"#
    }

    /// Sends one streaming request; a `disconnect` hangs up as soon as the first frame of the
    /// response arrives (mid-stream, since the mock pauses 200 ms between events), however loaded
    /// the machine is. Returns the status. A transport error is not a status: it is recorded as a
    /// test failure and returns -1, so it is counted neither as admitted nor as refused. Only a
    /// `midstreamFailure` may end its body with an error (the gateway cuts the stream), after its head.
    static func send(_ client: HTTPClient, port: Int, key: String, kind: Kind, index: Int) async -> Int {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/messages")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: key)
        request.headers.add(name: "anthropic-version", value: "2023-06-01")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body(kind, index)))
        guard kind == .disconnect else {
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, deadline: .now() + .seconds(60))
            } catch {
                Issue.record("request \(index) (\(kind)): no response head: \(error)")
                return -1
            }
            do {
                for try await _ in response.body {}
            } catch where kind != .midstreamFailure {
                Issue.record("request \(index) (\(kind)): the body failed after \(response.status.code): \(error)")
                return -1
            } catch {}
            return Int(response.status.code)
        }
        let (firstFrame, arrived) = AsyncStream.makeStream(of: Int.self)
        let hangUp = Task {
            defer { arrived.finish() }
            let response = try await client.execute(request, deadline: .now() + .seconds(60))
            for try await _ in response.body {
                arrived.yield(Int(response.status.code))
                try await Task.sleep(for: .seconds(60))  // cancelled below: the client goes away mid-stream
            }
            arrived.yield(Int(response.status.code))
        }
        var status = 0
        for await code in firstFrame {
            status = code
            break
        }
        hangUp.cancel()
        if status == 0, case .failure(let error) = await hangUp.result, !(error is CancellationError) {
            Issue.record("request \(index) (disconnect): failed before the first frame: \(error)")
            return -1
        }
        _ = await hangUp.result
        return status
    }

    /// The running gateway's ledger line of `scope` (spent and reserved), from `GET /admin/v1/spend`.
    static func balance(_ client: HTTPClient, port: Int, ownerKey: String, scope: String) async -> LedgerBalance? {
        do {
            let reply = try await PolicyHarness.call(client, .GET, "http://127.0.0.1:\(port)/admin/v1/spend", key: ownerKey)
            guard reply.status == 200 else {
                Issue.record("GET /admin/v1/spend: \(reply.status) \(reply.body)")
                return nil
            }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode([LedgerBalance].self, from: Data(reply.body.utf8)).first { $0.scope == scope }
        } catch {
            Issue.record("GET /admin/v1/spend: \(error)")
            return nil
        }
    }

    /// Sends requests one at a time (`send` gets their index) until one is refused with 429, at
    /// most `limit`; returns how many went through before it and the last status.
    static func oneByOneUntilRefused(at limit: Int, _ send: (Int) async -> Int) async -> (sent: Int, last: Int) {
        var sent = 0
        var last = 0
        for index in 0..<limit {
            last = await send(index)
            if last == 429 { break }
            sent += 1
        }
        return (sent, last)
    }

    /// Waits until every reservation of `scope` is settled; returns the final balance.
    static func settled(_ client: HTTPClient, port: Int, ownerKey: String, scope: String) async -> LedgerBalance? {
        for _ in 0..<200 {
            let balance = await balance(client, port: port, ownerKey: ownerKey, scope: scope)
            if balance?.reservedMicros == 0 { return balance }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await balance(client, port: port, ownerKey: ownerKey, scope: scope)
    }

    func run(mix: [Kind], user: String) async throws {
        let harness = try PolicyHarness()
        try await harness.cli(["org", "create", "acme"])
        for (name, role) in [("root", "owner"), (user, "member")] {
            try await harness.cli(["user", "create", name, "--org", "acme"])
            try await harness.cli(["user", "grant", name, role, "--org", "acme"])
        }
        try await harness.cli(["policy", "set", "user:\(user)", #"{"budget_usd":{"total":\#(Self.limitUSD)}}"#])
        let key = try await harness.key(for: user)
        let ownerKey = try await harness.key(for: "root")
        try await harness.start()
        defer { harness.terminate() }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 600)
        try await HTTPClient.withClient(configuration: configuration) { client in
            let statuses = await withTaskGroup(of: (Kind, Int).self) { group in
                for index in 0..<500 {
                    let kind = mix[index % mix.count]
                    group.addTask { (kind, await Self.send(client, port: harness.port, key: key, kind: kind, index: index)) }
                }
                var out: [(Kind, Int)] = []
                for await result in group { out.append(result) }
                return out
            }
            let wave = await Self.settled(client, port: harness.port, ownerKey: ownerKey, scope: "user:\(user)")
            // then one at a time until the ceiling refuses: after that, nothing more is admitted
            let (sequential, after) = await Self.oneByOneUntilRefused(at: 300) { index in
                await Self.send(client, port: harness.port, key: key, kind: .normal, index: 1000 + index)
            }
            let refusedAgain = await Self.send(client, port: harness.port, key: key, kind: .normal, index: 2000)
            let balance = await Self.settled(client, port: harness.port, ownerKey: ownerKey, scope: "user:\(user)")

            #expect(!statuses.contains { $0.1 <= 0 }, "transport errors or hang-ups before a response: \(statuses.filter { $0.1 <= 0 }.count)")
            let admitted = statuses.filter { $0.1 > 0 && $0.1 != 429 }.count
            let refused = statuses.filter { $0.1 == 429 }.count
            print(
                "budget \(mix.count) kinds: 500 at once: admitted \(admitted), refused \(refused), spent \(wave?.spentMicros ?? -1) µ$; "
                    + "then \(sequential) one by one; final spent \(balance?.spentMicros ?? -1) of \(Self.limitMicros) µ$, reserved \(balance?.reservedMicros ?? -1)")
            #expect(refused > 0 && admitted > 0)
            #expect(wave?.reservedMicros == 0 && balance?.reservedMicros == 0, "reservations left: \(String(describing: balance))")
            #expect((balance?.spentMicros ?? .max) <= Self.limitMicros + Self.perRequestMicros, "spent \(String(describing: balance))")
            #expect(after == 429 && refusedAgain == 429, "requests after the ceiling got \(after), \(refusedAgain)")
            await harness.stop()
            let records = try await AuditLog.reader(databasePath: "\(harness.folder)/srooter.db").latest(limit: 10_000).filter { $0.user == user }
            #expect(records.filter { $0.outcome == "over_budget" }.count >= refused + 2)
            #expect(records.filter { $0.status == 200 }.count <= 100 + mix.count * 100, "admitted")
            if mix.contains(.disconnect) {
                // Whether a hang-up is seen as `client_disconnected` or the stream still completes depends on
                // when the client library closes the socket; either way the reservation settles (checked
                // above). That a disconnect cancels upstream is proven in GatewayInteropTests.
                #expect(records.allSatisfy { ["ok", "over_budget", "client_disconnected", "upstream_error", "incomplete"].contains($0.outcome) },
                        "outcomes: \(Set(records.map(\.outcome)))")
                #expect(records.contains { $0.status == 500 } && records.contains { $0.outcome == "upstream_error" || $0.outcome == "incomplete" })
            }
            let recordedSpend = records.reduce(0) { $0 + Int(($1.costUSD * 1_000_000).rounded()) }
            #expect(recordedSpend == balance?.spentMicros, "ledger \(String(describing: balance?.spentMicros)) vs audit \(recordedSpend)")
            // The stored spend (written with the audit records) equals the live ledger's.
            let store = try Store(path: "\(harness.folder)/srooter.db")
            _ = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: harness.folder))  // scopes are sealed
            let stored = try await store.ledgerBalances().first { $0.scope == "user:\(user)" }
            #expect(stored?.spentMicros == balance?.spentMicros, "stored \(String(describing: stored)) vs live \(String(describing: balance))")
        }
    }

    @Test func fiveHundredStreamsAgainstABudgetForOneHundred() async throws {
        try await run(mix: [.normal], user: "ada")
    }

    @Test func withDisconnectsAndUpstreamFailures() async throws {
        try await run(mix: [.normal, .disconnect, .normal, .midstreamFailure, .normal, .upstreamError], user: "bob")
    }
}
