import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SrooterStore
import SrooterAudit
import Testing

/// Every admin endpoint, called by a user holding each role at the org: allowed (2xx) or 403,
/// per the table below. The table is the permission model's documentation (README).
@Suite(.serialized) struct AdminRBACTests {
    static let roles = ["owner", "admin", "auditor", "member", "viewer"]

    /// One row: the call (built from the role, so every role gets fresh targets) and who may make it.
    struct Row: Sendable {
        let name: String
        let allowed: Set<String>
        let request: @Sendable (_ role: String) -> (HTTPMethod, String, String?)
    }

    static let everyone: Set<String> = Set(roles)
    static let managers: Set<String> = ["owner", "admin"]

    static let table: [Row] = [
        Row(name: "GET /admin/v1/orgs", allowed: managers) { _ in (.GET, "/admin/v1/orgs", nil) },
        Row(name: "POST /admin/v1/orgs", allowed: ["owner"]) { r in (.POST, "/admin/v1/orgs", #"{"name":"new-\#(r)"}"#) },
        Row(name: "PATCH /admin/v1/orgs/:org", allowed: ["owner"]) { r in (.PATCH, "/admin/v1/orgs/x-\(r)", #"{"display_name":"X"}"#) },
        Row(name: "DELETE /admin/v1/orgs/:org", allowed: ["owner"]) { r in (.DELETE, "/admin/v1/orgs/x-\(r)", nil) },
        Row(name: "GET /admin/v1/teams", allowed: managers) { _ in (.GET, "/admin/v1/teams", nil) },
        Row(name: "POST /admin/v1/teams", allowed: managers) { r in (.POST, "/admin/v1/teams", #"{"name":"n-\#(r)","org":"acme"}"#) },
        Row(name: "PATCH /admin/v1/teams/:team", allowed: managers) { r in (.PATCH, "/admin/v1/teams/t-\(r)", #"{"display_name":"T"}"#) },
        Row(name: "DELETE /admin/v1/teams/:team", allowed: managers) { r in (.DELETE, "/admin/v1/teams/t-\(r)", nil) },
        Row(name: "GET /admin/v1/users", allowed: managers) { _ in (.GET, "/admin/v1/users", nil) },
        Row(name: "POST /admin/v1/users", allowed: managers) { r in (.POST, "/admin/v1/users", #"{"name":"c-\#(r)","org":"acme","team":"platform"}"#) },
        Row(name: "PATCH /admin/v1/users/:user", allowed: managers) { r in (.PATCH, "/admin/v1/users/u-\(r)", #"{"team":"platform"}"#) },
        Row(name: "DELETE /admin/v1/users/:user", allowed: managers) { r in (.DELETE, "/admin/v1/users/u-\(r)", nil) },
        Row(name: "GET /admin/v1/grants", allowed: managers) { _ in (.GET, "/admin/v1/grants", nil) },
        Row(name: "POST /admin/v1/grants (member)", allowed: managers) { r in (.POST, "/admin/v1/grants", #"{"user":"g-\#(r)","role":"member","scope":"org:acme"}"#) },
        Row(name: "POST /admin/v1/grants (owner)", allowed: ["owner"]) { r in (.POST, "/admin/v1/grants", #"{"user":"g-\#(r)","role":"owner","scope":"org:acme"}"#) },
        // separation of duties: an admin cannot make anyone, itself included, the auditor of what it controls
        Row(name: "POST /admin/v1/grants (auditor)", allowed: ["owner"]) { r in (.POST, "/admin/v1/grants", #"{"user":"\#(r)","role":"auditor","scope":"org:acme"}"#) },
        Row(name: "DELETE /admin/v1/grants", allowed: managers) { r in (.DELETE, "/admin/v1/grants?user=g-\(r)&role=viewer&scope=org:acme", nil) },
        Row(name: "GET /admin/v1/keys", allowed: managers) { _ in (.GET, "/admin/v1/keys", nil) },
        Row(name: "POST /admin/v1/keys", allowed: managers) { r in (.POST, "/admin/v1/keys", #"{"user":"g-\#(r)"}"#) },
        Row(name: "DELETE /admin/v1/keys/:id", allowed: managers) { r in (.DELETE, "/admin/v1/keys/KEY-\(r)", nil) },
        Row(name: "GET /admin/v1/policies", allowed: managers) { _ in (.GET, "/admin/v1/policies", nil) },
        Row(name: "PUT /admin/v1/policies/:scope", allowed: managers) { r in (.PUT, "/admin/v1/policies/team:platform", #"{"max_effort":"\#(r == "owner" ? "high" : "xhigh")"}"#) },
        Row(name: "DELETE /admin/v1/policies/:scope", allowed: managers) { r in (.DELETE, "/admin/v1/policies/user:g-\(r)", nil) },
        Row(name: "GET /admin/v1/spend", allowed: ["owner", "auditor"]) { _ in (.GET, "/admin/v1/spend", nil) },
        Row(name: "GET /admin/v1/audit", allowed: ["owner", "auditor"]) { _ in (.GET, "/admin/v1/audit?limit=50", nil) },
        Row(name: "GET /admin/v1/routing", allowed: ["owner", "admin", "auditor"]) { _ in (.GET, "/admin/v1/routing", nil) },
        Row(name: "GET /admin/v1/me", allowed: everyone) { _ in (.GET, "/admin/v1/me", nil) },
        Row(name: "POST /v1/messages (call a model)", allowed: ["owner", "admin", "member"]) { _ in
            (.POST, "/v1/messages", #"{"model":"claude-test","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}"#)
        },
    ]

    @Test func everyEndpointWithEveryRole() async throws {
        let harness = try PolicyHarness()
        try await harness.cli(["org", "create", "acme"])
        try await harness.cli(["team", "create", "platform", "--org", "acme"])
        var keys: [String: String] = [:]
        var keyIDs: [String: String] = [:]
        for role in Self.roles {
            try await harness.cli(["user", "create", role, "--org", "acme", "--team", "platform"])
            try await harness.cli(["user", "grant", role, role, "--org", "acme"])
            keys[role] = try await harness.key(for: role, team: "platform")
            // fresh targets for this role's calls
            try await harness.cli(["org", "create", "x-\(role)"])
            try await harness.cli(["user", "grant", role, role, "--org", "x-\(role)"])
            try await harness.cli(["team", "create", "t-\(role)", "--org", "acme"])
            try await harness.cli(["user", "create", "u-\(role)", "--org", "acme"])
            try await harness.cli(["user", "create", "g-\(role)", "--org", "acme", "--team", "platform"])
            try await harness.cli(["user", "grant", "g-\(role)", "viewer", "--org", "acme"])
            try await harness.cli(["policy", "set", "user:g-\(role)", #"{"requests_per_minute":1000}"#])
            let secret = try await harness.key(for: "g-\(role)")
            keyIDs[role] = String(secret.dropFirst("sk-srt-".count).prefix(12))
        }
        try await harness.start()
        defer { harness.terminate() }
        try await HTTPClient.withClient { client in
            var mismatches: [String] = []
            var rendered = ["| Endpoint | " + Self.roles.joined(separator: " | ") + " |", "|---|" + String(repeating: "---|", count: Self.roles.count)]
            for row in Self.table {
                var cells: [String] = []
                for role in Self.roles {
                    let (method, path, body) = row.request(role)
                    let url = "http://127.0.0.1:\(harness.port)" + path.replacingOccurrences(of: "KEY-\(role)", with: keyIDs[role] ?? "")
                    let headers = path.hasPrefix("/v1/messages") ? [("anthropic-version", "2023-06-01")] : []
                    let response = try await PolicyHarness.call(client, method, url, key: keys[role] ?? "", body: body, headers: headers)
                    let allowed = (200..<300).contains(response.status)
                    if allowed != row.allowed.contains(role) || (!allowed && response.status != 403) {
                        mismatches.append("\(row.name) as \(role): \(response.status) \(response.body.prefix(200))")
                    }
                    cells.append(allowed ? "allow" : "403")
                }
                rendered.append("| `\(row.name)` | " + cells.joined(separator: " | ") + " |")
            }
            print(rendered.joined(separator: "\n"))
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")

            // every admin call is an audit record: who, what, target; never a key
            await harness.stop()
            let records = try await AuditLog.reader(databasePath: "\(harness.folder)/srooter.db").latest(limit: 10_000).filter { $0.surface == "admin" }
            let apiCalls = records.filter { $0.keyID != nil }
            #expect(apiCalls.count == (Self.table.count - 1) * Self.roles.count, "\(apiCalls.count) admin records")
            #expect(apiCalls.allSatisfy { $0.note?.hasPrefix("admin ") == true && $0.user != nil })
            #expect(apiCalls.contains { $0.note == "admin team.create team:n-owner" && $0.status == 201 })
            #expect(apiCalls.contains { $0.note?.hasPrefix("admin org.delete") == true && $0.outcome == "forbidden" })
            #expect(records.contains { $0.user?.hasPrefix("cli:") == true && $0.note == "admin org.create org:acme" })
            #expect(!records.contains { ($0.note ?? "").contains("sk-srt-") })
        }
    }
}
