import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SrooterTestSupport
import Testing

/// A team admin of one org against the objects of another, through a real `srooter serve`, and
/// the store's own rule that a user's team is in the user's org (issue 16, item 1).
@Suite(.serialized) struct TenantIsolationTests {
    /// One admin write naming objects of the other org. `$ORG`, `$TEAM`, `$USER` and `$KEY` are
    /// replaced by the other org's real names, then by names that exist nowhere.
    struct Call: Sendable {
        let method: HTTPMethod
        let path: String
        let body: String?
        init(_ method: HTTPMethod, _ path: String, _ body: String? = nil) { (self.method, self.path, self.body) = (method, path, body) }
    }

    static let walk: [Call] = [
        Call(.POST, "/admin/v1/orgs", #"{"name":"$ORG-2"}"#),
        Call(.PATCH, "/admin/v1/orgs/$ORG", #"{"display_name":"Taken"}"#),
        Call(.DELETE, "/admin/v1/orgs/$ORG"),
        Call(.POST, "/admin/v1/teams", #"{"name":"new-team","org":"$ORG"}"#),
        Call(.PATCH, "/admin/v1/teams/$TEAM", #"{"display_name":"Taken"}"#),
        Call(.DELETE, "/admin/v1/teams/$TEAM"),
        // the reported attack: the caller's own team, another org in the body
        Call(.POST, "/admin/v1/users", #"{"name":"x1","org":"$ORG","team":"alpha"}"#),
        Call(.POST, "/admin/v1/users", #"{"name":"x2","org":"$ORG"}"#),
        Call(.POST, "/admin/v1/users", #"{"name":"x3","team":"$TEAM"}"#),
        Call(.POST, "/admin/v1/users", #"{"name":"x4","org":"acme","team":"$TEAM"}"#),
        Call(.PATCH, "/admin/v1/users/$USER", #"{"team":"alpha"}"#),
        Call(.PATCH, "/admin/v1/users/ada", #"{"team":"$TEAM"}"#),
        Call(.DELETE, "/admin/v1/users/$USER"),
        Call(.POST, "/admin/v1/grants", #"{"user":"$USER","role":"member","scope":"team:alpha"}"#),
        Call(.POST, "/admin/v1/grants", #"{"user":"ada","role":"member","scope":"team:$TEAM"}"#),
        Call(.POST, "/admin/v1/grants", #"{"user":"ta","role":"admin","scope":"org:$ORG"}"#),
        Call(.DELETE, "/admin/v1/grants?user=$USER&role=admin&scope=team:$TEAM"),
        Call(.POST, "/admin/v1/keys", #"{"user":"$USER"}"#),
        Call(.DELETE, "/admin/v1/keys/$KEY"),
        Call(.PUT, "/admin/v1/policies/org:$ORG", #"{"max_effort":"low"}"#),
        Call(.PUT, "/admin/v1/policies/team:$TEAM", #"{"max_effort":"low"}"#),
        Call(.PUT, "/admin/v1/policies/user:$USER", #"{"max_effort":"low"}"#),
        Call(.PUT, "/admin/v1/policies/key:$KEY", #"{"max_effort":"low"}"#),
        Call(.DELETE, "/admin/v1/policies/team:$TEAM"),
        Call(.DELETE, "/admin/v1/policies/user:$USER"),
        Call(.DELETE, "/admin/v1/policies/key:$KEY"),
    ]

    /// The tables an admin write could change, as the sqlite3 CLI prints them (sealed, so this
    /// compares bytes, not names).
    static func dump(_ database: String) async throws -> String {
        let tables = ["orgs", "teams", "users", "role_grants", "policies", "access_keys", "vault_credentials"]
        let sql = tables.map { "SELECT '\($0)'; SELECT * FROM \($0) ORDER BY 1;" }.joined(separator: " ")
        let result = try await CommandRunner.run("sqlite3", [database, sql])
        guard result.status == 0 else { throw HarnessError(message: "sqlite3: \(result.stderr)") }
        return result.stdout
    }

    @Test func aTeamAdminCannotReachAnotherOrg() async throws {
        let harness = try PolicyHarness()
        try await harness.cli(["org", "create", "acme"])
        try await harness.cli(["team", "create", "alpha", "--org", "acme"])
        try await harness.cli(["user", "create", "ta", "--org", "acme", "--team", "alpha"])
        try await harness.cli(["user", "grant", "ta", "admin", "--team", "alpha"])
        try await harness.cli(["user", "create", "ada", "--org", "acme", "--team", "alpha"])
        try await harness.cli(["org", "create", "globex"])
        try await harness.cli(["team", "create", "gx-team", "--org", "globex"])
        try await harness.cli(["user", "create", "gx-user", "--org", "globex", "--team", "gx-team"])
        try await harness.cli(["user", "grant", "gx-user", "admin", "--team", "gx-team"])
        try await harness.cli(["user", "create", "boss", "--org", "acme"])
        try await harness.cli(["user", "grant", "boss", "owner", "--org", "acme"])
        try await harness.cli(["user", "grant", "boss", "owner", "--org", "globex"])
        let otherKey = try await harness.key(for: "gx-user", team: "gx-team")
        let otherKeyID = String(otherKey.dropFirst("sk-srt-".count).prefix(12))
        for scope in ["team:gx-team", "user:gx-user", "key:\(otherKeyID)"] {
            try await harness.cli(["policy", "set", scope, #"{"requests_per_minute":100}"#])
        }
        let teamAdmin = try await harness.key(for: "ta", team: "alpha")
        let owner = try await harness.key(for: "boss")
        let database = "\(harness.folder)/srooter.db"
        try await HTTPClient.withClient { client in
            let base = { "http://127.0.0.1:\(harness.port)" }

            // What the team admin may do, it does: the walk below is refused for the targets, not the caller.
            try await harness.start()
            let own = try await PolicyHarness.call(client, .POST, base() + "/admin/v1/users", key: teamAdmin, body: #"{"name":"own-1","team":"alpha"}"#)
            #expect(own.status == 201, "\(own.body)")
            let ownWithOrg = try await PolicyHarness.call(
                client, .POST, base() + "/admin/v1/users", key: teamAdmin, body: #"{"name":"own-2","org":"acme","team":"alpha"}"#)
            #expect(ownWithOrg.status == 201, "\(ownWithOrg.body)")
            // An owner of both orgs naming a team of one and the other org: refused, saying which org the team is in.
            let crossed = try await PolicyHarness.call(
                client, .POST, base() + "/admin/v1/users", key: owner, body: #"{"name":"y","org":"globex","team":"alpha"}"#)
            #expect(crossed.status == 400 && crossed.body.contains("team 'alpha' is a team of org 'acme', not 'globex'"), "\(crossed.status) \(crossed.body)")
            let moved = try await PolicyHarness.call(client, .PATCH, base() + "/admin/v1/users/gx-user", key: owner, body: #"{"team":"alpha"}"#)
            #expect(moved.status == 400 && moved.body.contains("is not a team of org 'globex'"), "\(moved.status) \(moved.body)")
            await harness.stop()

            let before = try await Self.dump(database)
            try await harness.start()
            var problems: [String] = []
            for call in Self.walk {
                func fill(_ text: String, ghost: Bool) -> String {
                    text.replacingOccurrences(of: "$ORG", with: ghost ? "ghost-org" : "globex")
                        .replacingOccurrences(of: "$TEAM", with: ghost ? "ghost-team" : "gx-team")
                        .replacingOccurrences(of: "$USER", with: ghost ? "ghost-user" : "gx-user")
                        .replacingOccurrences(of: "$KEY", with: ghost ? "0123456789ab" : otherKeyID)
                }
                let real = try await PolicyHarness.call(client, call.method, base() + fill(call.path, ghost: false), key: teamAdmin, body: call.body.map { fill($0, ghost: false) })
                let ghost = try await PolicyHarness.call(client, call.method, base() + fill(call.path, ghost: true), key: teamAdmin, body: call.body.map { fill($0, ghost: true) })
                let label = "\(call.method) \(fill(call.path, ghost: false)) \(call.body.map { fill($0, ghost: false) } ?? "")"
                if real.status != 403 { problems.append("\(label): \(real.status) \(real.body)") }
                // the same refusal whether the target exists in the other org or nowhere
                let realAsGhost = real.body.replacingOccurrences(of: "globex", with: "ghost-org").replacingOccurrences(of: "gx-team", with: "ghost-team")
                    .replacingOccurrences(of: "gx-user", with: "ghost-user").replacingOccurrences(of: otherKeyID, with: "0123456789ab")
                if ghost.status != real.status || ghost.body != realAsGhost {
                    problems.append("\(label): \(real.status) \(real.body) but naming nothing: \(ghost.status) \(ghost.body)")
                }
            }
            // Provider credentials are gateway-wide and managed only from the CLI: the API has no route to them.
            let credentials = try await PolicyHarness.call(client, .POST, base() + "/admin/v1/credentials", key: teamAdmin, body: #"{"name":"c"}"#)
            #expect(credentials.status == 404)
            await harness.stop()
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            let after = try await Self.dump(database)
            #expect(before == after, "the refused calls changed the database")
        }
    }

    /// The rule holds in the store, whoever writes: the CLI (no roles: it holds the master key)
    /// and a raw SQL update are refused too.
    @Test func theStoreKeepsAUsersTeamInTheUsersOrg() async throws {
        let harness = try PolicyHarness()
        try await harness.cli(["org", "create", "acme"])
        try await harness.cli(["team", "create", "alpha", "--org", "acme"])
        try await harness.cli(["org", "create", "globex"])
        try await harness.cli(["team", "create", "gx-team", "--org", "globex"])
        try await harness.cli(["user", "create", "ada", "--org", "acme", "--team", "alpha"])
        let database = "\(harness.folder)/srooter.db"
        let before = try await Self.dump(database)

        let created = try await CommandRunner.srooter(["user", "create", "x", "--org", "globex", "--team", "alpha", "--config", harness.config])
        #expect(created.status == 2 && created.stderr.contains("team 'alpha' is not a team of org 'globex'"), "\(created.stderr)")
        let moved = try await CommandRunner.srooter(["user", "update", "ada", "--team", "gx-team", "--config", harness.config])
        #expect(moved.status == 2 && moved.stderr.contains("team 'gx-team' is not a team of org 'acme'"), "\(moved.stderr)")
        // Without --org, the CLI puts the user in the team's org.
        try await harness.cli(["user", "create", "bea", "--team", "gx-team"])
        #expect(try await harness.cli(["user", "list"]).split(separator: "\n").contains { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(3) == ["bea", "globex", "gx-team"] })
        let key = try await CommandRunner.srooter(["access", "create", "--user", "ada", "--team", "gx-team", "--config", harness.config])
        #expect(key.status == 2 && key.stderr.contains("user 'ada' is not in team 'gx-team'"), "\(key.stderr)")
        // Below the code: the rows hold blind indexes only, and the triggers compare those.
        for sql in [
            "UPDATE users SET team_index = (SELECT t.name_index FROM teams t WHERE t.org_index <> users.org_index) WHERE team_index IS NOT NULL",
            "UPDATE teams SET org_index = (SELECT o.name_index FROM orgs o WHERE o.name_index <> teams.org_index)",
            "INSERT INTO users SELECT 'forged', o.name_index, t.name_index, 'x', 'now' FROM orgs o, teams t WHERE t.org_index <> o.name_index LIMIT 1",
        ] {
            let raw = try await CommandRunner.run("sqlite3", [database, sql])
            #expect(raw.status != 0 && raw.stderr.contains("a team belongs to exactly one org"), "\(sql): \(raw.status) \(raw.stderr)")
        }
        try await harness.cli(["user", "delete", "bea"])
        #expect(try await Self.dump(database) == before)
    }
}
