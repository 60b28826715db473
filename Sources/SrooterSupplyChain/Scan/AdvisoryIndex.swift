/// Advisories keyed by (ecosystem, package name), so a scan looks up each component's few
/// candidate advisories instead of walking the whole database.
///
/// Swift package names are normalised (lower case, no scheme, no `.git`) on both sides.
public struct AdvisoryIndex: Sendable {
    /// One candidate: an advisory and the `affected[]` entry that names the package.
    public struct Candidate: Sendable {
        public let advisory: Int
        public let entry: Int
    }

    public let advisories: [OSVAdvisory]
    private var entries: [ScannedComponent.PackageKey: [Candidate]] = [:]

    /// Builds the index over `advisories` (withdrawn ones are skipped).
    public init(_ advisories: [OSVAdvisory]) {
        self.advisories = advisories
        entries.reserveCapacity(advisories.count)
        for (index, advisory) in advisories.enumerated() where !advisory.isWithdrawn {
            for (position, affected) in advisory.affected.enumerated() {
                let ecosystem = PackageNames.ecosystem(affected.ecosystem)
                let key = ScannedComponent.PackageKey(
                    ecosystem: ecosystem, name: PackageNames.normalized(affected.name, ecosystem: ecosystem))
                entries[key, default: []].append(Candidate(advisory: index, entry: position))
            }
        }
    }

    /// The number of distinct packages with advisories.
    public var packageCount: Int { entries.count }

    /// The candidates for one package.
    public func candidates(for key: ScannedComponent.PackageKey) -> [Candidate] {
        entries[ScannedComponent.PackageKey(ecosystem: key.ecosystem, name: PackageNames.normalized(key.name, ecosystem: key.ecosystem))] ?? []
    }
}
