/// What a request may cost before it is sent: input tokens counted locally times the input
/// price, plus the output the client allows (its max tokens) capped at the policy's
/// `estimate_output_tokens` (default 4096), times the output price.
///
/// Input tokens are counted as one token per 4 bytes of the request body (JSON punctuation
/// included, so it errs high, and cached input is priced as uncached). The output cap keeps
/// coding agents' large `max_tokens` (32k and more) from filling a budget while real spend is low;
/// the price of that is that a single request can overshoot a ceiling by at most its own cost
/// beyond the estimate.
public struct BudgetEstimate: Sendable, Equatable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var usd: Double

    /// - Parameters:
    ///   - bodyBytes: the request body's size.
    ///   - requestedOutput: the client's max output tokens, if it sent one.
    ///   - outputCap: the policy's `estimate_output_tokens`.
    ///   - inputPrice, outputPrice: US dollars per million tokens.
    public init(bodyBytes: Int, requestedOutput: Int?, outputCap: Int, inputPrice: Double, outputPrice: Double) {
        inputTokens = (bodyBytes + 3) / 4
        outputTokens = min(requestedOutput ?? outputCap, outputCap)
        usd = (Double(inputTokens) * inputPrice + Double(outputTokens) * outputPrice) / 1_000_000
    }

    /// Dollars to micro-dollars, rounded up (estimates) or to nearest (`up: false`, real costs).
    public static func micros(_ usd: Double, up: Bool) -> Int {
        let scaled = usd * 1_000_000
        return Int(up ? scaled.rounded(.up) : scaled.rounded())
    }
}
