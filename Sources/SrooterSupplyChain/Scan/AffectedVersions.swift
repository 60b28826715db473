/// Decides whether one installed version (or revision) falls inside an OSV `affected[]` entry:
/// pure logic over strings, no I/O.
///
/// - `versions[]`: an exact listed version (equal by the ecosystem's ordering, so `1.20` matches
///   `1.20.0`) is affected.
/// - `SEMVER` and `ECOSYSTEM` ranges: events are sorted by version (`introduced: "0"` first) and
///   walked in order; `introduced` (v ≥ x) sets affected, `fixed` (v ≥ x) and `last_affected`
///   (v > x) clear it, and a `limit` (v ≥ x) excludes everything from there on.
/// - `GIT` ranges cannot be ordered without the repository's history, so they match only an
///   installed revision equal to one of the commits listed as `introduced` or `last_affected`.
public struct AffectedVersions: Sendable {
    /// The result for one installed version.
    public struct Outcome: Sendable, Equatable {
        public var affected: Bool
        /// The `fixed` versions that close the affected ranges holding the installed version.
        public var fixed: [String]
        /// Why some ranges could not be evaluated (unparseable versions, unknown range types).
        public var problems: [String]
    }

    public let entry: OSVAffected
    /// The ordering `ECOSYSTEM` ranges use; nil when the ecosystem cannot be ordered.
    public let ecosystemScheme: VersionScheme?

    public init(_ entry: OSVAffected, ecosystemScheme: VersionScheme?) {
        self.entry = entry
        self.ecosystemScheme = ecosystemScheme
    }

    /// Evaluates `version` (and `revision`, for `GIT` ranges).
    public func evaluate(version: String?, revision: String?) -> Outcome {
        var outcome = Outcome(affected: false, fixed: [], problems: [])
        if let version, entry.versions.contains(where: { listed in
            listed == version || ecosystemScheme.flatMap { $0.compare(listed, version) } == 0
        }) {
            outcome.affected = true
        }
        for range in entry.ranges {
            switch range.kind {
            case .git:
                if let revision, Self.gitMatches(range, revision: revision) {
                    outcome.affected = true
                    outcome.fixed += range.events.compactMap { if case .fixed(let commit) = $0 { commit } else { nil } }
                }
            case .semver, .ecosystem:
                guard let version else { continue }
                guard let scheme = range.kind == .semver ? .semver : ecosystemScheme else {
                    outcome.problems.append("cannot order versions of ecosystem \(entry.ecosystem)")
                    continue
                }
                switch Self.evaluate(range, version: version, scheme: scheme) {
                case .failure(let problem): outcome.problems.append(problem)
                case .success(let result):
                    if let result {
                        outcome.affected = true
                        if let fixed = result { outcome.fixed.append(fixed) }
                    }
                }
            case nil:
                outcome.problems.append("unknown range type \(range.type)")
            }
        }
        var seen = Set<String>()
        outcome.fixed = outcome.fixed.filter { seen.insert($0).inserted }
        return outcome
    }

    private enum RangeResult {
        case success(String??)
        case failure(String)
    }

    /// `.success(nil)`: not affected; `.success(.some(fixed))`: affected, with the fixing
    /// version when there is one.
    private static func evaluate(_ range: OSVRange, version: String, scheme: VersionScheme) -> RangeResult {
        guard scheme.parses(version) else { return .failure("installed version \(version) is not a \(scheme.rawValue) version") }
        struct Point {
            let event: OSVEvent
            let isZero: Bool
            var order: Int {
                switch event {
                case .introduced: 0
                case .lastAffected: 1
                case .fixed: 2
                case .limit: 3
                }
            }
        }
        var points: [Point] = []
        for event in range.events {
            let isZero = event == .introduced("0")
            if !isZero, !scheme.parses(event.version) {
                return .failure("event version \(event.version) is not a \(scheme.rawValue) version")
            }
            points.append(Point(event: event, isZero: isZero))
        }
        // Versions parsed above, so compare() cannot fail here; treat a failure as equality.
        func cmp(_ a: String, _ b: String) -> Int { scheme.compare(a, b) ?? 0 }
        points.sort { a, b in
            if a.isZero != b.isZero { return a.isZero }
            if !a.isZero {
                let order = cmp(a.event.version, b.event.version)
                if order != 0 { return order < 0 }
            }
            return a.order < b.order
        }
        var affected = false
        for point in points {
            switch point.event {
            case .introduced(let x): if point.isZero || cmp(version, x) >= 0 { affected = true }
            case .fixed(let x): if cmp(version, x) >= 0 { affected = false }
            case .lastAffected(let x): if cmp(version, x) > 0 { affected = false }
            case .limit: break
            }
        }
        // A limit caps the whole range, whatever events follow it.
        for point in points {
            if case .limit(let x) = point.event, cmp(version, x) >= 0 { affected = false }
        }
        guard affected else { return .success(nil) }
        let fixed = points.first { point in
            if case .fixed(let x) = point.event { return cmp(x, version) > 0 }
            return false
        }
        return .success(.some(fixed?.event.version))
    }

    private static func gitMatches(_ range: OSVRange, revision: String) -> Bool {
        let wanted = revision.lowercased()
        return range.events.contains { event in
            switch event {
            case .introduced(let commit), .lastAffected(let commit): commit != "0" && commit.lowercased() == wanted
            case .fixed, .limit: false
            }
        }
    }
}
