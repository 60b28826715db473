import HTTPTypes
import SrooterAudit
import SrooterPolicy
import SrooterStore

extension AdminAPI {
    /// Grants, keys, policies, spend, audit and the caller's own view.
    var accessEndpoints: [AdminEndpoint] {
        [
            AdminEndpoint(method: .get, path: "/admin/v1/grants", action: "grant.list") { call throws(AdminError) in
                try call.requireAnywhere(.readDirectory)
                let snapshot = try await storing { () throws(StoreError) in try await store.directory() }
                let visible = snapshot.grants.filter {
                    call.directory.permits(call.caller.user, .readDirectory, on: ScopeRef(ScopeRef.Kind(rawValue: $0.scopeKind) ?? .org, $0.scopeID))
                }
                return Reply(visible, target: "grants")
            },
            AdminEndpoint(method: .post, path: "/admin/v1/grants", action: "grant.create") { call throws(AdminError) in
                let (grant, role, scope) = try Self.grant(call)
                try await storing { () throws(StoreError) in
                    try await store.grantRole(user: grant.user, role: role.rawValue, scopeKind: scope.kind.rawValue, scopeID: scope.id)
                }
                return Reply(status: 201, ["granted": "\(role.rawValue) to user:\(grant.user) at \(scope)"], target: "user:\(grant.user) \(role.rawValue)@\(scope)")
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/grants", action: "grant.revoke") { call throws(AdminError) in
                let (grant, role, scope) = try Self.grant(call)
                try await storing { () throws(StoreError) in
                    try await store.revokeRole(user: grant.user, role: role.rawValue, scopeKind: scope.kind.rawValue, scopeID: scope.id)
                }
                return Reply(["revoked": "\(role.rawValue) from user:\(grant.user) at \(scope)"], target: "user:\(grant.user) \(role.rawValue)@\(scope)")
            },
            AdminEndpoint(method: .get, path: "/admin/v1/keys", action: "key.list") { call throws(AdminError) in
                try call.requireAnywhere(.readDirectory)
                let all = try await storing { () throws(StoreError) in try await store.accessKeys() }
                let visible = all.filter { call.directory.permits(call.caller.user, .readDirectory, on: ScopeRef(.user, $0.user)) }
                return Reply(visible.map(KeyView.init), target: "keys")
            },
            AdminEndpoint(method: .post, path: "/admin/v1/keys", action: "key.create") { call throws(AdminError) in
                let body = try call.decode(KeyBody.self)
                try call.require(.manageKeys, on: ScopeRef(.user, body.user))
                let team = call.directory.users[body.user]?.team
                let created = try await storing { () throws(StoreError) in try await store.createAccessKey(user: body.user, team: team) }
                try? await keys.reload()
                return Reply(status: 201, ["id": created.key.id, "user": body.user, "key": created.secret], target: "key:\(created.key.id)")
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/keys/:id", action: "key.revoke") { call throws(AdminError) in
                let id = call.parameter("id")
                let all = try await storing { () throws(StoreError) in try await store.accessKeys() }
                let owner = all.first(where: { $0.id == id }).map { ScopeRef(.user, $0.user) }
                try call.require(.manageKeys, on: owner, naming: ScopeRef(.key, id))
                try await storing { () throws(StoreError) in try await store.revokeAccessKey(id: id) }
                try? await keys.reload()
                return Reply(["revoked": "key:\(id)"], target: "key:\(id)")
            },
            AdminEndpoint(method: .get, path: "/admin/v1/policies", action: "policy.list") { call throws(AdminError) in
                try call.requireAnywhere(.readDirectory)
                let snapshot = try await storing { () throws(StoreError) in try await store.directory() }
                let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }
                let visible = snapshot.policies.filter { record in
                    guard let kind = ScopeRef.Kind(rawValue: record.scopeKind) else { return false }
                    return call.directory.permits(call.caller.user, .readDirectory, on: Self.owner(of: ScopeRef(kind, record.scopeID), keys: keys))
                }
                return Reply(visible, target: "policies")
            },
            AdminEndpoint(method: .put, path: "/admin/v1/policies/:scope", action: "policy.set") { call throws(AdminError) in
                let scope = try Self.scope(call.parameter("scope"))
                let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }
                try call.require(.managePolicies, on: Self.owner(of: scope, keys: keys), naming: scope)
                let rules: PolicyRules
                do { rules = try PolicyRules.decode(String(decoding: call.body, as: UTF8.self)) } catch {
                    throw AdminError(status: 400, message: "\(error)")
                }
                try await storing { () throws(StoreError) in try await store.setPolicy(scopeKind: scope.kind.rawValue, scopeID: scope.id, document: rules.encoded()) }
                return Reply(["set": scope.description], target: scope.description)
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/policies/:scope", action: "policy.delete") { call throws(AdminError) in
                let scope = try Self.scope(call.parameter("scope"))
                let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }
                try call.require(.managePolicies, on: Self.owner(of: scope, keys: keys), naming: scope)
                try await storing { () throws(StoreError) in try await store.deletePolicy(scopeKind: scope.kind.rawValue, scopeID: scope.id) }
                return Reply(["deleted": scope.description], target: scope.description)
            },
            AdminEndpoint(method: .get, path: "/admin/v1/spend", action: "spend.read") { call throws(AdminError) in
                try call.requireAnywhere(.readSpend)
                let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }
                let all = engine.ledger.balances()
                let visible = all.filter { balance in
                    guard let scope = ScopeRef(parsing: balance.scope) else { return false }
                    return call.directory.permits(call.caller.user, .readSpend, on: Self.owner(of: scope, keys: keys))
                }
                return Reply(visible, target: "spend")
            },
            AdminEndpoint(method: .get, path: "/admin/v1/audit", action: "audit.read") { call throws(AdminError) in
                try call.requireAnywhere(.readAudit)
                let limit = min(max(Int(call.query("limit") ?? "") ?? 100, 1), 10_000)
                let records: [AuditRecord]
                do throws(AuditError) { records = try await audit.log.latest(limit: limit) } catch {
                    throw AdminError(status: 500, message: "the audit log could not be read: \(error.description)")
                }
                let visible = records.filter { record in
                    guard let user = record.user else { return false }
                    return call.directory.permits(call.caller.user, .readAudit, on: ScopeRef(.user, user))
                }
                return Reply(visible, target: "audit")
            },
            AdminEndpoint(method: .get, path: "/admin/v1/me", action: "self.read") { call throws(AdminError) in
                try call.requireAnywhere(.readOwn)
                let me = call.caller.user
                let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }.filter { $0.user == me }
                let balances = engine.ledger.balances()
                let mine = Set(keys.map { "key:\($0.id)" } + ["user:\(me)"])
                return Reply(
                    SelfView(user: me, roles: call.directory.grants(of: me).map { "\($0.role.rawValue)@\($0.scope)" },
                        keys: keys.map(KeyView.init), spend: balances.filter { mine.contains($0.scope) }),
                    target: "user:\(me)")
            },
        ]
    }

    /// A grant request's parts, checked: the caller needs `roles.grant` on the scope and on the
    /// user (a user of another org is not the caller's to name), and granting `owner` or `auditor`
    /// needs `orgs.manage` there too (only an owner: an admin cannot make itself the auditor of the
    /// spend it controls).
    static func grant(_ call: Call) throws(AdminError) -> (GrantBody, Role, ScopeRef) {
        var body: GrantBody
        if call.request.method == .delete {
            body = GrantBody(user: call.query("user") ?? "", role: call.query("role") ?? "", scope: call.query("scope") ?? "")
        } else {
            body = try call.decode(GrantBody.self)
        }
        guard let role = Role(rawValue: body.role) else {
            throw AdminError(status: 400, message: "unknown role '\(body.role)' (owner, admin, auditor, member, viewer)")
        }
        let scope = try scope(body.scope)
        guard scope.kind == .org || scope.kind == .team else { throw AdminError(status: 400, message: "roles are granted at org:NAME or team:NAME") }
        try call.require(.grantRoles, on: scope)
        try call.require(.grantRoles, on: ScopeRef(.user, body.user))
        if role == .owner || role == .auditor { try call.require(.manageOrgs, on: scope) }
        body.scope = scope.description
        return (body, role, scope)
    }

    static func scope(_ text: String) throws(AdminError) -> ScopeRef {
        guard let scope = ScopeRef(parsing: text) else {
            throw AdminError(status: 400, message: "'\(text)' is not a scope (org:NAME, team:NAME, user:NAME or key:ID)")
        }
        return scope
    }

    /// The scope permissions are checked on: a key's user for a key, else the scope itself.
    static func owner(of scope: ScopeRef, keys: [AccessKey]) -> ScopeRef {
        guard scope.kind == .key else { return scope }
        return keys.first(where: { $0.id == scope.id }).map { ScopeRef(.user, $0.user) } ?? scope
    }
}

/// An access key as the admin API shows it: never the hash, never the secret.
struct KeyView: Encodable, Sendable {
    var id: String
    var user: String
    var team: String?
    var createdAt: String
    var revokedAt: String?
    init(_ key: AccessKey) {
        (id, user, team, createdAt, revokedAt) = (key.id, key.user, key.team, key.createdAt, key.revokedAt)
    }
}

/// `GET /admin/v1/me`.
struct SelfView: Encodable, Sendable {
    var user: String
    var roles: [String]
    var keys: [KeyView]
    var spend: [LedgerBalance]
}
