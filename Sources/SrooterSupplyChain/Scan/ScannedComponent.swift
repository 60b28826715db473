#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One SBOM component as the scanner sees it, and where its vulnerabilities are looked up.
///
/// This file is the only place that reads SBOMs for scanning: a minimal CycloneDX reader (JSON,
/// `bomFormat` CycloneDX, `specVersion` 1.6 or 1.7, at most 64 MiB) that keeps only `bom-ref`,
/// `name`, `version`, `purl`, `properties` and `externalReferences`. The full validator of the
/// SBOM work can replace ``ScannedComponent/load(sbom:)`` without touching the rest.
public struct ScannedComponent: Sendable, Hashable {
    /// Where OSV keeps a component's advisories: ecosystem and package name.
    public struct PackageKey: Hashable, Sendable {
        public let ecosystem: String
        public let name: String

        public init(ecosystem: String, name: String) {
            self.ecosystem = ecosystem
            self.name = name
        }
    }

    /// The component's `bom-ref` (its purl when the SBOM gives none).
    public let ref: String
    public let name: String
    public let version: String?
    public let purl: String?
    /// The source revision (commit) when the SBOM records one, for OSV `GIT` ranges.
    public let revision: String?
    /// nil when the component is of a kind srooter has no advisories for.
    public let package: PackageKey?

    /// The SBOM's size limit.
    public static let sizeLimit = 64 << 20

    public init(ref: String, name: String, version: String?, purl: String?, revision: String?, package: PackageKey?) {
        self.ref = ref
        self.name = name
        self.version = version
        self.purl = purl
        self.revision = revision
        self.package = package
    }

    /// An SBOM's components, flattened (nested `components` included), plus what identifies
    /// the SBOM for BOM-links in VEX output.
    public struct SBOM: Sendable {
        public let components: [ScannedComponent]
        /// `urn:uuid:...` when the SBOM has one.
        public let serialNumber: String?
        public let version: Int

        public init(components: [ScannedComponent], serialNumber: String?, version: Int) {
            self.components = components
            self.serialNumber = serialNumber
            self.version = version
        }
    }

