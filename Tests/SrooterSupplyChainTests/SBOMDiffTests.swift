import Testing

@testable import SrooterSupplyChain

/// `sbom diff`: components added, removed and changed in version.
@Suite struct SBOMDiffTests {
    func document(_ components: [(name: String, purl: String?, version: String)]) -> JSONValue {
        .object([
            "bomFormat": .string("CycloneDX"),
            "components": .array(
                components.map { component in
                    var members: [String: JSONValue] = ["type": .string("library"), "name": .string(component.name), "version": .string(component.version)]
                    if let purl = component.purl { members["purl"] = .string(purl) }
                    return .object(members)
                }),
        ])
    }

    @Test func reportsAddedRemovedAndChanged() {
        let old = document([
            ("swift-nio", "pkg:swift/github.com/apple/swift-nio@2.101.2", "2.101.2"),
            ("swift-log", "pkg:swift/github.com/apple/swift-log@1.16.2", "1.16.2"),
            ("libc6", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u13?arch=amd64&distro=debian-12", "2.36-9+deb12u13"),
            ("swift", nil, "6.3.0"),
        ])
        let new = document([
            ("swift-nio", "pkg:swift/github.com/apple/swift-nio@2.101.3", "2.101.3"),
            ("swift-atomics", "pkg:swift/github.com/apple/swift-atomics@1.3.0", "1.3.0"),
            ("libc6", "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12", "2.36-9+deb12u14"),
            ("swift", nil, "6.3.1"),
        ])
        let diff = SBOMDiff(old: old, new: new)
        #expect(diff.added.map(\.name) == ["swift-atomics"])
        #expect(diff.removed.map(\.name) == ["swift-log"])
        #expect(diff.changed.map(\.name) == ["swift", "libc6", "swift-nio"])
        #expect(
            diff.lines == [
                "+ swift-atomics 1.3.0 (pkg:swift/github.com/apple/swift-atomics)",
                "- swift-log 1.16.2 (pkg:swift/github.com/apple/swift-log)",
                "~ swift 6.3.0 -> 6.3.1 (library/swift)",
                "~ libc6 2.36-9+deb12u13 -> 2.36-9+deb12u14 (pkg:deb/debian/libc6?arch=amd64&distro=debian-12)",
                "~ swift-nio 2.101.2 -> 2.101.3 (pkg:swift/github.com/apple/swift-nio)",
            ])
    }

    @Test func sameDocumentHasNoDifferences() throws {
        let document = try SBOMFixtures.documentJSON()
        #expect(SBOMDiff(old: document, new: document).isEmpty)
    }

    @Test func generatedDocumentsDiffByVersion() throws {
        var inputs = SBOMFixtures.inputs()
        let old = try StableJSON.decode(JSONValue.self, from: try SBOMGenerator.encode(SBOMGenerator.document(inputs), serial: .derived))
        var packages = inputs.swift.packages
        let nio = packages.removeLast()
        packages.append(
            ResolvedSwiftPackage(
                identity: nio.identity, name: nio.name, location: nio.location, version: "2.102.0", revision: nio.revision,
                treeHash: nio.treeHash, license: nio.license, dependencies: nio.dependencies))
        inputs.swift = SwiftInventory(rootName: "srooter", directDependencies: inputs.swift.directDependencies, packages: packages)
        let new = try StableJSON.decode(JSONValue.self, from: try SBOMGenerator.encode(SBOMGenerator.document(inputs), serial: .derived))
        let diff = SBOMDiff(old: old, new: new)
        #expect(diff.added.isEmpty && diff.removed.isEmpty)
        #expect(diff.changed == [.init(key: "pkg:swift/github.com/apple/swift-nio", name: "swift-nio", oldVersion: "2.101.3", newVersion: "2.102.0")])
    }
}
