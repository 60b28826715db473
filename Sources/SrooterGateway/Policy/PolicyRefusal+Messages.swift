import SrooterPolicy
import SrooterStore

extension PolicyRefusal {
    /// 429 for a rate limit, with `retry-after` and the headers of the client's provider.
    static func rateLimited(_ refusal: RateLimiter.Refusal, wire: Wire) -> PolicyRefusal {
        let seconds = Swift.max(1, Int(refusal.retryAfter.rounded(.up)))
        var headers = [(name: "retry-after", value: String(seconds))]
        switch wire {
        case .anthropic:
            let prefix = "anthropic-ratelimit-\(refusal.unit)"
            let reset = Timestamp.format(seconds: BudgetPeriod.nowSeconds() + seconds, milliseconds: 0)
            headers += [("\(prefix)-limit", String(refusal.limit)), ("\(prefix)-remaining", "0"), ("\(prefix)-reset", reset)]
        case .openAIChat, .openAIResponses:
            headers += [
                ("x-ratelimit-limit-\(refusal.unit)", String(refusal.limit)), ("x-ratelimit-remaining-\(refusal.unit)", "0"),
                ("x-ratelimit-reset-\(refusal.unit)", "\(seconds)s"),
            ]
        }
        return PolicyRefusal(
            status: 429, outcome: "rate_limited",
            message: "srooter: the rate limit of \(refusal.scope) (\(refusal.limit) \(refusal.unit) per minute) is reached; retry after \(seconds) s",
            headers: headers)
    }

    /// The rate-limit headers of an admitted request, named as the client's provider names them:
    /// the tightest bucket's limit, what remains and when it is full again.
    static func rateLimitHeaders(_ snapshot: RateLimiter.Snapshot, wire: Wire) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        let buckets: [(unit: String, limit: Int?, remaining: Int?, reset: Double?)] = [
            ("requests", snapshot.requestLimit, snapshot.requestsRemaining, snapshot.requestsReset),
            ("tokens", snapshot.tokenLimit, snapshot.tokensRemaining, snapshot.tokensReset),
        ]
        for bucket in buckets {
            guard let limit = bucket.limit, let remaining = bucket.remaining else { continue }
            let seconds = Swift.max(0, Int((bucket.reset ?? 0).rounded(.up)))
            switch wire {
            case .anthropic:
                let prefix = "anthropic-ratelimit-\(bucket.unit)"
                let reset = Timestamp.format(seconds: BudgetPeriod.nowSeconds() + seconds, milliseconds: 0)
                headers += [("\(prefix)-limit", String(limit)), ("\(prefix)-remaining", String(remaining)), ("\(prefix)-reset", reset)]
            case .openAIChat, .openAIResponses:
                headers += [
                    ("x-ratelimit-limit-\(bucket.unit)", String(limit)), ("x-ratelimit-remaining-\(bucket.unit)", String(remaining)),
                    ("x-ratelimit-reset-\(bucket.unit)", "\(seconds)s"),
                ]
            }
        }
        return headers
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
