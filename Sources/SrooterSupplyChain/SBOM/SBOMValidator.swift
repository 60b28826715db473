import SrooterEncoding

/// One rule a document breaks, at one place in it.
public struct SBOMProblem: Sendable, Equatable, CustomStringConvertible {
    public let path: JSONPath
    public let message: String

    public init(_ path: JSONPath, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Checks a CycloneDX JSON document (spec 1.6 or 1.7) for what srooter relies on, offline:
/// required fields and their formats, hash algorithms and digest lengths, license entries,
/// unique `bom-ref`s, and references that point at something.
///
/// It is no replacement for the JSON schema, and the schema checks none of the references:
/// use both.
public enum SBOMValidator {
    /// The specification versions srooter reads.
    public static let specVersions: Set<String> = ["1.6", "1.7"]

    /// The component types of CycloneDX 1.6 and 1.7.
    public static let componentTypes: Set<String> = [
        "application", "framework", "library", "container", "platform", "operating-system", "device",
        "device-driver", "firmware", "file", "machine-learning-model", "data", "cryptographic-asset",
    ]

    /// Each hash algorithm and the hex lengths its digests may have.
    public static let hashLengths: [String: Set<Int>] = [
        "MD5": [32], "SHA-1": [40], "SHA-256": [64], "SHA-384": [96], "SHA-512": [128], "SHA3-256": [64],
        "SHA3-384": [96], "SHA3-512": [128], "BLAKE2b-256": [64], "BLAKE2b-384": [96], "BLAKE2b-512": [128],
        "BLAKE3": [32, 40, 64, 96, 128],
    ]

    /// Reads and checks the file at `path`; throws when it is unreadable, larger than
    /// ``SBOMError/sizeLimit`` or not JSON, and returns the problems otherwise (empty when valid).
    public static func validate(file path: String) throws(SBOMError) -> [SBOMProblem] {
        validate(try SBOMFile.read(path))
    }

    /// Checks a parsed document.
    public static func validate(_ document: JSONValue) -> [SBOMProblem] {
        var check = Checker()
        check.document(document)
        return check.problems
    }
}

/// Reading SBOM files: size limit first, then JSON.
public enum SBOMFile {
    /// The parsed JSON of the file at `path`, which must be an object of at most 64 MiB.
    public static func read(_ path: String) throws(SBOMError) -> JSONValue {
        let bytes: [UInt8]
        do { bytes = try FileReader.read(path, limit: SBOMError.sizeLimit) } catch { throw .file(error) }
        let value: JSONValue
        do { value = try StableJSON.decodeStrict(JSONValue.self, from: bytes) } catch { throw .notJSON(path: path, reason: error.reason) }
        guard case .object = value else { throw .notJSON(path: path, reason: "the top level is \(value.typeName), not an object") }
        return value
    }
}

/// The walk over one document, collecting problems and references.
private struct Checker {
    var problems: [SBOMProblem] = []
    /// Every bom-ref declared, with where it was first seen.
    var refs: [String: JSONPath] = [:]
    /// Every reference used, with where, checked once all declarations are known.
    var uses: [(ref: String, path: JSONPath)] = []

    mutating func fail(_ path: JSONPath, _ message: String) { problems.append(SBOMProblem(path, message)) }

    mutating func document(_ root: JSONValue) {
        let path = JSONPath.root
        guard case .object = root else { return fail(path, "expected an object") }
        if root["bomFormat"]?.string != "CycloneDX" {
            fail(path.member("bomFormat"), root["bomFormat"] == nil ? "required" : "must be \"CycloneDX\"")
        }
        if let spec = root["specVersion"]?.string {
            if !SBOMValidator.specVersions.contains(spec) { fail(path.member("specVersion"), "\(spec) is not 1.6 or 1.7") }
        } else {
            fail(path.member("specVersion"), root["specVersion"] == nil ? "required" : "expected a string")
        }
        if let serial = root["serialNumber"], !Formats.isSerialNumber(serial.string) {
            fail(path.member("serialNumber"), "expected urn:uuid: and a lower-case UUID")
        }
        if let version = root["version"], (version.integer ?? 0) < 1 {
            fail(path.member("version"), "expected an integer of at least 1")
        }
        if let metadata = root["metadata"] { self.metadata(metadata, at: path.member("metadata")) }
        components(root["components"], at: path.member("components"))
        dependencies(root["dependencies"], at: path.member("dependencies"))
        compositions(root["compositions"], at: path.member("compositions"))
        for use in uses where refs[use.ref] == nil {
            fail(use.path, "refers to \"\(use.ref)\", which no bom-ref declares")
        }
    }

    mutating func metadata(_ metadata: JSONValue, at path: JSONPath) {
        guard case .object = metadata else { return fail(path, "expected an object") }
        if let timestamp = metadata["timestamp"], !Formats.isDateTime(timestamp.string) {
            fail(path.member("timestamp"), "expected an RFC 3339 date-time")
        }
        if let tools = metadata["tools"] {
            if case .object = tools {
                components(tools["components"], at: path.member("tools").member("components"), declaring: false)
            } else if tools.array == nil {
                fail(path.member("tools"), "expected an object (or the deprecated array)")
            }
        }
        if let component = metadata["component"] { self.component(component, at: path.member("component")) }
    }

    mutating func components(_ value: JSONValue?, at path: JSONPath, declaring: Bool = true) {
        guard let value else { return }
        guard let list = value.array else { return fail(path, "expected an array") }
        for (index, item) in list.enumerated() { component(item, at: path.index(index), declaring: declaring) }
    }

    mutating func component(_ component: JSONValue, at path: JSONPath, declaring: Bool = true) {
        guard case .object = component else { return fail(path, "expected an object") }
        if let type = component["type"]?.string {
            if !SBOMValidator.componentTypes.contains(type) { fail(path.member("type"), "unknown component type \"\(type)\"") }
        } else {
            fail(path.member("type"), "required")
        }
        if (component["name"]?.string ?? "").isEmpty { fail(path.member("name"), "required, a non-empty string") }
        if let ref = component["bom-ref"] { declare(ref, at: path.member("bom-ref"), declaring: declaring) }
        if let purl = component["purl"], purl.string.flatMap(PackageURL.init(parsing:)) == nil {
            fail(path.member("purl"), "not a package URL")
        }
        if let hashes = component["hashes"] { self.hashes(hashes, at: path.member("hashes")) }
        if let licenses = component["licenses"] { self.licenses(licenses, at: path.member("licenses")) }
        if let references = component["externalReferences"] { externalReferences(references, at: path.member("externalReferences")) }
        components(component["components"], at: path.member("components"), declaring: declaring)
    }

    mutating func declare(_ ref: JSONValue, at path: JSONPath, declaring: Bool) {
        guard let text = ref.string, !text.isEmpty else { return fail(path, "expected a non-empty string") }
        guard declaring else { return }
        if let first = refs[text] {
            fail(path, "duplicate bom-ref \"\(text)\" (first at \(first))")
        } else {
            refs[text] = path
        }
    }

    mutating func hashes(_ value: JSONValue, at path: JSONPath) {
        guard let list = value.array else { return fail(path, "expected an array") }
        for (index, hash) in list.enumerated() {
            let here = path.index(index)
            guard let alg = hash["alg"]?.string else {
                fail(here.member("alg"), "required")
                continue
            }
            guard let lengths = SBOMValidator.hashLengths[alg] else {
                fail(here.member("alg"), "unknown hash algorithm \"\(alg)\"")
                continue
            }
            guard let content = hash["content"]?.string, Hex.isLowerHex(content) else {
                fail(here.member("content"), "expected lower-case hex")
                continue
            }
            if !lengths.contains(content.utf8.count) {
                fail(here.member("content"), "\(content.utf8.count) hex digits; \(alg) has \(lengths.sorted().map(String.init).joined(separator: " or "))")
            }
        }
    }

    mutating func licenses(_ value: JSONValue, at path: JSONPath) {
        guard let list = value.array else { return fail(path, "expected an array") }
        for (index, entry) in list.enumerated() {
            let here = path.index(index)
            let license = entry["license"]
            let expression = entry["expression"]
            switch (license, expression) {
            case (nil, nil): fail(here, "needs either license or expression")
            case (.some, .some): fail(here, "has both license and expression; use one")
            case (.some(let license), nil):
                let id = license["id"]?.string
                let name = license["name"]?.string
                if (id == nil) == (name == nil) { fail(here.member("license"), "needs exactly one of id and name") }
                if let id, id.isEmpty || id.contains(" ") { fail(here.member("license").member("id"), "not an SPDX license id") }
            case (nil, .some(let expression)):
                if (expression.string ?? "").isEmpty { fail(here.member("expression"), "expected a non-empty string") }
                if list.count != 1 { fail(here, "an expression must be the only license entry") }
            }
        }
    }

    mutating func externalReferences(_ value: JSONValue, at path: JSONPath) {
        guard let list = value.array else { return fail(path, "expected an array") }
        for (index, reference) in list.enumerated() {
            if reference["type"]?.string == nil { fail(path.index(index).member("type"), "required") }
            if (reference["url"]?.string ?? "").isEmpty { fail(path.index(index).member("url"), "required") }
        }
    }

    mutating func dependencies(_ value: JSONValue?, at path: JSONPath) {
        guard let value else { return }
        guard let list = value.array else { return fail(path, "expected an array") }
        for (index, dependency) in list.enumerated() {
            let here = path.index(index)
            if let ref = dependency["ref"]?.string { uses.append((ref, here.member("ref"))) } else { fail(here.member("ref"), "required") }
            guard let dependsOn = dependency["dependsOn"] else { continue }
            guard let refs = dependsOn.array else {
                fail(here.member("dependsOn"), "expected an array")
                continue
            }
            for (position, ref) in refs.enumerated() {
                if let ref = ref.string { uses.append((ref, here.member("dependsOn").index(position))) } else {
                    fail(here.member("dependsOn").index(position), "expected a string")
                }
            }
        }
    }

    mutating func compositions(_ value: JSONValue?, at path: JSONPath) {
        guard let value else { return }
        guard let list = value.array else { return fail(path, "expected an array") }
        for (index, composition) in list.enumerated() {
            let here = path.index(index)
            if composition["aggregate"]?.string == nil { fail(here.member("aggregate"), "required") }
            for key in ["assemblies", "dependencies"] {
                for (position, ref) in (composition[key]?.array ?? []).enumerated() {
                    if let ref = ref.string { uses.append((ref, here.member(key).index(position))) }
                }
            }
        }
    }
}
