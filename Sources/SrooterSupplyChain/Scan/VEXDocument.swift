#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One VEX statement: what a team decided about a vulnerability in some components.
public struct VEXStatement: Sendable, Equatable {
    /// CycloneDX `analysis.state`.
    public enum State: String, Sendable, CaseIterable {
        case notAffected = "not_affected"
        case falsePositive = "false_positive"
        case resolved
        case resolvedWithPedigree = "resolved_with_pedigree"
        case exploitable
        case inTriage = "in_triage"

        /// Whether the state removes a finding from the results.
        public var suppresses: Bool {
            switch self {
            case .notAffected, .falsePositive, .resolved, .resolvedWithPedigree: true
            case .exploitable, .inTriage: false
            }
        }
    }

    /// CycloneDX 1.6 `analysis.justification` values.
    public static let justifications: Set<String> = [
        "code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency",
        "requires_environment", "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter",
        "protected_by_mitigating_control",
    ]

    /// The name of the property that carries an expiry (RFC 3339 date or date-time).
    public static let expiryProperty = "srooter:vex:expires"

    public let id: String
    public let state: State
    public let justification: String?
    public let detail: String?
    /// The SBOM `bom-ref`s the statement covers.
    public let refs: Set<String>
    /// The expiry as written, and as Unix seconds.
    public let expires: String?
    public let expiresAt: Int64?

    public init(id: String, state: State, justification: String?, detail: String?, refs: Set<String>, expires: String? = nil) {
        self.id = id
        self.state = state
        self.justification = justification
        self.detail = detail
        self.refs = refs
        self.expires = expires
        self.expiresAt = expires.flatMap(RFC3339.seconds)
    }

    /// Whether the statement's expiry has passed at `now` (Unix seconds).
    public func isExpired(at now: Int64) -> Bool { expiresAt.map { $0 <= now } ?? false }
}

/// A CycloneDX VEX document (`vulnerabilities[]` with `analysis` and `affects`), checked
/// against the SBOM it speaks about.
///
/// Every statement must carry a justification or a detail text, name at least one component,
/// and name only components the SBOM has (plain `bom-ref`s or BOM-links to this SBOM). An
/// expiry goes in a `properties` entry named `srooter:vex:expires`; CycloneDX's own
/// `analysis.lastUpdated` and `firstIssued` are not read as expiries.
public struct VEXDocument: Sendable {
    public let statements: [VEXStatement]

    public init(statements: [VEXStatement]) {
        self.statements = statements
    }

    /// The first statement about any of `ids` (a finding's id and aliases) covering `ref`.
    public func statement(forAnyOf ids: [String], ref: String) -> VEXStatement? {
        let wanted = Set(ids.map { $0.uppercased() })
        return statements.first { wanted.contains($0.id.uppercased()) && $0.refs.contains(ref) }
    }

    /// Reads a VEX document and checks it against `sbom`.
    public static func load(path: String, sbom: ScannedComponent.SBOM) throws(ScanError) -> VEXDocument {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: ScannedComponent.sizeLimit) } catch { throw .file(error) }
        let document: Input
        do {
            try StableJSON.refuseDuplicateKeys(bytes)
            document = try JSONDecoder().decode(Input.self, from: Data(bytes))
        } catch let error as JSONCodingError {
            throw .invalidVEX(path: path, reason: error.reason)
        } catch let error as DecodingError {
            throw .invalidVEX(path: path, reason: ParallelDecoder.describe(error))
        } catch {
            throw .invalidVEX(path: path, reason: "\(error)")
        }
        guard document.bomFormat == "CycloneDX" else { throw .invalidVEX(path: path, reason: "bomFormat is not CycloneDX") }
        let known = Set(sbom.components.map(\.ref))
        var statements: [VEXStatement] = []
        for (index, entry) in (document.vulnerabilities ?? []).enumerated() {
            let id = entry.id ?? ""
            let label = id.isEmpty ? "vulnerabilities[\(index)]" : id
            guard !id.isEmpty else { throw .invalidVEX(path: path, reason: "\(label) has no id") }
            guard let analysis = entry.analysis, let stateText = analysis.state else {
                throw .invalidVEX(path: path, reason: "\(label) has no analysis.state")
            }
            guard let state = VEXStatement.State(rawValue: stateText) else {
                throw .invalidVEX(path: path, reason: "\(label): unknown analysis.state \(stateText)")
            }
            if let justification = analysis.justification, !VEXStatement.justifications.contains(justification) {
                throw .invalidVEX(path: path, reason: "\(label): unknown analysis.justification \(justification)")
            }
            let detail = analysis.detail.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
            guard analysis.justification != nil || detail != nil else {
                throw .invalidVEX(path: path, reason: "\(label) needs analysis.justification or analysis.detail")
            }
            let refs = try (entry.affects ?? []).map { (affect) throws(ScanError) in
                try localRef(affect.ref, sbom: sbom, known: known, path: path, id: id)
            }
            guard !refs.isEmpty else { throw .invalidVEX(path: path, reason: "\(label) names no component in affects") }
            let expires = entry.properties?.first { $0.name == VEXStatement.expiryProperty }?.value
            if let expires, RFC3339.seconds(expires) == nil {
                throw .invalidVEX(path: path, reason: "\(label): \(VEXStatement.expiryProperty) \(expires) is not an RFC 3339 date")
            }
            statements.append(
                VEXStatement(
                    id: id, state: state, justification: analysis.justification, detail: detail, refs: Set(refs),
                    expires: expires))
        }
        return VEXDocument(statements: statements)
    }

    /// A plain `bom-ref`, or the fragment of a BOM-link (`urn:cdx:SERIAL/VERSION#REF`) to this SBOM.
    private static func localRef(
        _ ref: String, sbom: ScannedComponent.SBOM, known: Set<String>, path: String, id: String
    ) throws(ScanError) -> String {
        var local = ref
        if ref.hasPrefix("urn:cdx:"), let hash = ref.firstIndex(of: "#") {
            let serial = ref[ref.index(ref.startIndex, offsetBy: 8)..<hash].split(separator: "/").first.map(String.init)
            if let own = sbom.serialNumber, let serial, "urn:uuid:\(serial)".lowercased() != own.lowercased() {
                throw .unknownVEXReference(path: path, id: id, ref: ref)
            }
            local = PackageURL.decode(ref[ref.index(after: hash)...]) ?? String(ref[ref.index(after: hash)...])
        }
        guard known.contains(local) else { throw .unknownVEXReference(path: path, id: id, ref: ref) }
        return local
    }

    struct Input: Decodable {
        struct Vulnerability: Decodable {
            struct Analysis: Decodable {
                let state: String?
                let justification: String?
                let detail: String?
            }

            struct Affect: Decodable { let ref: String }

            let id: String?
            let analysis: Analysis?
            let affects: [Affect]?
            let properties: [CycloneDXInput.Property]?
        }

        let bomFormat: String?
        let vulnerabilities: [Vulnerability]?
    }
}
