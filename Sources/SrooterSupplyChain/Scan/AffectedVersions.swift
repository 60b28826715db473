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
        if let version, !entry.versions.isEmpty {
            let parsed = ecosystemScheme?.parse(version)
            if entry.versions.contains(where: { listed in
                listed == version || (parsed.flatMap { p in ecosystemScheme?.parse(listed).map { $0.compare(p) } } == 0)
            }) {
                outcome.affected = true
            }
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
        guard let installed = scheme.parse(version) else {
            return .failure("installed version \(version) is not a \(scheme.rawValue) version")
        }
        struct Point {
            let event: OSVEvent
            /// nil for `introduced: "0"`, which sorts before every version.
            let version: ParsedVersion?
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
            if event == .introduced("0") {
                points.append(Point(event: event, version: nil))
            } else if let parsed = scheme.parse(event.version) {
                points.append(Point(event: event, version: parsed))
            } else {
                return .failure("event version \(event.version) is not a \(scheme.rawValue) version")
            }
        }
        points.sort { a, b in
            switch (a.version, b.version) {
            case (nil, nil): return a.order < b.order
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?):
                let order = x.compare(y)
                return order != 0 ? order < 0 : a.order < b.order
            }
        }
        /// installed compared with the point's version ("0" is below everything).
        func cmp(_ point: Point) -> Int { point.version.map { installed.compare($0) } ?? 1 }
        var affected = false
        for point in points {
            switch point.event {
            case .introduced: if cmp(point) >= 0 { affected = true }
            case .fixed: if cmp(point) >= 0 { affected = false }
            case .lastAffected: if cmp(point) > 0 { affected = false }
            case .limit: break
            }
        }
        // A limit caps the whole range, whatever events follow it.
        for point in points {
            if case .limit = point.event, cmp(point) >= 0 { affected = false }
        }
        guard affected else { return .success(nil) }
        let fixed = points.first { point in
            if case .fixed = point.event { return cmp(point) < 0 }
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
