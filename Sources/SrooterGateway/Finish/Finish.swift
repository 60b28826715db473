import SrooterStore

/// The finish stage: the one place a request's end is settled and recorded. Every request,
/// refused or served, reaches it exactly once (a stream before its final event goes out), and
/// delivers its ``RequestOutcome`` to the sinks in order: budget settlement, audit (the record
/// and the settled spend in one commit), metrics, router feedback, routing features.
struct Finish: Sendable {
    let settlement: BudgetSettlement
    let audit: AuditSink
    let metrics: any OutcomeSink
    let feedback: any OutcomeSink
    /// Stores trivial and learned routes' request features (``RoutingFeatureSink``).
    let features: any OutcomeSink

    init(audit: any AuditRecorder, metrics: any OutcomeSink = NoMetrics(), feedback: any OutcomeSink = NoRouterFeedback(),
         features: any OutcomeSink = NoMetrics()) {
        settlement = BudgetSettlement()
        self.audit = AuditSink(recorder: audit)
        self.metrics = metrics
        self.feedback = feedback
        self.features = features
    }

    /// Delivers `outcome`; returns once its record and spend are committed.
    func deliver(_ outcome: RequestOutcome) async {
        let spend = settlement.settle(outcome)
        await audit.record(outcome, spend: spend)
        metrics.observe(outcome)
        feedback.observe(outcome)
        features.observe(outcome)
    }
}

/// A sink that only observes outcomes (metrics, router feedback).
protocol OutcomeSink: Sendable {
    func observe(_ outcome: RequestOutcome)
}

/// Metrics: nothing yet (also the feature sink of a gateway that stores no features).
struct NoMetrics: OutcomeSink {
    func observe(_ outcome: RequestOutcome) {}
}

/// Router feedback: nothing yet (the only router, `direct`, learns nothing).
struct NoRouterFeedback: OutcomeSink {
    func observe(_ outcome: RequestOutcome) {}
}

/// Settles what the policy stage reserved: the budget to the real cost (0 releases it) and the
/// tokens-per-minute charge to the real token count. For a stream cut before the provider's
/// usage, the outcome's usage is `UsageCapture.charge`'s estimate (never below what was seen or
/// relayed), so a client that hangs up just before the usage frame is still charged for what it
/// received.
struct BudgetSettlement: Sendable {
    /// Settles `outcome`'s reservation; the spend to commit with its audit record.
    func settle(_ outcome: RequestOutcome) -> [SpendEntry] {
        guard let policy = outcome.trail.policy else { return [] }
        let usage = outcome.totalUsage
        policy.rate?.settle(actualTokens: usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens)
        return policy.ticket?.settle(costUSD: outcome.costUSD) ?? []
    }
}

/// Where audit records go: the group-commit ``AuditWriter`` (a test may capture them instead).
protocol AuditRecorder: Sendable {
    /// Returns once `record` and `spend` are committed.
    func write(_ record: AuditRecord, spend: [SpendEntry]) async
}

extension AuditWriter: AuditRecorder {}

/// Writes each request's audit record, with the spend the settlement returned, in one commit.
struct AuditSink: Sendable {
    let recorder: any AuditRecorder

    /// The record's note when a stream's usage is srooter's estimate, not the provider's.
    static let estimatedUsageNote = "usage estimated: the stream ended before the provider's usage"

    /// The routing of a request that ended before it was admitted and routed.
    static let unrouted = "none"

    func record(_ outcome: RequestOutcome, spend: [SpendEntry]) async {
        await recorder.write(Self.record(for: outcome), spend: spend)
    }

    /// The audit record of `outcome`.
    static func record(for outcome: RequestOutcome) -> AuditRecord {
        func ms(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
        let trail = outcome.trail
        let usage = outcome.totalUsage
        var record = AuditRecord(
            timestamp: trail.timestamp, requestID: trail.requestID, user: trail.principal?.user, keyID: trail.principal?.keyID,
            surface: trail.surface.rawValue, requestedModel: trail.requestedModel, servedModel: outcome.route?.upstreamModel,
            provider: outcome.route?.provider, routing: outcome.route?.kind.rawValue ?? unrouted,
            inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cacheReadTokens: usage.cacheReadTokens,
            cacheWriteTokens: usage.cacheWriteTokens, costUSD: outcome.costUSD,
            latencyMs: ms(outcome.end - trail.start), firstByteMs: outcome.firstByte.map { ms($0 - trail.start) }, status: outcome.status,
            outcome: outcome.outcome.rawValue, promptSHA256: trail.promptSHA256)
        let estimated = outcome.usageEstimated ? estimatedUsageNote : nil
        let council = trail.council.flatMap { ledger in outcome.route.map { ledger.note(chair: $0.model, usage: outcome.usage) } }
        let notes = [trail.policy?.note, routingNote(trail), council, outcome.translationNote, estimated].compactMap { $0 }
        record.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        return record
    }

    /// A route's decision and attempts, content-free: `route srooter/auto: trivial: score 7 ≥ 6`,
    /// then `attempts: claude-a 529, claude-b served (200)` when a fallback route tried more than one.
    static func routingNote(_ trail: Trail) -> String? {
        guard let route = trail.route, route.route != nil else { return nil }
        return trail.attempts.count > 1 ? route.reason + "; attempts: " + trail.attempts.joined(separator: ", ") : route.reason
    }
}
