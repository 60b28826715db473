@testable import SrooterPolicy
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing

/// The engine works out a caller's role check and merged policy once per directory load, and
/// a ledger's period key once per day; both must give what working them out afresh gives.
@Suite struct CallerPolicyTests {
    @Test func aCallerIsWorkedOutAgainAfterEveryReload() async throws {
        let folder = TemporaryDirectory()
        let store = try Store(path: folder.file("srooter.db"))
        _ = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: folder.path))  // names are sealed
        let engine = PolicyEngine(store: store)
        try await engine.reload()
        let open = engine.caller(keyID: "k1", user: "ada", keyTeam: nil)
        #expect(open.mayCallModels && open.policy.allows("gpt-5"), "no directory: the gateway runs open")

        try await store.createOrg(name: "acme", displayName: nil)
        try await store.createTeam(name: "platform", org: "acme", displayName: nil)
        try await store.createUser(name: "ada", org: "acme", team: "platform")
        try await store.setPolicy(scopeKind: "team", scopeID: "platform", document: #"{"models":["claude-*"]}"#)
        try await engine.reload()
        let bound = engine.caller(keyID: "k1", user: "ada", keyTeam: nil)
        #expect(!bound.mayCallModels, "an org exists and ada holds no role")
        #expect(bound.policy.allows("claude-opus-4") && !bound.policy.allows("gpt-5"))
        #expect(bound.policy == engine.directory.effectivePolicy(keyID: "k1", user: "ada", keyTeam: nil))

        try await store.grantRole(user: "ada", role: "member", scopeKind: "team", scopeID: "platform")
        try await store.setPolicy(scopeKind: "key", scopeID: "k2", document: #"{"models":["claude-haiku-*"]}"#)
        try await engine.reload()
        #expect(engine.caller(keyID: "k1", user: "ada", keyTeam: nil).mayCallModels)
        // Remembered per key: ada's second key has a policy of its own.
        #expect(engine.caller(keyID: "k1", user: "ada", keyTeam: nil).policy.allows("claude-opus-4"))
        #expect(!engine.caller(keyID: "k2", user: "ada", keyTeam: nil).policy.allows("claude-opus-4"))
        #expect(engine.caller(keyID: "k2", user: "ada", keyTeam: nil).policy.allows("claude-haiku-4-5"))
    }

    @Test func periodKeysMatchTheCalendarAcrossMidnightAndMonthEnds() {
        let keys = PeriodKeys()
        let lastSecondOfNovember = 1_796_083_199  // 2026-11-30T23:59:59Z
        for t in [1_795_000_000, lastSecondOfNovember, lastSecondOfNovember + 1, 1_798_761_599, 1_798_761_600, 0, -1] {
            for period in BudgetPeriod.allCases {
                #expect(keys.key(period, at: t) == period.key(at: t), "\(period) at \(t)")
            }
        }
        #expect(keys.key(.day, at: lastSecondOfNovember + 1) == "day:2026-12-01")
        #expect(keys.key(.month, at: lastSecondOfNovember + 1) == "month:2026-12")
    }
}
