import ArgumentParser
import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// `srooter scan --sbom FILE --db PATH...`
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan an SBOM for known vulnerabilities against offline OSV databases, applying VEX.",
        discussion: """
            Each --db is a folder of OSV JSON files, an OSV all.zip export (read in place, never \
            unpacked), or one JSON file. Swift components match ecosystem SwiftURL by repository URL \
            with SemVer ordering; Debian components match Debian:N by source package with dpkg \
            ordering. Advisories that are aliases of one another are reported once. An advisory file \
            that is not valid OSV fails the scan (exit 2, naming the files): a scan that could not \
            read every advisory cannot say there are no vulnerabilities. --skip-invalid skips them \
            instead, with a warning each and the count in the report.

            --vex applies CycloneDX VEX statements: not_affected, false_positive and resolved \
            suppress a finding (listed separately with the justification) until the date in the \
            statement's srooter:vex:expires property, if any.

            Exit codes: 0 when nothing at or above --fail-on remains, 1 when something does, 2 when \
            an input is unusable. Severity order: critical > high > medium > low > unknown; \
            --fail-on none never fails.

            Example:
              srooter scan --sbom sbom/srooter.cdx.json --db scan-db/SwiftURL.zip --db scan-db/Debian.zip
              srooter scan --sbom app.cdx.json --db osv/ --vex vex.cdx.json --fail-on medium --format cyclonedx
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, cyclonedx
    }

    @Option(help: "The CycloneDX JSON SBOM to scan.")
    var sbom: String

    @Option(help: "An OSV database: a folder of JSON files or an all.zip export (repeatable).")
    var db: [String]

    @Option(help: "A CycloneDX VEX document to apply.")
    var vex: String?

    @Option(help: "Fail (exit 1) on findings at or above: critical, high, medium, low, unknown, none.")
    var failOn: Severity = .high

    @Option(help: "Output format: text, json or cyclonedx.")
    var format: Format = .text

    @Flag(help: "Skip advisory files that are not valid OSV (named on stderr, counted in the report) instead of failing.")
    var skipInvalid = false

    @Flag(help: .hidden)
    var timings = false

    func validate() throws {
        if db.isEmpty { throw ValidationError("give at least one --db (a folder of OSV JSON files or an all.zip export)") }
    }

    func run() throws {
        var failing = 0
        try reportingFailures {
            let started = Clock.now
            let sbomFile = try ScannedComponent.load(sbom: sbom)
            let vexDocument = try vex.map { (path) throws(ScanError) in try VEXDocument.load(path: path, sbom: sbomFile) }
            let loadStart = Clock.now
            let database = try AdvisoryDatabase.load(db, for: sbomFile.components)
            if !skipInvalid, !database.malformed.isEmpty {
                throw UsageError(description: Self.invalidSummary(database) + "; fix or remove them, or pass --skip-invalid")
            }
            let indexStart = Clock.now
            let index = AdvisoryIndex(database.advisories)
            let scanStart = Clock.now
            let now = Int64(time(nil))
            var report = Scanner(index: index, vex: vexDocument, now: now).scan(sbomFile.components)
            let scanEnd = Clock.now

            report.warnings = Self.databaseWarnings(database) + report.warnings
            report.advisoryFilesRead = database.fileCount
            report.skippedAdvisoryFiles = database.malformed.count
            var stderr = StandardError()
            for warning in report.warnings { print("srooter: warning: \(Self.oneLine(warning))", to: &stderr) }
            switch format {
            case .text: print(report.text(failOn: failOn), terminator: "")
            case .json: print(report.json(failOn: failOn), terminator: "")
            case .cyclonedx: print(report.cycloneDX(sbom: sbomFile, now: now), terminator: "")
            }
            if timings {
                print(
                    "srooter: timings: sbom+vex \(loadStart - started) ms, load \(database.fileCount) advisory files "
                        + "(\(database.advisories.count) decoded as relevant) \(indexStart - loadStart) ms, index build \(scanStart - indexStart) ms "
                        + "(\(index.packageCount) packages), match \(scanEnd - scanStart) ms", to: &stderr)
            }
            failing = report.failing(at: failOn).count
        }
        if failing > 0 { throw ExitCode(1) }
    }

    /// Skipped advisories: each file named (the first 20), then how many in all.
    static func databaseWarnings(_ database: AdvisoryDatabase) -> [String] {
        guard !database.malformed.isEmpty else { return [] }
        var lines = database.malformed.prefix(20).map { "skipped malformed advisory \($0.file): \($0.reason)" }
        if database.malformed.count > 20 { lines.append("... and \(database.malformed.count - 20) more malformed advisories") }
        lines.append("\(database.malformed.count) of \(database.fileCount) advisory files were malformed and skipped")
        return lines
    }

    /// One line naming the invalid advisory files (the first five) and how many there are.
    static func invalidSummary(_ database: AdvisoryDatabase) -> String {
        let named = database.malformed.prefix(5).map { "\($0.file) (\($0.reason))" }.joined(separator: ", ")
        let more = database.malformed.count > 5 ? ", and \(database.malformed.count - 5) more" : ""
        return oneLine("\(database.malformed.count) of \(database.fileCount) advisory files are not valid OSV: \(named)\(more)")
    }

    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}

extension Severity: ExpressibleByArgument {}

/// Milliseconds from a monotonic clock.
private enum Clock {
    static var now: Int {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return spec.tv_sec * 1000 + spec.tv_nsec / 1_000_000
    }
}
