#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ScanReport {
    /// The report as srooter's own JSON: `findings`, `suppressed`, `warnings` and `summary`.
    public func json(failOn threshold: Severity) -> String {
        let document = JSONReport(
            findings: findings.map(JSONFinding.init), suppressed: suppressed.map(JSONFinding.init), warnings: warnings,
            summary: .init(
                components: componentsScanned, advisories: advisoriesLoaded, advisoryFiles: advisoryFilesRead,
                skippedAdvisoryFiles: skippedAdvisoryFiles, findings: findings.count,
                suppressed: suppressed.count, failOn: threshold.rawValue, failing: failing(at: threshold).count))
        return Self.encode(document)
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every value here is a string, number or array of them: encoding cannot fail.
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

private struct JSONReport: Encodable {
    struct Summary: Encodable {
        let components: Int
        let advisories: Int
        let advisoryFiles: Int
        let skippedAdvisoryFiles: Int
        let findings: Int
        let suppressed: Int
        let failOn: String
        let failing: Int
    }

    let findings: [JSONFinding]
    let suppressed: [JSONFinding]
    let warnings: [String]
    let summary: Summary
}

private struct JSONFinding: Encodable {
    struct Component: Encodable {
        let ref: String
        let name: String
        let version: String?
        let purl: String?
        let ecosystem: String?
        let package: String?
    }

    struct Vex: Encodable {
        let state: String
        let justification: String?
        let detail: String?
        let expires: String?
    }

    let id: String
    let aliases: [String]
    let records: [String]
    let component: Component
    let fixed: [String]
    let severity: String
    let score: Double?
    let vector: String?
    let method: String?
    let summary: String?
    let vex: Vex?

    init(_ finding: Finding) {
        id = finding.id
        aliases = finding.aliases
        records = finding.records
        let c = finding.component
        component = Component(
            ref: c.ref, name: c.name, version: c.version, purl: c.purl, ecosystem: c.package?.ecosystem, package: c.package?.name)
        fixed = finding.fixed
        severity = finding.rating.severity.rawValue
        score = finding.rating.score
        vector = finding.rating.vector
        method = finding.rating.method?.rawValue
        summary = finding.summary
        vex = finding.statement.map {
            Vex(state: $0.state.rawValue, justification: $0.justification, detail: $0.detail, expires: $0.expires)
        }
    }
}
