/// One vulnerability in one component, with the advisories that describe it merged by alias.
public struct Finding: Sendable {
    /// The id reported: a CVE id when any merged advisory has one, else the smallest record id.
    public let id: String
    /// Every other id of the vulnerability (record ids and their aliases).
    public let aliases: [String]
    /// The advisory records merged into this finding.
    public let records: [String]
    public let component: ScannedComponent
    /// Versions that fix it, as the advisories state them (empty when none is known).
    public let fixed: [String]
    public let rating: Rating
    public let summary: String?
    /// The VEX statement about it: the suppressing one for a suppressed finding; for a
    /// reported finding, a non-suppressing one (`exploitable`, `in_triage`). Expired statements
    /// are not attached: they only produce a warning.
    public let statement: VEXStatement?

    public init(
        id: String, aliases: [String], records: [String], component: ScannedComponent, fixed: [String], rating: Rating,
        summary: String?, statement: VEXStatement?
    ) {
        self.id = id
        self.aliases = aliases
        self.records = records
        self.component = component
        self.fixed = fixed
        self.rating = rating
        self.summary = summary
        self.statement = statement
    }

    /// The finding with a VEX statement attached.
    func with(_ statement: VEXStatement?) -> Finding {
        Finding(
            id: id, aliases: aliases, records: records, component: component, fixed: fixed, rating: rating, summary: summary,
            statement: statement)
    }
}

/// What a scan found.
public struct ScanReport: Sendable {
    /// Findings still standing, most severe first.
    public var findings: [Finding] = []
    /// Findings a VEX statement suppressed.
    public var suppressed: [Finding] = []
    /// Things the user should know (skipped advisories, unmatched components, expired VEX).
    public var warnings: [String] = []
    public var componentsScanned = 0
    /// Advisories in the index (those that could concern the SBOM, when the loader filtered).
    public var advisoriesLoaded = 0
    /// Advisory files read in all, when the caller knows (0: not reported).
    public var advisoryFilesRead = 0
    /// Advisory files that were not valid OSV and were skipped (only with `--skip-invalid`).
    public var skippedAdvisoryFiles = 0

    public init() {}

    /// The findings that fail a scan at `threshold`.
    public func failing(at threshold: Severity) -> [Finding] {
        findings.filter { $0.rating.severity.fails(threshold: threshold) }
    }
}
