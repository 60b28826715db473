import SrooterPolicy
import SrooterStore

extension PolicyRefusal {
    /// 429 for a rate limit, with `retry-after` and the headers of the client's provider.
    static func rateLimited(_ refusal: RateLimiter.Refusal, wire: Wire) -> PolicyRefusal {
        let seconds = Swift.max(1, Int(refusal.retryAfter.rounded(.up)))
        let headers = [(name: "retry-after", value: String(seconds))]
            + bucketHeaders(unit: refusal.unit, limit: refusal.limit, remaining: 0, resetSeconds: seconds, wire: wire)
        return PolicyRefusal(
            status: 429, outcome: "rate_limited",
            message: "srooter: the rate limit of \(refusal.scope) (\(refusal.limit) \(refusal.unit) per minute) is reached; retry after \(seconds) s",
            headers: headers)
    }

    /// The rate-limit headers of an admitted request, named as the client's provider names them:
    /// the tightest bucket's limit, what remains and when it is full again.
    static func rateLimitHeaders(_ snapshot: RateLimiter.Snapshot, wire: Wire) -> [(name: String, value: String)] {
        let buckets: [(unit: String, limit: Int?, remaining: Int?, reset: Double?)] = [
            ("requests", snapshot.requestLimit, snapshot.requestsRemaining, snapshot.requestsReset),
            ("tokens", snapshot.tokenLimit, snapshot.tokensRemaining, snapshot.tokensReset),
        ]
        return buckets.flatMap { bucket -> [(name: String, value: String)] in
            guard let limit = bucket.limit, let remaining = bucket.remaining else { return [] }
            let seconds = Swift.max(0, Int((bucket.reset ?? 0).rounded(.up)))
            return bucketHeaders(unit: bucket.unit, limit: limit, remaining: remaining, resetSeconds: seconds, wire: wire)
        }
    }

    /// One bucket's limit, remaining and reset headers in the wire's names (`requests` or `tokens`).
    private static func bucketHeaders(unit: String, limit: Int, remaining: Int, resetSeconds: Int, wire: Wire) -> [(name: String, value: String)] {
        switch wire {
        case .anthropic:
            let prefix = "anthropic-ratelimit-\(unit)"
            let reset = Timestamp.format(seconds: BudgetPeriod.nowSeconds() + resetSeconds, milliseconds: 0)
            return [("\(prefix)-limit", String(limit)), ("\(prefix)-remaining", String(remaining)), ("\(prefix)-reset", reset)]
        case .openAIChat, .openAIResponses:
            return [
                ("x-ratelimit-limit-\(unit)", String(limit)), ("x-ratelimit-remaining-\(unit)", String(remaining)),
                ("x-ratelimit-reset-\(unit)", "\(resetSeconds)s"),
            ]
        }
    }

    /// 429 for a budget ceiling, naming the scope, the period and when it resets.
    static func overBudget(_ refusal: PolicyEngine.BudgetRefusal, wire: Wire) -> PolicyRefusal {
        let period = ["day": "daily", "month": "monthly", "total": "total"][refusal.period.rawValue] ?? refusal.period.rawValue
        var headers: [(name: String, value: String)] = []
        let when: String
        if let reset = refusal.resetsAt {
            let stamp = Timestamp.format(seconds: reset, milliseconds: 0)
            when = "it resets at \(stamp)"
            headers.append(("retry-after", String(Swift.max(1, reset - BudgetPeriod.nowSeconds()))))
        } else {
            when = "a total budget does not reset; an admin can raise it"
        }
        return PolicyRefusal(
            status: 429, outcome: "over_budget",
            message: "srooter: the \(period) budget of \(refusal.scope) (\(dollars(refusal.limitUSD))) has no room for this request (\(dollars(refusal.spentUSD)) spent); \(when)",
            headers: headers)
    }

    static func dollars(_ amount: Double) -> String {
        let cents = Int((amount * 100).rounded())
        let rest = cents % 100
        return "$\(cents / 100).\(rest < 10 ? "0" : "")\(rest)"
    }
}
