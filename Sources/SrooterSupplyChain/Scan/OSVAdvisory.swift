/// One OSV advisory (https://ossf.github.io/osv-schema/), reduced to what scanning needs.
///
/// Decoding is tolerant: unknown fields are ignored, and fields whose content has an unexpected
/// shape inside free-form objects (`database_specific`, `ecosystem_specific`) are skipped rather
/// than failing the record. A record without `id` or with a malformed `affected` list fails.
public struct OSVAdvisory: Decodable, Sendable {
    public let id: String
    public let modified: String?
    /// When set, the advisory was withdrawn and must not be reported.
    public let withdrawn: String?
    /// Other ids for the same vulnerability (`CVE-...`, `GHSA-...`).
    public let aliases: [String]
    /// Ids this advisory is about but not identical to (Debian's DSAs list their CVEs here).
    public let upstream: [String]
    public let summary: String?
    public let severity: [OSVSeverity]
    public let affected: [OSVAffected]
    /// `database_specific.severity`, when it is a string.
    public let databaseSeverity: String?

    enum CodingKeys: String, CodingKey {
        case id, modified, withdrawn, aliases, upstream, summary, severity, affected
        case databaseSpecific = "database_specific"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        modified = try? container.decodeIfPresent(String.self, forKey: .modified)
        withdrawn = try? container.decodeIfPresent(String.self, forKey: .withdrawn)
        aliases = (try? container.decodeIfPresent([String].self, forKey: .aliases)) ?? []
        upstream = (try? container.decodeIfPresent([String].self, forKey: .upstream)) ?? []
        summary = try? container.decodeIfPresent(String.self, forKey: .summary)
        severity = (try? container.decodeIfPresent([OSVSeverity].self, forKey: .severity)) ?? []
        affected = try container.decodeIfPresent([OSVAffected].self, forKey: .affected) ?? []
        databaseSeverity = (try? container.decodeIfPresent(FreeFormSeverity.self, forKey: .databaseSpecific))?.severity
    }

    /// Whether the record has been withdrawn.
    public var isWithdrawn: Bool { withdrawn.map { !$0.isEmpty } ?? false }
}

/// One `severity[]` entry: `type` (`CVSS_V3`, `CVSS_V4`, ...) and `score` (the vector).
public struct OSVSeverity: Decodable, Sendable, Hashable {
    public let type: String
    public let score: String
}

/// One `affected[]` entry: a package and the versions of it the advisory covers.
public struct OSVAffected: Decodable, Sendable {
    public let ecosystem: String
    public let name: String
    public let ranges: [OSVRange]
    public let versions: [String]
    /// `ecosystem_specific.severity` or `database_specific.severity` of this entry, when a string.
    public let entrySeverity: String?

    enum CodingKeys: String, CodingKey {
        case package, ranges, versions
        case ecosystemSpecific = "ecosystem_specific"
        case databaseSpecific = "database_specific"
    }

    struct Package: Decodable {
        let ecosystem: String
        let name: String
    }

    public init(ecosystem: String, name: String, ranges: [OSVRange], versions: [String] = [], entrySeverity: String? = nil) {
        self.ecosystem = ecosystem
        self.name = name
        self.ranges = ranges
        self.versions = versions
        self.entrySeverity = entrySeverity
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let package = try container.decode(Package.self, forKey: .package)
        ecosystem = package.ecosystem
        name = package.name
        ranges = try container.decodeIfPresent([OSVRange].self, forKey: .ranges) ?? []
        versions = try container.decodeIfPresent([String].self, forKey: .versions) ?? []
        entrySeverity = (try? container.decodeIfPresent(FreeFormSeverity.self, forKey: .ecosystemSpecific))?.severity
            ?? (try? container.decodeIfPresent(FreeFormSeverity.self, forKey: .databaseSpecific))?.severity
    }
}

/// One `ranges[]` entry: its type and its events.
public struct OSVRange: Decodable, Sendable {
    public enum Kind: String, Sendable {
        case semver = "SEMVER"
        case ecosystem = "ECOSYSTEM"
        case git = "GIT"
    }

    /// nil for a type srooter does not know (such a range is skipped).
    public let kind: Kind?
    public let type: String
    public let events: [OSVEvent]

    enum CodingKeys: String, CodingKey { case type, events }

    public init(_ kind: Kind, _ events: [OSVEvent]) {
        self.kind = kind
        self.type = kind.rawValue
        self.events = events
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        kind = Kind(rawValue: type)
        events = try container.decode([OSVEvent].self, forKey: .events)
    }
}

/// One range event; OSV allows exactly one of these keys per event object.
public enum OSVEvent: Decodable, Sendable, Equatable {
    case introduced(String)
    case fixed(String)
    case lastAffected(String)
    case limit(String)

    enum CodingKeys: String, CodingKey {
        case introduced, fixed, limit
        case lastAffected = "last_affected"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var found: [OSVEvent] = []
        if let value = try container.decodeIfPresent(String.self, forKey: .introduced) { found.append(.introduced(value)) }
        if let value = try container.decodeIfPresent(String.self, forKey: .fixed) { found.append(.fixed(value)) }
        if let value = try container.decodeIfPresent(String.self, forKey: .lastAffected) { found.append(.lastAffected(value)) }
        if let value = try container.decodeIfPresent(String.self, forKey: .limit) { found.append(.limit(value)) }
        guard found.count == 1, let event = found.first else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "an event needs exactly one of introduced, fixed, last_affected, limit"))
        }
        self = event
    }

    /// The version (or commit) the event names.
    public var version: String {
        switch self {
        case .introduced(let v), .fixed(let v), .lastAffected(let v), .limit(let v): v
        }
    }
}

/// Reads `severity` out of a free-form object when it is a string, ignoring everything else.
struct FreeFormSeverity: Decodable {
    let severity: String?

    enum CodingKeys: String, CodingKey { case severity }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        severity = try? container.decodeIfPresent(String.self, forKey: .severity)
    }
}
