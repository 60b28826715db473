/// Which failures of one candidate the next is tried after, while nothing has reached the client.
public enum RetryRule {
    /// Statuses that mean "this provider, now" rather than "this request": 429 (rate limited),
    /// any 5xx, Anthropic's 529 (overloaded). A 4xx other than 429 is the request's fault and
    /// goes to the client.
    public static func retries(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// A `retry-after` header in seconds (the delta form; an HTTP date is not honoured: nil).
    public static func retryAfterSeconds(_ value: String) -> Double? {
        let trimmed = value.filter { $0 != " " && $0 != "\t" }
        guard !trimmed.isEmpty, trimmed.utf8.count <= 12, let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 else { return nil }
        return seconds
    }
}