    /// Reads a CycloneDX JSON SBOM, which must pass ``SBOMValidator``.
    public static func load(sbom path: String) throws(ScanError) -> SBOM {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: sizeLimit) } catch { throw .file(error) }
        return try load(bytes: bytes, path: path)
    }

    /// Parses SBOM bytes already in memory (`path` names them in errors).
    public static func load(bytes: [UInt8], path: String) throws(ScanError) -> SBOM {
        let value: JSONValue
        do { value = try StableJSON.decodeStrict(JSONValue.self, from: bytes) } catch {
            throw .invalidSBOM(path: path, reason: error.reason)
        }
        let problems = SBOMValidator.validate(value)
        if let first = problems.first {
            throw .invalidSBOM(path: path, reason: "fails validation (\(problems.count) problems; first: \(first))")
        }
        let document: CycloneDXInput
        do {
            document = try JSONDecoder().decode(CycloneDXInput.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .invalidSBOM(path: path, reason: ParallelDecoder.describe(error))
        } catch {
            throw .invalidSBOM(path: path, reason: "\(error)")
        }
        guard document.bomFormat == "CycloneDX" else { throw .invalidSBOM(path: path, reason: "bomFormat is not CycloneDX") }
        guard ["1.6", "1.7"].contains(document.specVersion) else {
            throw .invalidSBOM(path: path, reason: "specVersion \(document.specVersion ?? "(none)") is not 1.6 or 1.7")
        }
        var flat: [CycloneDXInput.Component] = []
        var stack = Array((document.components ?? []).reversed())
        while let next = stack.popLast() {
            flat.append(next)
            stack.append(contentsOf: (next.components ?? []).reversed())
        }
        var seen = Set<String>()
        var components: [ScannedComponent] = []
        for component in flat {
            let scanned = ScannedComponent(component)
            guard seen.insert(scanned.ref).inserted else {
                throw .invalidSBOM(path: path, reason: "bom-ref \(scanned.ref) is used twice")
            }
            components.append(scanned)
        }
        return SBOM(components: components, serialNumber: document.serialNumber, version: document.version ?? 1)
    }

    init(_ component: CycloneDXInput.Component) {
        let properties = component.properties ?? []
        func property(_ name: String) -> String? { properties.first { $0.name == name }?.value }
        let purl = component.purl.flatMap(PackageURL.init(parsing:))
        name = component.name
        version = component.version ?? purl?.version
        self.purl = component.purl
        ref = component.bomRef ?? component.purl ?? component.name
        revision = property("srooter:revision")
            ?? component.externalReferences?.lazy.filter { $0.type == "vcs" }.compactMap { Self.commit(inURL: $0.url) }.first
        package = purl.flatMap { Self.packageKey(for: $0, sourceProperty: property("srooter:deb:source")) }
    }

    /// The OSV package of a purl: `pkg:swift/HOST/OWNER/REPO` is `SwiftURL` `HOST/OWNER/REPO`;
    /// `pkg:deb/debian/NAME?distro=debian-12&upstream=SRC` is `Debian:12` `SRC` (the source
    /// package from `upstream`, else the `srooter:deb:source` property, else the binary name).
    public static func packageKey(for purl: PackageURL, sourceProperty: String? = nil) -> PackageKey? {
        switch purl.type {
        case "swift":
            guard purl.namespace.count >= 2 else { return nil }
            return PackageKey(ecosystem: "SwiftURL", name: PackageNames.swift((purl.namespace + [purl.name]).joined(separator: "/")))
        case "deb":
            guard purl.namespace.first?.lowercased() == "debian", let release = purl.qualifier("distro").flatMap(debianRelease)
            else { return nil }
            // syft writes `upstream=SRC@VERSION` when the source version differs: keep the name.
            let upstream = purl.qualifier("upstream").map { String($0.prefix { $0 != "@" }) }.flatMap { $0.isEmpty ? nil : $0 }
            return PackageKey(ecosystem: "Debian:\(release)", name: upstream ?? sourceProperty ?? purl.name)
        default:
            return nil
        }
    }

    /// The Debian major release of a purl `distro` qualifier (`debian-12`, `debian-12.5`, `bookworm`).
    static func debianRelease(_ distro: String) -> String? {
        let codenames = ["buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14"]
        let lowered = distro.lowercased()
        if let release = codenames[lowered] { return release }
        let number = lowered.hasPrefix("debian-") ? lowered.dropFirst(7) : Substring(lowered)
        let major = number.prefix { $0.isASCIIDigit }
        return major.isEmpty ? nil : NumericString.normalized(major)
    }

    /// A commit hash at the end of a VCS URL (`...repo.git@<sha>` or `...#<sha>`).
    static func commit(inURL url: String) -> String? {
        guard let separator = url.lastIndex(where: { $0 == "@" || $0 == "#" }) else { return nil }
        let candidate = url[url.index(after: separator)...]
        guard (7...64).contains(candidate.count), candidate.allSatisfy(\.isHexDigit) else { return nil }
        return candidate.lowercased()
    }
}

/// Normalised package names, so an SBOM's spelling and an advisory's spelling meet.
enum PackageNames {
    /// `https://github.com/Apple/swift-nio.git/` → `github.com/apple/swift-nio`.
    static func swift(_ name: String) -> String {
        var text = Substring(name.lowercased())
        for scheme in ["https://", "http://", "git+https://", "ssh://", "git://"] where text.hasPrefix(scheme) {
            text = text.dropFirst(scheme.count)
        }
        while text.hasSuffix("/") { text = text.dropLast() }
        if text.hasSuffix(".git") { text = text.dropLast(4) }
        return String(text)
    }

    /// The index key of an advisory's package name in its ecosystem.
    static func normalized(_ name: String, ecosystem: String) -> String {
        ecosystem == "SwiftURL" ? swift(name) : name
    }

    /// OSV's name for an ecosystem some exports spell differently (GitHub's `purl-type:swift`).
    static func ecosystem(_ ecosystem: String) -> String {
        ecosystem == "purl-type:swift" ? "SwiftURL" : ecosystem
    }
}

/// The parts of a CycloneDX document the scanner reads.
struct CycloneDXInput: Decodable {
    struct Property: Decodable {
        let name: String
        let value: String?
    }

    struct ExternalReference: Decodable {
        let type: String
        let url: String
    }

    struct Component: Decodable {
        let bomRef: String?
        let name: String
        let version: String?
        let purl: String?
        let properties: [Property]?
        let externalReferences: [ExternalReference]?
        let components: [Component]?

        enum CodingKeys: String, CodingKey {
            case bomRef = "bom-ref"
            case name, version, purl, properties, externalReferences, components
        }
    }

    let bomFormat: String?
    let specVersion: String?
    let serialNumber: String?
    let version: Int?
    let components: [Component]?
}
