import SrooterSupplyChain

/// Hand-made SBOM inputs: a root with two direct Swift dependencies, one shared transitive
/// dependency, two Debian packages and a toolchain.
enum SBOMFixtures {
    static let nio = ResolvedSwiftPackage(
        identity: "swift-nio", name: "swift-nio", location: "https://github.com/apple/swift-nio.git", version: "2.101.3",
        revision: String(repeating: "a", count: 40), treeHash: String(repeating: "b", count: 40), license: .spdx("Apache-2.0"),
        dependencies: ["swift-atomics"])
    static let atomics = ResolvedSwiftPackage(
        identity: "swift-atomics", name: "swift-atomics", location: "https://github.com/apple/swift-atomics", version: "1.3.0",
        revision: String(repeating: "c", count: 40), treeHash: String(repeating: "d", count: 40),
        license: .expression("Apache-2.0 WITH Swift-exception"), dependencies: [])
    static let nimble = ResolvedSwiftPackage(
        identity: "nimble", name: "Nimble", location: "https://github.com/Quick/Nimble.git", version: "13.8.0",
        revision: String(repeating: "e", count: 40), treeHash: String(repeating: "f", count: 40), license: .named("Custom License"),
        dependencies: ["swift-atomics"])

    static let sodium = DebianPackage(
        name: "libsodium23", architecture: "amd64", version: "1.0.18-1+deb12u1", sourceName: "libsodium",
        sourceVersion: "1.0.18-1+deb12u1", license: .spdx("ISC"), linkedFiles: ["libsodium.so.23"])
    static let libc = DebianPackage(
        name: "libc6", architecture: "amd64", version: "2.36-9+deb12u14", sourceName: "glibc", sourceVersion: "2.36-9+deb12u14",
        license: .named("see /usr/share/doc/libc6/copyright"), linkedFiles: ["libc.so.6", "libm.so.6"])

    static let toolchain = SwiftToolchain(
        version: "6.3.1", versionLine: "Swift version 6.3.1 (swift-6.3.1-RELEASE)", target: "x86_64-unknown-linux-gnu")

    static func inputs(binary: Bool = true, timestamp: Int = 1_700_000_000) -> SBOMInputs {
        SBOMInputs(
            swift: SwiftInventory(rootName: "srooter", directDependencies: ["nimble", "swift-nio"], packages: [nimble, atomics, nio]),
            toolchain: toolchain, rootVersion: "0.1.0",
            binary: binary ? BinaryDigests(sha256: String(repeating: "1", count: 64), blake2b512: String(repeating: "2", count: 128)) : nil,
            linked: LinkedLibraries.Inventory(
                packages: binary ? [libc, sodium] : [],
                unowned: binary ? [LinkedLibraries.Library(name: "libswiftCore.so", path: "/opt/swift/usr/lib/swift/linux/libswiftCore.so")] : []),
            distribution: Distribution(id: "debian", versionID: "12"), timestamp: timestamp)
    }

    /// The fixture's document as generated, parsed back as generic JSON.
    static func documentJSON() throws -> JSONValue {
        let bytes = try SBOMGenerator.encode(SBOMGenerator.document(inputs()), serial: .derived)
        return try StableJSON.decode(JSONValue.self, from: bytes)
    }
}

/// One step of a path into a JSON value, for editing documents in tests.
enum Step {
    case key(String)
    case index(Int)
}

extension JSONValue {
    /// A copy with the value at `path` replaced (or removed when `value` is nil).
    func setting(_ path: [Step], to value: JSONValue?) -> JSONValue {
        guard let first = path.first else { return value ?? .null }
        let rest = Array(path.dropFirst())
        switch (self, first) {
        case (.object(var members), .key(let key)):
            if rest.isEmpty, value == nil {
                members[key] = nil
            } else {
                members[key] = (members[key] ?? .null).setting(rest, to: value)
            }
            return .object(members)
        case (.array(var items), .index(let index)):
            if rest.isEmpty, value == nil {
                items.remove(at: index)
            } else {
                items[index] = items[index].setting(rest, to: value)
            }
            return .array(items)
        default:
            return self
        }
    }
}
