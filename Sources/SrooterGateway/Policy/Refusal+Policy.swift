import HTTPTypes
import SrooterPolicy
import SrooterStore
import SrooterWire

extension Refusal {
    /// 429 for a rate limit, with `retry-after` and the headers of the client's provider.
    static func rateLimited(_ refusal: RateLimiter.Refusal, wire: Wire) -> Refusal {
        let seconds = Swift.max(1, Int(refusal.retryAfter.rounded(.up)))
        var headers = [HTTPField(name: .retryAfter, value: String(seconds))]
        appendBucket(&headers, names: names(tokens: refusal.unit == "tokens", wire: wire), limit: refusal.limit, remaining: 0, reset: Double(seconds), wire: wire)
        return Refusal(
            status: 429, outcome: .rateLimited,
            message: "srooter: the rate limit of \(refusal.scope) (\(refusal.limit) \(refusal.unit) per minute) is reached; retry after \(seconds) s",
            headers: headers)
    }

    /// The rate-limit headers of an admitted request, named as the client's provider names them:
    /// the tightest bucket's limit, what remains and when it is full again.
    static func rateLimitHeaders(_ snapshot: RateLimiter.Snapshot, wire: Wire) -> [HTTPField] {
        var out: [HTTPField] = []
        out.reserveCapacity(6)
        if let limit = snapshot.requestLimit, let remaining = snapshot.requestsRemaining {
            appendBucket(&out, names: names(tokens: false, wire: wire), limit: limit, remaining: remaining, reset: snapshot.requestsReset, wire: wire)
        }
        if let limit = snapshot.tokenLimit, let remaining = snapshot.tokensRemaining {
            appendBucket(&out, names: names(tokens: true, wire: wire), limit: limit, remaining: remaining, reset: snapshot.tokensReset, wire: wire)
        }
        return out
    }

    /// The limit, remaining and reset header names of one bucket, in each wire's spelling (checked
    /// once, not per request).
    private static let anthropicRequests = bucketNames(anthropic: true, unit: "requests")
    private static let anthropicTokens = bucketNames(anthropic: true, unit: "tokens")
    private static let openAIRequests = bucketNames(anthropic: false, unit: "requests")
    private static let openAITokens = bucketNames(anthropic: false, unit: "tokens")

    private typealias BucketNames = (limit: HTTPField.Name?, remaining: HTTPField.Name?, reset: HTTPField.Name?)

    private static func names(tokens: Bool, wire: Wire) -> BucketNames {
        switch (tokens, wire == .anthropic) {
        case (false, true): anthropicRequests
        case (true, true): anthropicTokens
        case (false, false): openAIRequests
        case (true, false): openAITokens
        }
    }

    private static func bucketNames(anthropic: Bool, unit: String) -> BucketNames {
        anthropic
            ? (HTTPField.Name("anthropic-ratelimit-\(unit)-limit"), HTTPField.Name("anthropic-ratelimit-\(unit)-remaining"),
                HTTPField.Name("anthropic-ratelimit-\(unit)-reset"))
            : (HTTPField.Name("x-ratelimit-limit-\(unit)"), HTTPField.Name("x-ratelimit-remaining-\(unit)"), HTTPField.Name("x-ratelimit-reset-\(unit)"))
    }

    /// One bucket's headers: Anthropic gives the reset as a time, OpenAI as a duration (`12s`).
    private static func appendBucket(
        _ out: inout [HTTPField], names: BucketNames, limit: Int, remaining: Int, reset: Double?, wire: Wire
    ) {
        guard let limitName = names.limit, let remainingName = names.remaining, let resetName = names.reset else { return }
        let seconds = Swift.max(0, Int((reset ?? 0).rounded(.up)))
        out.append(HTTPField(name: limitName, value: String(limit)))
        out.append(HTTPField(name: remainingName, value: String(remaining)))
        let resetValue = wire == .anthropic ? Timestamp.format(seconds: BudgetPeriod.nowSeconds() + seconds, milliseconds: 0) : String(seconds) + "s"
        out.append(HTTPField(name: resetName, value: resetValue))
    }

    /// 429 for a budget ceiling, naming the scope, the period and when it resets.
    static func overBudget(_ refusal: PolicyEngine.BudgetRefusal, wire: Wire) -> Refusal {
        let period = ["day": "daily", "month": "monthly", "total": "total"][refusal.period.rawValue] ?? refusal.period.rawValue
        var headers: [HTTPField] = []
        let when: String
        if let reset = refusal.resetsAt {
            let stamp = Timestamp.format(seconds: reset, milliseconds: 0)
            when = "it resets at \(stamp)"
            headers.append(HTTPField(name: .retryAfter, value: String(Swift.max(1, reset - BudgetPeriod.nowSeconds()))))
        } else {
            when = "a total budget does not reset; an admin can raise it"
        }
        return Refusal(
            status: 429, outcome: .overBudget,
            message: "srooter: the \(period) budget of \(refusal.scope) (\(dollars(refusal.limitUSD))) has no room for this request (\(dollars(refusal.spentUSD)) spent); \(when)",
            headers: headers)
    }

    static func dollars(_ amount: Double) -> String {
        let cents = Int((amount * 100).rounded())
        let rest = cents % 100
        return "$\(cents / 100).\(rest < 10 ? "0" : "")\(rest)"
    }
}
