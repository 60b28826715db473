/// A qualitative severity. `unknown` is its own level: an advisory with no usable rating.
///
/// Order for `--fail-on`: `critical > high > medium > low > unknown > none`. A threshold of
/// `unknown` therefore catches every finding with any rating or none, and `none` never fails.
public enum Severity: String, CaseIterable, Sendable, Comparable, Codable {
    case critical
    case high
    case medium
    case low
    case unknown
    case none

    /// Rank for comparisons: higher is more severe.
    public var rank: Int {
        switch self {
        case .critical: 5
        case .high: 4
        case .medium: 3
        case .low: 2
        case .unknown: 1
        case .none: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// The CVSS v3.x qualitative rating of a score: 0 none, 0.1–3.9 low, 4.0–6.9 medium,
    /// 7.0–8.9 high, 9.0–10.0 critical.
    public init(cvssScore score: Double) {
        switch score {
        case ..<0.05: self = .none
        case ..<3.95: self = .low
        case ..<6.95: self = .medium
        case ..<8.95: self = .high
        default: self = .critical
        }
    }

    /// A database's own word for severity (GitHub's `MODERATE`, Red Hat's `Important`, ...);
    /// nil when the word is not recognised.
    public init?(databaseWord word: String) {
        switch word.lowercased() {
        case "critical": self = .critical
        case "high", "important": self = .high
        case "medium", "moderate": self = .medium
        case "low", "negligible", "unimportant", "minor": self = .low
        case "none": self = .none
        default: return nil
        }
    }

    /// Whether a finding of this severity fails a scan whose threshold is `threshold`.
    public func fails(threshold: Severity) -> Bool {
        threshold != .none && self != .none && rank >= threshold.rank
    }
}
