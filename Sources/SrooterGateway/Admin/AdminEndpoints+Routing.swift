import SrooterAudit
import SrooterPolicy
import SrooterStore

extension AdminAPI {
    /// `GET /admin/v1/routing?since=2026-12-01T00:00:00Z`: the routing summary (``RoutingSummary``)
    /// of the requests the caller may see: those of users in an org or team where it holds
    /// `owner`, `admin` or `auditor` (a caller with none of these roles anywhere gets 403).
    var routingEndpoints: [AdminEndpoint] {
        [
            AdminEndpoint(method: .get, path: "/admin/v1/routing", action: "routing.read") { call throws(AdminError) in
                var since: String?
                if let text = call.query("since") {
                    guard let seconds = Timestamp.parse(text) else {
                        let refusal = AdminError.invalid("since must be an RFC 3339 time such as 2026-12-01 or 2026-12-01T10:00:00Z")
                        await service.refused(call.action, target: "routing", as: call.actor, refusal)
                        throw refusal
                    }
                    since = Timestamp.format(seconds: seconds, milliseconds: 0)
                }
                let done = try await service.run(call.action, target: "routing", as: call.actor, writes: false) { session throws(AdminError) in
                    guard session.holdsAnywhere(Self.routingReaders) else {
                        throw .forbidden("user '\(session.actor.name)' holds none of the roles owner, admin, auditor")
                    }
                    let records = try await routingRecords(since: since)
                    let visible = records.filter { record in
                        guard let user = record.user else { return false }
                        return session.holds(Self.routingReaders, over: ScopeRef(.user, user))
                    }
                    return Administration.Done(value: RoutingView(RoutingSummary.summarise(visible, config: config, since: since), since: since),
                                               target: "routing")
                }
                return Reply(done.value)
            }
        ]
    }

    /// The roles that may read the routing summary.
    static let routingReaders: Set<Role> = [.owner, .admin, .auditor]
    /// The most records one summary reads (the newest are kept).
    static let routingRecordLimit = 1_000_000

    /// The audit records at or after `since`, oldest first.
    private func routingRecords(since: String?) async throws(AdminError) -> [AuditRecord] {
        var records: [AuditRecord] = []
        var after = 0
        do throws(AuditError) {
            while true {
                let page = try await log.records(after: after, limit: 10_000, filter: AuditRowFilter(since: since))
                guard let last = page.last else { break }
                records += page.map(\.record)
                if records.count > Self.routingRecordLimit { records.removeFirst(records.count - Self.routingRecordLimit) }
                after = last.seq
            }
        } catch {
            throw .failed("the audit log could not be read: \(error.description)")
        }
        return records
    }
}

extension Administration.Session {
    /// Whether the actor holds one of `roles` anywhere.
    func holdsAnywhere(_ roles: Set<Role>) -> Bool {
        switch actor {
        case .caller(let principal): !directory.allRoles(of: principal.user).isDisjoint(with: roles)
        case .localOwner: true
        }
    }

    /// Whether the actor holds one of `roles` over `target` (at its org, or its team).
    func holds(_ roles: Set<Role>, over target: ScopeRef) -> Bool {
        switch actor {
        case .caller(let principal): !directory.roles(of: principal.user, over: target).isDisjoint(with: roles)
        case .localOwner: true
        }
    }
}

/// `GET /admin/v1/routing`'s body.
struct RoutingView: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var route: String
        var kind: String
        var servedModel: String
        var requests: Int
        var costUsd: Double
        var defaultCostUsd: Double
    }

    var since: String?
    var rows: [Row]
    var requests: Int
    var costUsd: Double
    var defaultCostUsd: Double
    var savedUsd: Double

    init(_ summary: RoutingSummary, since: String?) {
        self.since = since
        rows = summary.rows.map {
            Row(route: $0.route, kind: $0.kind, servedModel: $0.servedModel, requests: $0.requests, costUsd: $0.costUSD, defaultCostUsd: $0.defaultCostUSD)
        }
        requests = summary.rows.reduce(0) { $0 + $1.requests }
        (costUsd, defaultCostUsd, savedUsd) = (summary.costUSD, summary.defaultCostUSD, summary.savedUSD)
    }
}
