#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ScanReport {
    /// The report as a CycloneDX 1.6 VEX document: one `vulnerabilities[]` entry per
    /// vulnerability (and per VEX analysis), whose `affects` name the SBOM's components by
    /// BOM-link (`urn:cdx:SERIAL/VERSION#bom-ref`) when the SBOM has a serial number, else by
    /// plain `bom-ref`. Suppressed findings carry their `analysis`.
    /// - Parameters:
    ///   - sbom: the scanned SBOM, for BOM-links.
    ///   - now: Unix seconds for `metadata.timestamp`.
    public func cycloneDX(sbom: ScannedComponent.SBOM, now: Int64, serialNumber: String = "urn:uuid:\(UUID().uuidString.lowercased())") -> String {
        func ref(_ component: ScannedComponent) -> String {
            guard let serial = sbom.serialNumber, serial.lowercased().hasPrefix("urn:uuid:") else { return component.ref }
            return "urn:cdx:\(serial.dropFirst(9).lowercased())/\(sbom.version)#\(PackageURL.encode(component.ref))"
        }
        struct Key: Hashable {
            let id: String
            let state: String?
            let justification: String?
            let detail: String?
        }
        var order: [Key] = []
        var grouped: [Key: [Finding]] = [:]
        for finding in findings + suppressed {
            let key = Key(
                id: finding.id, state: finding.statement?.state.rawValue, justification: finding.statement?.justification,
                detail: finding.statement?.detail)
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(finding)
        }
        let vulnerabilities = order.map { key -> CDXVulnerability in
            let members = grouped[key] ?? []
            let first = members[0]
            let records = Set(members.flatMap(\.records))
            let sourceRecord = records.contains(first.id) ? first.id : (records.sorted().first ?? first.id)
            let rating = first.rating
            let fixed = Array(Set(members.flatMap(\.fixed))).sorted()
            return CDXVulnerability(
                id: first.id,
                source: .osv(sourceRecord),
                references: first.aliases.map { CDXVulnerability.Reference(id: $0, source: .osv($0)) }.nilIfEmpty,
                ratings: [
                    CDXVulnerability.Rating(
                        source: .osv(rating.source), score: rating.score, severity: rating.severity.rawValue,
                        method: rating.method?.rawValue, vector: rating.vector)
                ],
                description: first.summary,
                recommendation: fixed.isEmpty ? nil : "Upgrade to a fixed version: \(fixed.joined(separator: ", "))",
                affects: members.map { finding in
                    CDXVulnerability.Affect(
                        ref: ref(finding.component),
                        versions: finding.component.version.map { [.init(version: $0, status: "affected")] })
                },
                analysis: key.state.map {
                    CDXVulnerability.Analysis(state: $0, justification: key.justification, detail: key.detail)
                })
        }
        let document = CDXDocument(
            serialNumber: serialNumber,
            metadata: .init(
                timestamp: RFC3339.format(now),
                tools: .init(components: [.init(type: "application", name: "srooter", version: SrooterVersion.current)])),
            vulnerabilities: vulnerabilities)
        return Self.encode(document)
    }
}

private struct CDXDocument: Encodable {
    struct Metadata: Encodable {
        struct Tools: Encodable {
            struct Tool: Encodable {
                let type: String
                let name: String
                let version: String
            }

            let components: [Tool]
        }

        let timestamp: String
        let tools: Tools
    }

    let bomFormat = "CycloneDX"
    let specVersion = "1.6"
    let serialNumber: String
    let version = 1
    let metadata: Metadata
    let vulnerabilities: [CDXVulnerability]
}

private struct CDXVulnerability: Encodable {
    struct Source: Encodable {
        let name: String
        let url: String

        static func osv(_ id: String) -> Source {
            Source(name: "OSV", url: "https://osv.dev/vulnerability/\(PackageURL.encode(id))")
        }
    }

    struct Reference: Encodable {
        let id: String
        let source: Source
    }

    struct Rating: Encodable {
        let source: Source
        let score: Double?
        let severity: String
        let method: String?
        let vector: String?
    }

    struct Affect: Encodable {
        struct Version: Encodable {
            let version: String
            let status: String
        }

        let ref: String
        let versions: [Version]?
    }

    struct Analysis: Encodable {
        let state: String
        let justification: String?
        let detail: String?
    }

    let id: String
    let source: Source
    let references: [Reference]?
    let ratings: [Rating]
    let description: String?
    let recommendation: String?
    let affects: [Affect]
    let analysis: Analysis?
}

extension Array {
    fileprivate var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
