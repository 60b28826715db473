import SrooterEncoding
import SrooterPolicy
import SrooterStore

/// Where admin actions' audit records go: the gateway's group-commit writer, or the CLI's
/// append to the same hash chain.
public protocol AdminTrail: Sendable {
    func append(_ record: AuditRecord) async
}

/// The one admin service, used by `/admin/v1` and by the CLI's `org`, `team`, `user`, `policy` and
/// `access` commands: the role checks, the validation (names without control characters, a
/// user's team in the user's org, the same 403 for a target the actor may not see as for one that
/// does not exist), the store writes, and one audit record per action, allowed or refused (who,
/// what, target; never a secret). The endpoints and commands only parse, call it, and render.
public struct Administration: Sendable {
    /// What the service writes and reads: keys, the directory, policies and the stored spend.
    public typealias Storage = AccessKeyRepository & DirectoryRepository & PolicyRepository & BudgetRepository

    let store: any Storage
    let trail: any AdminTrail
    /// The directory roles are checked against: the gateway's in memory, or the CLI's read fresh.
    let directory: @Sendable () async throws(StoreError) -> Directory
    /// Spend per scope and period: the gateway's live ledger (with reservations), or the stored spend.
    let balances: @Sendable () async throws(StoreError) -> [LedgerBalance]
    /// Runs after a write succeeded (the gateway reloads its policy engine and key ring).
    let changed: @Sendable () async -> Void

    public init(
        store: any Storage, trail: any AdminTrail, directory: @escaping @Sendable () async throws(StoreError) -> Directory,
        balances: @escaping @Sendable () async throws(StoreError) -> [LedgerBalance], changed: @escaping @Sendable () async -> Void
    ) {
        self.store = store
        self.trail = trail
        self.directory = directory
        self.balances = balances
        self.changed = changed
    }

    /// The service as the CLI runs it: the directory and the stored spend read from the database.
    public static func local(store: any Storage, trail: any AdminTrail) -> Administration {
        Administration(
            store: store, trail: trail, directory: { () throws(StoreError) in Directory(try await store.directory()) },
            balances: { () throws(StoreError) in try await store.ledgerBalances() }, changed: {})
    }

    /// What an action did: its status (200, or 201 for a creation), its value, and its target
    /// as the audit note names it.
    public struct Done<Value: Sendable>: Sendable {
        public var status = 200
        public var value: Value
        public var target: String
    }

    /// One action's checks against the directory as it was when the action started.
    struct Session: Sendable {
        let actor: AdminActor
        let directory: Directory

        /// Refuses with 403 unless the actor has `permission` over `target`.
        func require(_ permission: Permission, on target: ScopeRef) throws(AdminError) {
            try require(permission, on: target, naming: target)
        }

        /// Refuses with 403 unless the actor has `permission` over `target` (nil: a target that
        /// does not exist). The refusal names `shown`, what the actor named, so it reads the same
        /// whether the target exists in another org or not at all.
        func require(_ permission: Permission, on target: ScopeRef?, naming shown: ScopeRef) throws(AdminError) {
            guard let target, actor.permits(permission, on: target, in: directory) else {
                throw .forbidden("user '\(actor.name)' lacks \(permission.rawValue) on \(shown)")
            }
        }

        /// Refuses with 403 unless the actor has `permission` somewhere.
        func requireAnywhere(_ permission: Permission) throws(AdminError) {
            guard actor.permitsAnywhere(permission, in: directory) else { throw .forbidden("user '\(actor.name)' lacks \(permission.rawValue)") }
        }

        func sees(_ permission: Permission, _ target: ScopeRef) -> Bool { actor.permits(permission, on: target, in: directory) }
    }

    /// Runs one action: the checks and work in `body`, then (after a write) `changed`, then the
    /// audit record, whatever the outcome. A refusal names `target`; success, the target it returns.
    func run<Value: Sendable>(
        _ action: String, target: String, as actor: AdminActor, writes: Bool,
        _ body: (Session) async throws(AdminError) -> Done<Value>
    ) async throws(AdminError) -> Done<Value> {
        let start = ContinuousClock.now
        do {
            let directory = try await storing { () throws(StoreError) in try await self.directory() }
            let done = try await body(Session(actor: actor, directory: directory))
            if writes { await changed() }
            await record(action, target: done.target, actor: actor, status: done.status, since: start)
            return done
        } catch {
            await record(action, target: target, actor: actor, status: error.status, since: start)
            throw error
        }
    }

    /// Records an action refused before it reached the service (an HTTP body that is not JSON or too large).
    func refused(_ action: String, target: String, as actor: AdminActor, _ error: AdminError) async {
        await record(action, target: target, actor: actor, status: error.status, since: .now)
    }

    private func record(_ action: String, target: String, actor: AdminActor, status: Int, since start: ContinuousClock.Instant) async {
        let record = AuditRecord.adminAction(
            actor: actor.auditUser, keyID: actor.keyID, requestID: "adm_" + Hex.encode(SecureRandom.unique(12)), action: action,
            target: target, status: status, latencyMs: Self.milliseconds(since: start))
        await trail.append(record)
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    static func scope(_ text: String) throws(AdminError) -> ScopeRef {
        guard let scope = ScopeRef(parsing: text) else {
            throw .invalid("'\(text)' is not a scope (org:NAME, team:NAME, user:NAME or key:ID)")
        }
        return scope
    }

    /// The scope permissions are checked on: a key's user for a key, else the scope itself.
    static func owner(of scope: ScopeRef, keys: [AccessKey]) -> ScopeRef {
        guard scope.kind == .key else { return scope }
        return keys.first(where: { $0.id == scope.id }).map { ScopeRef(.user, $0.user) } ?? scope
    }
}
