import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SrooterAudit
import SrooterStore
import SrooterTestSupport
import SrooterVault
import Testing

/// The issue 18 acceptance check for the one admin service: the same scenarios (valid ones,
/// invalid input, cross-org and missing targets) run through `/admin/v1` as an owner of every
/// org (a real `srooter serve`, HTTP over 127.0.0.1) and through the CLI (the local owner) on a
/// database set up the same way. Both paths must agree on each scenario's outcome (done or
/// refused, and the audit record's status), leave the same directory, policies and keys, and
/// write the same admin audit records (actor and time aside).
@Suite(.serialized, .timeLimit(.minutes(4))) struct AdminParityTests {
    /// One admin action, as a CLI command and as an API call.
    struct Scenario: Sendable {
        let cli: [String]
        let method: HTTPMethod
        let path: String
        let body: String?
        /// What both must do: true = done, false = refused.
        let done: Bool
        init(_ cli: [String], _ method: HTTPMethod, _ path: String, _ body: String? = nil, done: Bool) {
            (self.cli, self.method, self.path, self.body, self.done) = (cli, method, path, body, done)
        }
    }

    static let scenarios: [Scenario] = [
        // valid
        Scenario(["org", "create", "initech", "--display-name", "Initech"], .POST, "/admin/v1/orgs", #"{"name":"initech","display_name":"Initech"}"#, done: true),
        Scenario(["org", "update", "spare", "--display-name", "Spare Ltd"], .PATCH, "/admin/v1/orgs/spare", #"{"display_name":"Spare Ltd"}"#, done: true),
        Scenario(["team", "create", "beta", "--org", "acme"], .POST, "/admin/v1/teams", #"{"name":"beta","org":"acme"}"#, done: true),
        Scenario(["team", "update", "beta", "--display-name", "Beta"], .PATCH, "/admin/v1/teams/beta", #"{"display_name":"Beta"}"#, done: true),
        Scenario(["user", "create", "bea", "--team", "beta"], .POST, "/admin/v1/users", #"{"name":"bea","team":"beta"}"#, done: true),
        Scenario(["user", "update", "bea", "--team", "alpha"], .PATCH, "/admin/v1/users/bea", #"{"team":"alpha"}"#, done: true),
        Scenario(["user", "grant", "bea", "member", "--team", "alpha"], .POST, "/admin/v1/grants", #"{"user":"bea","role":"member","scope":"team:alpha"}"#, done: true),
        Scenario(["user", "grant", "bea", "viewer", "--org", "acme"], .POST, "/admin/v1/grants", #"{"user":"bea","role":"viewer","scope":"org:acme"}"#, done: true),
        Scenario(["policy", "set", "user:bea", #"{"max_effort":"low","requests_per_minute":30}"#], .PUT, "/admin/v1/policies/user:bea",
                 #"{"max_effort":"low","requests_per_minute":30}"#, done: true),
        Scenario(["policy", "set", "team:beta", #"{"models":["claude-*"]}"#], .PUT, "/admin/v1/policies/team:beta", #"{"models":["claude-*"]}"#, done: true),
        Scenario(["access", "create", "--user", "bea"], .POST, "/admin/v1/keys", #"{"user":"bea"}"#, done: true),
        Scenario(["user", "revoke", "bea", "viewer", "--org", "acme"], .DELETE, "/admin/v1/grants?user=bea&role=viewer&scope=org:acme", done: true),
        Scenario(["policy", "delete", "team:beta"], .DELETE, "/admin/v1/policies/team:beta", done: true),
        Scenario(["team", "delete", "beta"], .DELETE, "/admin/v1/teams/beta", done: true),
        Scenario(["org", "delete", "spare"], .DELETE, "/admin/v1/orgs/spare", done: true),
        // invalid input
        Scenario(["org", "create", "evil\nname"], .POST, "/admin/v1/orgs", #"{"name":"evil\nname"}"#, done: false),
        Scenario(["team", "create", "t\u{1B}[2J", "--org", "acme"], .POST, "/admin/v1/teams", #"{"name":"t\u001b[2J","org":"acme"}"#, done: false),
        Scenario(["org", "create", "acme"], .POST, "/admin/v1/orgs", #"{"name":"acme"}"#, done: false),
        Scenario(["policy", "set", "team:alpha", #"{"max_effort":"huge"}"#], .PUT, "/admin/v1/policies/team:alpha", #"{"max_effort":"huge"}"#, done: false),
        Scenario(["policy", "set", "galaxy:far", #"{"max_effort":"low"}"#], .PUT, "/admin/v1/policies/galaxy:far", #"{"max_effort":"low"}"#, done: false),
        Scenario(["user", "revoke", "ada", "member", "--team", "alpha"], .DELETE, "/admin/v1/grants?user=ada&role=member&scope=team:alpha", done: false),
        // across orgs
        Scenario(["user", "create", "x", "--org", "globex", "--team", "alpha"], .POST, "/admin/v1/users", #"{"name":"x","org":"globex","team":"alpha"}"#, done: false),
        Scenario(["user", "update", "ada", "--team", "gx-team"], .PATCH, "/admin/v1/users/ada", #"{"team":"gx-team"}"#, done: false),
        Scenario(["user", "update", "gx-user", "--team", "alpha"], .PATCH, "/admin/v1/users/gx-user", #"{"team":"alpha"}"#, done: false),
        Scenario(["user", "create", "y", "--team", "gx-team"], .POST, "/admin/v1/users", #"{"name":"y","team":"gx-team"}"#, done: true),
        // targets that do not exist
        Scenario(["team", "create", "t2", "--org", "ghost-org"], .POST, "/admin/v1/teams", #"{"name":"t2","org":"ghost-org"}"#, done: false),
        Scenario(["user", "create", "z", "--team", "ghost-team"], .POST, "/admin/v1/users", #"{"name":"z","team":"ghost-team"}"#, done: false),
        Scenario(["org", "delete", "ghost-org"], .DELETE, "/admin/v1/orgs/ghost-org", done: false),
        Scenario(["team", "delete", "ghost-team"], .DELETE, "/admin/v1/teams/ghost-team", done: false),
        Scenario(["user", "update", "ghost-user", "--team", "alpha"], .PATCH, "/admin/v1/users/ghost-user", #"{"team":"alpha"}"#, done: false),
        Scenario(["access", "revoke", "0123456789ab"], .DELETE, "/admin/v1/keys/0123456789ab", done: false),
        Scenario(["policy", "delete", "team:ghost-team"], .DELETE, "/admin/v1/policies/team:ghost-team", done: false),
    ]

    /// The same directory in a fresh database: two orgs with a team and a user each, a spare org,
    /// and `boss`, owner of all three, with a key (the API's caller).
    static func setUp(_ harness: PolicyHarness) async throws -> String {
        for command in [
            ["org", "create", "acme"], ["team", "create", "alpha", "--org", "acme"], ["user", "create", "ada", "--team", "alpha"],
            ["user", "grant", "ada", "admin", "--team", "alpha"],
            ["org", "create", "globex"], ["team", "create", "gx-team", "--org", "globex"], ["user", "create", "gx-user", "--team", "gx-team"],
            ["org", "create", "spare"], ["user", "create", "boss", "--org", "acme"],
        ] + ["acme", "globex", "spare"].map({ ["user", "grant", "boss", "owner", "--org", $0] }) {
            try await harness.cli(command)
        }
        return try await harness.key(for: "boss")
    }

    /// What the admin actions left, read back through the store (names are sealed on disk):
    /// the directory, policies and keys without their dates and ids.
    static func state(_ harness: PolicyHarness) async throws -> [String] {
        let path = "\(harness.folder)/srooter.db"
        let store = try Store(path: path)
        _ = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: harness.folder))
        let directory = try await store.directory()
        var rows = directory.orgs.map { "org \($0.name) \($0.displayName ?? "-")" }
        rows += directory.teams.map { "team \($0.name) \($0.org) \($0.displayName ?? "-")" }
        rows += directory.users.map { "user \($0.name) \($0.org) \($0.team ?? "-")" }
        rows += directory.grants.map { "grant \($0.user) \($0.role) \($0.scopeKind):\($0.scopeID)" }
        rows += directory.policies.map { "policy \($0.scopeKind):\($0.scopeID) \($0.document)" }
        rows += try await store.accessKeys().map { "key \($0.user) \($0.team ?? "-") \($0.revokedAt == nil ? "active" : "revoked")" }
        return rows.sorted()
    }

    /// The admin audit records, oldest first, as `action target status outcome` (key ids as KEY).
    static func auditTrail(_ harness: PolicyHarness, keyIDs: [String]) async throws -> [String] {
        let records = try await AuditLog.reader(databasePath: "\(harness.folder)/srooter.db").latest(limit: 10_000).filter { $0.surface == "admin" }
        return records.map { record in
            var note = record.note ?? "-"
            for id in keyIDs { note = note.replacingOccurrences(of: id, with: "KEY") }
            return "\(note) \(record.status) \(record.outcome) \(record.user == nil ? "nobody" : "someone")"
        }
    }

    static func keyIDs(_ harness: PolicyHarness) async throws -> [String] {
        let store = try Store(path: "\(harness.folder)/srooter.db")
        _ = try await Vault.open(store: store, source: MasterKeySource(environment: [:], keyFile: nil, dataFolder: harness.folder))
        return try await store.accessKeys().map(\.id)
    }

    @Test func theAPIAsAnOwnerAndTheCLIAgree() async throws {
        let api = try PolicyHarness()
        let local = try PolicyHarness()
        let owner = try await Self.setUp(api)
        _ = try await Self.setUp(local)
        #expect(try await Self.state(api) == Self.state(local), "the two databases start the same")

        try await api.start()
        // The shared client needs no shutdown: a test cancelled at its time limit cannot leave one
        // behind whose deinit stops the whole test process.
        let client = HTTPClient.shared
        var differences: [String] = []
        var apiStatuses: [Int] = []
        for scenario in Self.scenarios {
            let answer = try await PolicyHarness.call(client, scenario.method, "http://127.0.0.1:\(api.port)" + scenario.path, key: owner, body: scenario.body)
            let command = try await CommandRunner.srooter(scenario.cli + ["--config", local.config])
            let apiDone = (200..<300).contains(answer.status)
            let cliDone = command.status == 0
            apiStatuses.append(answer.status)
            if apiDone != scenario.done || cliDone != scenario.done {
                differences.append("\(scenario.cli.joined(separator: " ")): API \(answer.status) \(answer.body); CLI \(command.status) \(command.stderr)")
            }
            if !cliDone && (command.status != 2 || command.stderr.split(separator: "\n").count != 1) {
                differences.append("\(scenario.cli.joined(separator: " ")): the CLI's refusal is not one line with exit 2: \(command.status) \(command.stderr)")
            }
        }
        await api.stop()
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        // Refusals of each kind were met: invalid input (400), a duplicate (409), forbidden or missing targets (403).
        #expect(Set(apiStatuses).isSuperset(of: [200, 201, 400, 403, 409]), "\(apiStatuses)")

        let apiState = try await Self.state(api)
        #expect(apiState == (try await Self.state(local)))
        #expect(apiState.contains("user y globex gx-team") && apiState.contains("key bea alpha active") && !apiState.contains { $0.hasPrefix("org spare") })

        let apiTrail = try await Self.auditTrail(api, keyIDs: try await Self.keyIDs(api))
        let localTrail = try await Self.auditTrail(local, keyIDs: try await Self.keyIDs(local))
        #expect(apiTrail.count == localTrail.count && apiTrail.count >= Self.scenarios.count)
        for (index, (viaAPI, viaCLI)) in zip(apiTrail, localTrail).enumerated() where viaAPI != viaCLI {
            Issue.record("audit record \(index): API \(viaAPI), CLI \(viaCLI)")
        }
        // The scenarios' records name the action and target, with the API's statuses, in the same order.
        let tail = Array(apiTrail.suffix(Self.scenarios.count))
        #expect(tail.map { Int($0.split(separator: " ").dropLast(2).last ?? "") } == apiStatuses.map { Optional($0) }, "\(tail)")
    }
}
