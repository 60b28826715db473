import SrooterRouting
import SrooterStore

/// Labels the stored routing features from the audit trail's outcome signals, for
/// `srooter router train --from-audit`. A request is joined with its audit record by request id;
/// requests of one conversation are those of one route with the same session key, in the order
/// their records were chained (`records` oldest first).
///
/// The rule (the README's "Training from the audit trail" states it too):
/// - A request served by the route's cheaper candidate (routing `trivial` or `learned`):
///   with feedback, the cheap candidate sufficed when the score is above 0; without, it did not
///   when the request failed (status 500 or more, or outcome `upstream_error`, `timeout` or
///   `incomplete`: a stream cut short), when the conversation sent the same prompt again later
///   (a retry: the same prompt hash), or when it is the conversation's last cheap request before
///   one served by the default (an escalation); otherwise it sufficed.
/// - A request served by the default (routing `direct`) is labelled only when it is that
///   escalation (the conversation's first request served by the default after a cheap one): the
///   cheap candidate did not suffice. Other default requests say nothing of the cheap candidate
///   and are left out.
/// - Requests that ended on the client's or the policy's side (refused, rate limited, over
///   budget, the client left) are left out, as are features without an audit record (pruned).
public enum AuditLabels {
    /// What labelling found.
    public struct Result: Sendable {
        public var samples: [LabelledSample] = []
        /// Stored feature rows read.
        public var rows = 0
        /// Rows left out: no audit record, an answer that says nothing of the cheap candidate.
        public var skipped = 0
        /// Cheap requests labelled by feedback, failure, retry or escalation.
        public var byFeedback = 0
        public var failed = 0
        public var retried = 0
        public var escalated = 0
    }

    static let failures: Set<String> = ["upstream_error", "timeout", "incomplete"]
    static let clientSide: Set<String> = ["client_error", "unauthenticated", "policy_denied", "rate_limited", "over_budget", "client_disconnected", "overloaded"]

    public static func label(_ rows: [RoutingFeatureRow], records: [AuditRecord], config: GatewayConfig) -> Result {
        var result = Result()
        result.rows = rows.count
        var byID: [String: (record: AuditRecord, position: Int)] = [:]
        for (position, record) in records.enumerated() where record.surface != "admin" { byID[record.requestID] = (record, position) }
        struct Joined {
            let row: RoutingFeatureRow
            let record: AuditRecord
            /// The record's place in the chain (the order requests ended in).
            let position: Int
            let features: RequestFeatures
            var cheap: Bool { record.routing == "trivial" || record.routing == "learned" }
        }
        var joined: [Joined] = []
        for row in rows {
            guard let (record, position) = byID[row.requestID], let features = LabelledSamples.features(json: row.features),
                  ["trivial", "learned", "direct"].contains(record.routing), !clientSide.contains(record.outcome)
            else { result.skipped += 1; continue }
            joined.append(Joined(row: row, record: record, position: position, features: features))
        }
        joined.sort { $0.position < $1.position }
        // Per conversation: the index of each request in time order.
        var sessions: [String: [Int]] = [:]
        for (index, item) in joined.enumerated() {
            if let key = item.row.sessionKey { sessions["\(item.row.route)\u{0}\(key)", default: []].append(index) }
        }
        var escalatedCheap: Set<Int> = []
        var escalation: Set<Int> = []
        var retriedCheap: Set<Int> = []
        for indexes in sessions.values {
            var lastCheap: Int?
            var escalatedOnce = false
            for (position, index) in indexes.enumerated() {
                let item = joined[index]
                if item.cheap {
                    lastCheap = index
                    let prompt = item.record.promptSHA256
                    if prompt != nil, indexes[(position + 1)...].contains(where: { joined[$0].record.promptSHA256 == prompt }) {
                        retriedCheap.insert(index)
                    }
                } else if let cheap = lastCheap, !escalatedOnce {
                    escalatedOnce = true
                    escalatedCheap.insert(cheap)
                    escalation.insert(index)
                }
            }
        }
        for (index, item) in joined.enumerated() {
            let label: Bool
            if item.cheap {
                if let feedback = item.row.feedback {
                    label = feedback.score > 0
                    result.byFeedback += 1
                } else if item.record.status >= 500 || failures.contains(item.record.outcome) {
                    label = false
                    result.failed += 1
                } else if retriedCheap.contains(index) {
                    label = false
                    result.retried += 1
                } else if escalatedCheap.contains(index) {
                    label = false
                    result.escalated += 1
                } else {
                    label = true
                }
            } else if escalation.contains(index) {
                label = false
                result.escalated += 1
            } else {
                result.skipped += 1
                continue
            }
            let costs = self.costs(item.record, route: item.row.route, config: config)
            result.samples.append(LabelledSample(features: item.features, cheapSuffices: label, costDefaultUSD: costs.dear, costCheapUSD: costs.cheap))
        }
        return result
    }

    /// What the request cost, or would have, on the route's default and on its cheapest
    /// candidate (at the record's token counts); the record's own cost for both when the route is
    /// no longer configured.
    static func costs(_ record: AuditRecord, route name: String, config: GatewayConfig) -> (dear: Double, cheap: Double) {
        guard let route = config.routes[name] else { return (record.costUSD, record.costUSD) }
        let models = config.routes.models(of: route).compactMap { config.models[$0] }
        guard let first = models.first else { return (record.costUSD, record.costUSD) }
        let cheapest = models.min { $0.prices.input + $0.prices.output < $1.prices.input + $1.prices.output } ?? first
        let usage = Usage(inputTokens: record.inputTokens, outputTokens: record.outputTokens,
                          cacheReadTokens: record.cacheReadTokens, cacheWriteTokens: record.cacheWriteTokens)
        return (first.prices.cost(of: usage), cheapest.prices.cost(of: usage))
    }
}
