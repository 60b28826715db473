import SrooterStore

/// Routing decisions over a set of audit records, by route, decision kind and served model, with
/// what the routes cost against serving each of their requests with the route's default (its
/// first candidate, at the record's token counts). For `srooter route summary` and
/// `GET /admin/v1/routing`. Admin, MCP and feedback records and requests refused before routing are left out;
/// a model asked for by its own name counts under the route `-` at its own cost.
public struct RoutingSummary: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public let route: String
        public let kind: String
        public let servedModel: String
        public var requests = 0
        public var costUSD = 0.0
        public var defaultCostUSD = 0.0
    }

    public var rows: [Row] = []
    public var costUSD: Double { rows.reduce(0) { $0 + $1.costUSD } }
    public var defaultCostUSD: Double { rows.reduce(0) { $0 + $1.defaultCostUSD } }
    /// What the routes saved (negative: they cost more, as a fallback to a dearer model does).
    public var savedUSD: Double { defaultCostUSD - costUSD }

    /// Records that are not model calls: admin actions, MCP tool calls, feedback.
    static let nonModelSurfaces: Set<String> = ["admin", "mcp", "feedback"]

    /// - Parameter since: an ISO 8601 timestamp; earlier records are left out (nil: all).
    public static func summarise(_ records: [AuditRecord], config: GatewayConfig, since: String? = nil) -> RoutingSummary {
        var rows: [String: Row] = [:]
        for record in records where !nonModelSurfaces.contains(record.surface) && record.routing != AuditSink.unrouted {
            if let since, record.timestamp < since { continue }
            let requested = record.requestedModel ?? "-"
            let route = config.routes[requested]
            let name = route == nil ? "-" : requested
            let served = record.servedModel ?? "-"
            let key = "\(name)\u{0}\(record.routing)\u{0}\(served)"
            var row = rows[key] ?? Row(route: name, kind: record.routing, servedModel: served)
            row.requests += 1
            row.costUSD += record.costUSD
            if let route, let first = config.routes.models(of: route).first, let model = config.models[first] {
                row.defaultCostUSD += model.prices.cost(of: Usage(
                    inputTokens: record.inputTokens, outputTokens: record.outputTokens,
                    cacheReadTokens: record.cacheReadTokens, cacheWriteTokens: record.cacheWriteTokens))
            } else {
                row.defaultCostUSD += record.costUSD
            }
            rows[key] = row
        }
        return RoutingSummary(rows: rows.values.sorted { ($0.route, $0.kind, $0.servedModel) < ($1.route, $1.kind, $1.servedModel) })
    }
}
