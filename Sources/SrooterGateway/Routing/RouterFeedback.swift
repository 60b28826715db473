/// A router that learns from how requests ended.
protocol OutcomeLearner: Sendable {
    /// A request of the conversation `sessionKey` ended, well or not.
    func learn(sessionKey: String, failed: Bool)
}

/// The finish stage's router-feedback sink: each routed request's outcome goes to the router's
/// session outcomes (the learned routes' "session's earlier outcomes" feature). A failure is the
/// provider's error, a timeout or a stream cut short; what the client or the policy did is not.
struct RouterFeedback: OutcomeSink {
    let learner: any OutcomeLearner

    func observe(_ outcome: RequestOutcome) {
        guard let key = outcome.route?.sessionKey else { return }
        learner.learn(sessionKey: key, failed: [.upstreamError, .timeout, .incomplete].contains(outcome.outcome))
    }
}
