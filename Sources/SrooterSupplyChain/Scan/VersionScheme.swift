/// How versions of one ecosystem are ordered.
public enum VersionScheme: String, Sendable, Equatable {
    /// Semantic Versioning 2.0 precedence (Swift packages, OSV `SEMVER` ranges).
    case semver
    /// dpkg ordering (Debian packages).
    case dpkg

    /// The scheme OSV `ECOSYSTEM` ranges use for an ecosystem (`SwiftURL`, `Debian:12`); nil
    /// when srooter cannot order that ecosystem's versions.
    public init?(ecosystem: String) {
        if ecosystem == "SwiftURL" || ecosystem == "purl-type:swift" {
            self = .semver
        } else if ecosystem == "Debian" || ecosystem.hasPrefix("Debian:") {
            self = .dpkg
        } else {
            return nil
        }
    }

    /// Compares two version strings: -1, 0 or 1, or nil when either does not parse.
    public func compare(_ lhs: String, _ rhs: String) -> Int? {
        switch self {
        case .semver:
            guard let a = SemanticVersion(lhs), let b = SemanticVersion(rhs) else { return nil }
            return SemanticVersion.compare(a, b)
        case .dpkg:
            guard let a = DebianVersion(lhs), let b = DebianVersion(rhs) else { return nil }
            return DebianVersion.compare(a, b)
        }
    }

    /// Parses once, for comparing many times.
    public func parse(_ text: String) -> ParsedVersion? {
        switch self {
        case .semver: SemanticVersion(text).map(ParsedVersion.semver)
        case .dpkg: DebianVersion(text).map(ParsedVersion.dpkg)
        }
    }

    /// Whether `text` parses as a version of this scheme.
    public func parses(_ text: String) -> Bool {
        switch self {
        case .semver: SemanticVersion(text) != nil
        case .dpkg: DebianVersion(text) != nil
        }
    }
}

/// A version parsed under one scheme.
public enum ParsedVersion: Sendable {
    case semver(SemanticVersion)
    case dpkg(DebianVersion)

    /// -1, 0 or 1; versions of different schemes compare equal (callers never mix them).
    public func compare(_ other: ParsedVersion) -> Int {
        switch (self, other) {
        case (.semver(let a), .semver(let b)): SemanticVersion.compare(a, b)
        case (.dpkg(let a), .dpkg(let b)): DebianVersion.compare(a, b)
        default: 0
        }
    }
}
