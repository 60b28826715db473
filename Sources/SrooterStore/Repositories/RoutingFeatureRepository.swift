/// The routing features of requests served through a trivial or learned route, stored so that
/// `srooter router train --from-audit` can join them with the audit trail's outcomes, and the
/// feedback clients post about them (`POST /v1/srooter/feedback`). Counts and flags only, never
/// text. Implemented by `Store` (SQLite); written only by the gateway's finish stage (features)
/// and its feedback endpoint (scores), read by the CLI.
public protocol RoutingFeatureRepository: Sendable {
    /// Stores `rows` in one transaction, then deletes the oldest rows past `keepingAtMost`.
    func saveRoutingFeatures(_ rows: [RoutingFeatureRow], keepingAtMost cap: Int) async throws(StoreError)
    /// Sets the feedback of the request `requestID` if it was made in `scope` (the latest score
    /// wins); false, changing nothing, when there is no such request in that scope.
    func setRoutingFeedback(requestID: String, scope: String, feedback: RoutingFeedback) async throws(StoreError) -> Bool
    /// Every stored row at or after `since` (nil: all), oldest first, with its feedback.
    func routingFeatures(since: String?) async throws(StoreError) -> [RoutingFeatureRow]
    /// Deletes the rows older than `cutoff` (an RFC 3339 timestamp); returns how many.
    func pruneRoutingFeatures(olderThan cutoff: String) async throws(StoreError) -> Int
}

/// One request's routing features as stored.
public struct RoutingFeatureRow: Sendable, Equatable {
    public var requestID: String
    /// Whose request it was, for the feedback check: `org:NAME`, or `user:NAME` for a user in no org.
    public var scope: String
    public var timestamp: String
    /// The route asked for.
    public var route: String
    /// The hash of the conversation's first messages (`RequestFeatures.sessionKey`), if any.
    public var sessionKey: String?
    /// The features as a JSON object with `LabelledSamples`' member names (counts and flags).
    public var features: String
    public var feedback: RoutingFeedback?

    public init(requestID: String, scope: String, timestamp: String, route: String, sessionKey: String?, features: String,
                feedback: RoutingFeedback? = nil) {
        self.requestID = requestID
        self.scope = scope
        self.timestamp = timestamp
        self.route = route
        self.sessionKey = sessionKey
        self.features = features
        self.feedback = feedback
    }
}

/// A score posted about a request's answer.
public struct RoutingFeedback: Sendable, Equatable {
    /// From -1 (the answer was unusable) to 1 (it was right).
    public var score: Double
    public var timestamp: String
    /// Who posted it.
    public var user: String

    public init(score: Double, timestamp: String, user: String) {
        self.score = score
        self.timestamp = timestamp
        self.user = user
    }
}
