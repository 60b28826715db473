/// Matches SBOM components against an advisory index, merges advisories that are aliases of
/// one another into one vulnerability, and applies VEX statements. Pure: no I/O, and the
/// current time is a parameter.
public struct Scanner: Sendable {
    public let index: AdvisoryIndex
    public let vex: VEXDocument?
    /// Unix seconds, for VEX expiries.
    public let now: Int64

    public init(index: AdvisoryIndex, vex: VEXDocument? = nil, now: Int64) {
        self.index = index
        self.vex = vex
        self.now = now
    }

    private struct Match {
        let component: Int
        let advisory: Int
        let fixed: [String]
    }

    /// Scans `components`.
    public func scan(_ components: [ScannedComponent]) -> ScanReport {
        var report = ScanReport()
        report.componentsScanned = components.count
        report.advisoriesLoaded = index.advisories.count
        var matches: [Match] = []
        var problems: [String] = []
        var unmatched: [String] = []
        for (position, component) in components.enumerated() {
            guard let key = component.package else {
                unmatched.append(component.ref)
                continue
            }
            if component.version == nil, component.revision == nil {
                report.warnings.append("\(component.ref): no version or revision; not scanned")
                continue
            }
            for candidate in index.candidates(for: key) {
                let advisory = index.advisories[candidate.advisory]
                let entry = advisory.affected[candidate.entry]
                let outcome = AffectedVersions(entry, ecosystemScheme: VersionScheme(ecosystem: entry.ecosystem))
                    .evaluate(version: component.version, revision: component.revision)
                problems += outcome.problems.map { "\(advisory.id) (\(component.ref)): \($0); range skipped" }
                if outcome.affected { matches.append(Match(component: position, advisory: candidate.advisory, fixed: outcome.fixed)) }
            }
        }
        if !unmatched.isEmpty {
            report.warnings.append(
                "\(unmatched.count) component(s) have no Swift or Debian purl and were not matched (first: \(unmatched[0]))")
        }
        report.warnings += Self.deduplicated(problems)

        var groups = AliasGroups(matches.map { index.advisories[$0.advisory] }, indices: matches.map(\.advisory))
        // (group, component) → fixed versions; ordered by first appearance for stable output.
        var byFinding: [FindingKey: [String]] = [:]
        var order: [FindingKey] = []
        for match in matches {
            let key = FindingKey(group: groups.group(of: match.advisory), component: match.component)
            if byFinding[key] == nil { order.append(key) }
            byFinding[key, default: []] += match.fixed
        }
        let members = groups.all()
        for key in order {
            let group = members[key.group] ?? []
            let advisories = group.map { index.advisories[$0] }
            let component = components[key.component]
            let ids = AliasGroups.identity(of: advisories)
            guard let first = advisories.first else { continue }
            var rating = Rating(first)
            for advisory in advisories.dropFirst() {
                let next = Rating(advisory)
                if next.outranks(rating) { rating = next }
            }
            let scheme = component.package.flatMap { VersionScheme(ecosystem: $0.ecosystem) }
            var fixed = Array(Set(byFinding[key] ?? []))
            fixed.sort { a, b in scheme?.compare(a, b).map { $0 < 0 } ?? (a < b) }
            let finding = Finding(
                id: ids.id, aliases: ids.aliases, records: advisories.map { $0.id }.sorted(), component: component, fixed: fixed,
                rating: rating, summary: advisories.lazy.compactMap { $0.summary }.first, statement: nil)
            apply(vex: finding, to: &report)
        }
        report.findings.sort(by: Self.reportOrder)
        report.suppressed.sort(by: Self.reportOrder)
        return report
    }

    private struct FindingKey: Hashable {
        let group: Int
        let component: Int
    }

    private func apply(vex finding: Finding, to report: inout ScanReport) {
        guard let statement = vex?.statement(forAnyOf: [finding.id] + finding.aliases, ref: finding.component.ref) else {
            report.findings.append(finding)
            return
        }
        if statement.state.suppresses, !statement.isExpired(at: now) {
            report.suppressed.append(finding.with(statement))
            return
        }
        if statement.isExpired(at: now) {
            report.warnings.append(
                "VEX statement for \(statement.id) on \(finding.component.ref) expired on \(statement.expires ?? "?"); reported again")
            report.findings.append(finding)
            return
        }
        report.findings.append(finding.with(statement))
    }

    /// Most severe first, then by id and component.
    static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.rating.severity != b.rating.severity { return a.rating.severity > b.rating.severity }
        if a.id != b.id { return a.id < b.id }
        return a.component.ref < b.component.ref
    }

    /// Collapses repeated problems, keeping the first 20 and a count of the rest.
    private static func deduplicated(_ problems: [String]) -> [String] {
        var seen = Set<String>()
        let unique = problems.filter { seen.insert($0).inserted }
        guard unique.count > 20 else { return unique }
        return Array(unique.prefix(20)) + ["... and \(unique.count - 20) more ranges that could not be evaluated"]
    }
}
