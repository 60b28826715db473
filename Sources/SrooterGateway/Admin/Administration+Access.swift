import SrooterPolicy
import SrooterStore

/// Access keys, policies and spend.
extension Administration {
    /// The keys `actor` may see (every key of a user it may read), oldest first.
    public func listKeys(as actor: AdminActor) async throws(AdminError) -> Done<[AccessKey]> {
        try await run("key.list", target: "keys", as: actor, writes: false) { session throws(AdminError) in
            try session.requireAnywhere(.readDirectory)
            let all = try await storing { () throws(StoreError) in try await store.accessKeys() }
            return Done(value: all.filter { session.sees(.readDirectory, ScopeRef(.user, $0.user)) }, target: "keys")
        }
    }

    /// Creates a key for `user`, in `team` when given (else the directory's team of the user);
    /// the secret is in the value, once, and never in the audit record.
    public func createKey(for user: String, team: String?, as actor: AdminActor) async throws(AdminError) -> Done<CreatedKey> {
        try await run("key.create", target: "user:\(user)", as: actor, writes: true) { session throws(AdminError) in
            try session.require(.manageKeys, on: ScopeRef(.user, user))
            let team = team ?? session.directory.users[user]?.team
            let created = try await storing { () throws(StoreError) in try await store.createAccessKey(user: user, team: team) }
            return Done(status: 201, value: CreatedKey(key: created.key, secret: created.secret), target: "key:\(created.key.id)")
        }
    }

    public func revokeKey(_ id: String, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("key.revoke", target: "key:\(id)", as: actor, writes: true) { session throws(AdminError) in
            let all = try await storing { () throws(StoreError) in try await store.accessKeys() }
            let owner = all.first(where: { $0.id == id }).map { ScopeRef(.user, $0.user) }
            try session.require(.manageKeys, on: owner, naming: ScopeRef(.key, id))
            try await storing { () throws(StoreError) in try await store.revokeAccessKey(id: id) }
            return Done(value: "key:\(id)", target: "key:\(id)")
        }
    }

    /// The policies `actor` may see (a key's policy with its user).
    public func listPolicies(as actor: AdminActor) async throws(AdminError) -> Done<[PolicyRecord]> {
        try await run("policy.list", target: "policies", as: actor, writes: false) { session throws(AdminError) in
            try session.requireAnywhere(.readDirectory)
            let snapshot = try await storing { () throws(StoreError) in try await store.directory() }
            let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }
            let visible = snapshot.policies.filter { record in
                guard let kind = ScopeRef.Kind(rawValue: record.scopeKind) else { return false }
                return session.sees(.readDirectory, Self.owner(of: ScopeRef(kind, record.scopeID), keys: keys))
            }
            return Done(value: visible, target: "policies")
        }
    }

    /// The policy document at `scope`.
    public func policy(at text: String, as actor: AdminActor) async throws(AdminError) -> Done<PolicyRecord> {
        try await run("policy.show", target: text, as: actor, writes: false) { session throws(AdminError) in
            let scope = try Self.scope(text)
            let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }
            try session.require(.readDirectory, on: Self.owner(of: scope, keys: keys), naming: scope)
            let snapshot = try await storing { () throws(StoreError) in try await store.directory() }
            guard let record = snapshot.policies.first(where: { $0.scopeKind == scope.kind.rawValue && $0.scopeID == scope.id }) else {
                throw .forbidden("there is no policy at \(scope)")
            }
            return Done(value: record, target: scope.description)
        }
    }

    /// Sets (replaces) the policy at `scope`; the value is the document as stored.
    public func setPolicy(at text: String, document: String, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("policy.set", target: text, as: actor, writes: true) { session throws(AdminError) in
            let scope = try Self.scope(text)
            let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }
            try session.require(.managePolicies, on: Self.owner(of: scope, keys: keys), naming: scope)
            let rules: PolicyRules
            do { rules = try PolicyRules.decode(document) } catch { throw .invalid("\(error)") }
            let encoded = rules.encoded()
            try await storing { () throws(StoreError) in try await store.setPolicy(scopeKind: scope.kind.rawValue, scopeID: scope.id, document: encoded) }
            return Done(value: encoded, target: scope.description)
        }
    }

    public func deletePolicy(at text: String, as actor: AdminActor) async throws(AdminError) -> Done<String> {
        try await run("policy.delete", target: text, as: actor, writes: true) { session throws(AdminError) in
            let scope = try Self.scope(text)
            let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }
            try session.require(.managePolicies, on: Self.owner(of: scope, keys: keys), naming: scope)
            try await storing { () throws(StoreError) in try await store.deletePolicy(scopeKind: scope.kind.rawValue, scopeID: scope.id) }
            return Done(value: scope.description, target: scope.description)
        }
    }

    /// Spend per budgeted scope and period, for the scopes `actor` may read spend of.
    public func spend(as actor: AdminActor) async throws(AdminError) -> Done<[LedgerBalance]> {
        try await run("spend.read", target: "spend", as: actor, writes: false) { session throws(AdminError) in
            try session.requireAnywhere(.readSpend)
            let keys = try await storing { () throws(StoreError) in try await store.accessKeys() }
            let all = try await storing { () throws(StoreError) in try await balances() }
            let visible = all.filter { balance in
                guard let scope = ScopeRef(parsing: balance.scope) else { return false }
                return session.sees(.readSpend, Self.owner(of: scope, keys: keys))
            }
            return Done(value: visible, target: "spend")
        }
    }
}

/// A new access key and its secret, shown once.
public struct CreatedKey: Sendable {
    public let key: AccessKey
    public let secret: String
}
