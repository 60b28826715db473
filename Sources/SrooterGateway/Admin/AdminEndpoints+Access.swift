import HTTPTypes
import SrooterAudit
import SrooterPolicy
import SrooterStore

extension AdminAPI {
    /// Grants, keys, policies, spend, audit and the caller's own view.
    var accessEndpoints: [AdminEndpoint] {
        [
            AdminEndpoint(method: .get, path: "/admin/v1/grants", action: "grant.list") { call throws(AdminError) in
                Reply(try await service.readDirectory(.grants, as: call.actor).value.grants)
            },
            AdminEndpoint(method: .post, path: "/admin/v1/grants", action: "grant.create") { call throws(AdminError) in
                let body = try await call.decode(GrantBody.self)
                return Reply("granted", try await service.grant(body.role, to: body.user, at: body.scope, as: call.actor))
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/grants", action: "grant.revoke") { call throws(AdminError) in
                let (user, role, scope) = (call.query("user") ?? "", call.query("role") ?? "", call.query("scope") ?? "")
                return Reply("revoked", try await service.revoke(role, from: user, at: scope, as: call.actor))
            },
            AdminEndpoint(method: .get, path: "/admin/v1/keys", action: "key.list") { call throws(AdminError) in
                Reply(try await service.listKeys(as: call.actor).value.map(KeyView.init))
            },
            AdminEndpoint(method: .post, path: "/admin/v1/keys", action: "key.create") { call throws(AdminError) in
                let body = try await call.decode(KeyBody.self)
                let done = try await service.createKey(for: body.user, team: nil, as: call.actor)
                return Reply(status: done.status, ["id": done.value.key.id, "user": body.user, "key": done.value.secret])
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/keys/:id", action: "key.revoke") { call throws(AdminError) in
                let done = try await service.revokeKey(call.parameter("id"), as: call.actor)
                return Reply(status: done.status, ["revoked": done.value])
            },
            AdminEndpoint(method: .get, path: "/admin/v1/policies", action: "policy.list") { call throws(AdminError) in
                Reply(try await service.listPolicies(as: call.actor).value)
            },
            AdminEndpoint(method: .put, path: "/admin/v1/policies/:scope", action: "policy.set") { call throws(AdminError) in
                let scope = call.parameter("scope")
                let done = try await service.setPolicy(at: scope, document: String(decoding: call.body, as: UTF8.self), as: call.actor)
                return Reply(status: done.status, ["set": done.target])
            },
            AdminEndpoint(method: .delete, path: "/admin/v1/policies/:scope", action: "policy.delete") { call throws(AdminError) in
                Reply("deleted", try await service.deletePolicy(at: call.parameter("scope"), as: call.actor))
            },
            AdminEndpoint(method: .get, path: "/admin/v1/spend", action: "spend.read") { call throws(AdminError) in
                Reply(try await service.spend(as: call.actor).value)
            },
            AdminEndpoint(method: .get, path: "/admin/v1/audit", action: "audit.read") { call throws(AdminError) in
                let limit = min(max(Int(call.query("limit") ?? "") ?? 100, 1), 10_000)
                let done = try await service.run(call.action, target: "audit", as: call.actor, writes: false) { session throws(AdminError) in
                    try session.requireAnywhere(.readAudit)
                    let records: [AuditRecord]
                    do throws(AuditError) { records = try await log.latest(limit: limit) } catch {
                        throw .failed("the audit log could not be read: \(error.description)")
                    }
                    let visible = records.filter { record in
                        guard let user = record.user else { return false }
                        return session.sees(.readAudit, ScopeRef(.user, user))
                    }
                    return Administration.Done(value: visible, target: "audit")
                }
                return Reply(done.value)
            },
            AdminEndpoint(method: .get, path: "/admin/v1/me", action: "self.read") { call throws(AdminError) in
                let me = call.caller.user
                let done = try await service.run(call.action, target: "user:\(me)", as: call.actor, writes: false) { session throws(AdminError) in
                    try session.requireAnywhere(.readOwn)
                    let keys = try await storing { () throws(StoreError) in try await service.store.accessKeys() }.filter { $0.user == me }
                    let balances = engine.ledger.balances()
                    let mine = Set(keys.map { "key:\($0.id)" } + ["user:\(me)"])
                    return Administration.Done(
                        value: SelfView(user: me, roles: session.directory.grants(of: me).map { "\($0.role.rawValue)@\($0.scope)" },
                            keys: keys.map(KeyView.init), spend: balances.filter { mine.contains($0.scope) }),
                        target: "user:\(me)")
                }
                return Reply(done.value)
            },
        ]
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
