import Testing

@testable import SrooterSupplyChain

/// The generator's document: graph, identifiers, reproducibility.
@Suite struct SBOMGeneratorTests {
    let document = SBOMGenerator.document(SBOMFixtures.inputs())

    @Test func sameInputsGiveSameBytes() throws {
        let first = try SBOMGenerator.encode(SBOMGenerator.document(SBOMFixtures.inputs()), serial: .derived)
        let second = try SBOMGenerator.encode(SBOMGenerator.document(SBOMFixtures.inputs()), serial: .derived)
        #expect(first == second)
    }

    @Test func derivedSerialFollowsTheContent() throws {
        let one = try SBOMGenerator.encode(SBOMGenerator.document(SBOMFixtures.inputs(timestamp: 1)), serial: .derived)
        let two = try SBOMGenerator.encode(SBOMGenerator.document(SBOMFixtures.inputs(timestamp: 2)), serial: .derived)
        let serialOne = try StableJSON.decode(JSONValue.self, from: one)["serialNumber"]?.string
        let serialTwo = try StableJSON.decode(JSONValue.self, from: two)["serialNumber"]?.string
        #expect(serialOne != nil && serialOne != serialTwo)
        // Version 8 (name-based, SHA-256), RFC variant.
        let uuid = try #require(serialOne).dropFirst("urn:uuid:".count)
        #expect(Array(uuid)[14] == "8")
        #expect("89ab".contains(Array(uuid)[19]))
    }

    @Test func randomSerialDiffersEachTime() throws {
        let one = try SBOMGenerator.encode(document, serial: .random)
        let two = try SBOMGenerator.encode(document, serial: .random)
        #expect(one != two)
        let serial = try #require(try StableJSON.decode(JSONValue.self, from: one)["serialNumber"]?.string)
        #expect(Formats.isSerialNumber(serial))
        #expect(Array(serial.dropFirst(9))[14] == "4")
    }

    @Test func timestampComesFromTheEpoch() {
        #expect(document.metadata.timestamp == "2023-11-14T22:13:20Z")
        #expect(BOMIdentity.timestamp(secondsSince1970: 0) == "1970-01-01T00:00:00Z")
    }

    @Test func sourceDateEpochMustBeSeconds() throws {
        #expect(try BOMIdentity.sourceDateEpoch(nil) == nil)
        #expect(try BOMIdentity.sourceDateEpoch("1700000000") == 1_700_000_000)
        for bad in ["", "-1", "1.5", "soon", "+5"] {
            #expect(throws: InventoryError.badSourceDateEpoch(value: bad)) { try BOMIdentity.sourceDateEpoch(bad) }
        }
    }

    @Test func everyComponentIsInTheGraph() {
        let refs = Set(document.components.compactMap(\.bomRef) + [document.metadata.component.bomRef].compactMap { $0 })
        #expect(Set(document.dependencies.map(\.ref)) == refs)
        #expect(document.dependencies.count == refs.count)
        for dependency in document.dependencies {
            #expect(dependency.dependsOn.allSatisfy(refs.contains))
        }
    }

    @Test func rootDependsOnDirectDependenciesSystemLibrariesAndRuntime() {
        let root = document.dependencies.first { $0.ref == "srooter@0.1.0" }
        #expect(
            root?.dependsOn == [
                "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12&upstream=glibc",
                "pkg:deb/debian/libsodium23@1.0.18-1%2Bdeb12u1?arch=amd64&distro=debian-12&upstream=libsodium",
                "pkg:swift/github.com/Quick/Nimble@13.8.0",
                "pkg:swift/github.com/apple/swift-nio@2.101.3",
                "swift-toolchain@6.3.1",
            ])
        let nio = document.dependencies.first { $0.ref == "pkg:swift/github.com/apple/swift-nio@2.101.3" }
        #expect(nio?.dependsOn == ["pkg:swift/github.com/apple/swift-atomics@1.3.0"])
        let atomics = document.dependencies.first { $0.ref == "pkg:swift/github.com/apple/swift-atomics@1.3.0" }
        #expect(atomics?.dependsOn == [])
    }

    @Test func sourceOnlyDocumentHasNoBinaryFacts() {
        let source = SBOMGenerator.document(SBOMFixtures.inputs(binary: false))
        #expect(source.metadata.component.hashes == nil)
        #expect(source.components.allSatisfy { $0.purl?.hasPrefix("pkg:deb/") != true })
        let root = source.dependencies.first { $0.ref == "srooter@0.1.0" }
        #expect(root?.dependsOn == ["pkg:swift/github.com/Quick/Nimble@13.8.0", "pkg:swift/github.com/apple/swift-nio@2.101.3"])
    }

    @Test func binaryHashesAreOnTheRootComponent() {
        let hashes = document.metadata.component.hashes ?? []
        #expect(hashes.map(\.alg) == ["SHA-256", "BLAKE2b-512"])
        #expect(hashes.map(\.content.count) == [64, 128])
        #expect(document.metadata.tools.components.map(\.name) == ["srooter"])
    }

    @Test func swiftComponentCarriesRevisionTreeLicenseAndVCS() throws {
        let nimble = try #require(document.components.first { $0.name == "Nimble" })
        #expect(nimble.purl == "pkg:swift/github.com/Quick/Nimble@13.8.0")
        #expect(nimble.version == "13.8.0")
        #expect(nimble.externalReferences == [CycloneDXExternalReference(type: "vcs", url: "https://github.com/Quick/Nimble.git")])
        #expect(nimble.licenses == [.named("Custom License")])
        let properties = Dictionary(uniqueKeysWithValues: (nimble.properties ?? []).map { ($0.name, $0.value) })
        #expect(properties["srooter:swift:revision"] == String(repeating: "e", count: 40))
        #expect(properties["srooter:swift:tree-hash"] == String(repeating: "f", count: 40))
        let atomics = try #require(document.components.first { $0.name == "swift-atomics" })
        #expect(atomics.licenses == [CycloneDXLicenseChoice(license: nil, expression: "Apache-2.0 WITH Swift-exception")])
    }

    @Test func debianComponentRecordsItsSourcePackage() throws {
        let libc = try #require(document.components.first { $0.name == "libc6" })
        let purl = try #require(libc.purl.flatMap(PackageURL.init(parsing:)))
        #expect(purl.qualifier("upstream") == "glibc")
        #expect(purl.qualifier("distro") == "debian-12")
        #expect(purl.version == "2.36-9+deb12u14")
        #expect(libc.properties?.first { $0.name == "srooter:deb:source" }?.value == "glibc")
    }

    @Test func toolchainIsAPlatform() throws {
        let swift = try #require(document.components.first { $0.type == .platform })
        #expect(swift.name == "swift" && swift.version == "6.3.1")
    }

    @Test func compositionCoversExactlyTheSwiftGraph() {
        #expect(document.compositions.count == 1)
        #expect(document.compositions.first?.aggregate == "complete")
        #expect(
            document.compositions.first?.dependencies == [
                "pkg:swift/github.com/Quick/Nimble@13.8.0", "pkg:swift/github.com/apple/swift-atomics@1.3.0",
                "pkg:swift/github.com/apple/swift-nio@2.101.3",
            ])
    }

    @Test func keysAreSortedAndOutputEndsWithNewline() throws {
        let bytes = try SBOMGenerator.encode(document, serial: .derived)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        let topLevelKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topLevelKeys == topLevelKeys.sorted())
        #expect(topLevelKeys.contains("specVersion") && topLevelKeys.contains("bomFormat"))
    }
}
