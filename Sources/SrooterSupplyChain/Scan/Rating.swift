/// The severity reported for an advisory, and where it came from.
///
/// In order of preference: a CVSS v3.x vector (base score computed here), a CVSS v4 vector
/// (severity as the database states it: v4 scores are not computed), the database's own
/// severity word, else ``Severity/unknown``.
public struct Rating: Sendable, Equatable {
    /// How the severity was obtained (the CycloneDX `ratings[].method` names).
    public enum Method: String, Sendable {
        case cvssV31 = "CVSSv31"
        case cvssV3 = "CVSSv3"
        case cvssV4 = "CVSSv4"
        case other
    }

    public let severity: Severity
    public let score: Double?
    public let vector: String?
    public let method: Method?
    /// The advisory the rating was taken from.
    public let source: String

    public init(severity: Severity, score: Double?, vector: String?, method: Method?, source: String) {
        self.severity = severity
        self.score = score
        self.vector = vector
        self.method = method
        self.source = source
    }

    /// The rating of one advisory.
    public init(_ advisory: OSVAdvisory) {
        let stated = [advisory.databaseSeverity].compactMap { $0 } + advisory.affected.compactMap(\.entrySeverity)
        let statedSeverity = stated.lazy.compactMap(Severity.init(databaseWord:)).first
        if let cvss = advisory.severity.lazy.filter({ $0.type == "CVSS_V3" }).compactMap({ CVSSv3($0.score) }).first {
            self.init(
                severity: cvss.severity, score: cvss.baseScore, vector: cvss.vector,
                method: cvss.version == "3.1" ? .cvssV31 : .cvssV3, source: advisory.id)
        } else if let v4 = advisory.severity.first(where: { $0.type == "CVSS_V4" }) {
            self.init(severity: statedSeverity ?? .unknown, score: nil, vector: v4.score, method: .cvssV4, source: advisory.id)
        } else if let statedSeverity {
            self.init(severity: statedSeverity, score: nil, vector: nil, method: .other, source: advisory.id)
        } else {
            self.init(severity: .unknown, score: nil, vector: nil, method: nil, source: advisory.id)
        }
    }

    /// Whether this rating should be preferred over `other` for a merged vulnerability: the
    /// higher severity, then a computed score over a stated one.
    func outranks(_ other: Rating) -> Bool {
        if severity != other.severity { return severity > other.severity }
        return (score ?? -1) > (other.score ?? -1)
    }
}
