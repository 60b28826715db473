import Testing

@testable import SrooterSupplyChain

/// The pins manifest: its file format and the comparison `pins check` makes.
@Suite struct PinsTests {
    let pinned = PinsManifest(
        swiftToolchain: "6.3.1",
        swiftPackages: [
            .init(identity: "swift-nio", url: "https://github.com/apple/swift-nio", version: "2.101.3", revision: String(repeating: "a", count: 40), treeHash: String(repeating: "b", count: 40)),
            .init(identity: "swift-log", url: "https://github.com/apple/swift-log", version: "1.16.2", revision: String(repeating: "c", count: 40), treeHash: String(repeating: "d", count: 40)),
        ],
        debianPackages: [
            .init(name: "libsodium-dev", architecture: "amd64", version: "1.0.18-1+deb12u1"),
            .init(name: "libsodium23", architecture: "amd64", version: "1.0.18-1+deb12u1"),
        ])

    func failures(_ actual: PinsManifest) -> [String] {
        PinsComparison.compare(pinned: pinned, actual: actual).filter { $0.severity == .failure }.map(\.message)
    }

    func warnings(_ actual: PinsManifest) -> [String] {
        PinsComparison.compare(pinned: pinned, actual: actual).filter { $0.severity == .warning }.map(\.message)
    }

    @Test func identicalHasNoDifferences() {
        #expect(PinsComparison.compare(pinned: pinned, actual: pinned).isEmpty)
    }

    @Test func changedTreeHashFails() {
        var actual = pinned
        actual.swiftPackages[0].treeHash = String(repeating: "e", count: 40)
        #expect(failures(actual) == ["swift package swift-log: source tree \(String(repeating: "d", count: 40)) is pinned, \(String(repeating: "e", count: 40)) is resolved"])
    }

    @Test func changedVersionAndURLFail() {
        var actual = pinned
        actual.swiftPackages[1].version = "2.102.0"
        actual.swiftPackages[1].url = "https://example.com/fork/swift-nio"
        #expect(failures(actual).count == 2)
    }

    @Test func addedAndRemovedPackagesFail() {
        var actual = pinned
        actual.swiftPackages.removeFirst()
        actual.swiftPackages.append(.init(identity: "swift-atomics", url: "https://github.com/apple/swift-atomics", version: "1.3.0", revision: String(repeating: "1", count: 40), treeHash: String(repeating: "2", count: 40)))
        let found = failures(actual)
        #expect(found.count == 2)
        #expect(found.contains { $0.hasPrefix("swift package swift-atomics 1.3.0") && $0.hasSuffix("is resolved but not pinned") })
        #expect(found.contains { $0 == "swift package swift-log 1.16.2 is pinned but no longer resolved" })
    }

    @Test func revisionOfTheSameTreeOnlyWarns() {
        var actual = pinned
        actual.swiftPackages[0].revision = String(repeating: "9", count: 40)
        #expect(failures(actual).isEmpty)
        #expect(warnings(actual).count == 1)
    }

    @Test func debianVersionsAndToolchainOnlyWarn() {
        var actual = pinned
        actual.debianPackages[1].version = "1.0.18-1+deb12u2"
        actual.swiftToolchain = "6.3.2"
        #expect(failures(actual).isEmpty)
        #expect(warnings(actual).count == 2)
    }

    @Test func debianPackageAddedFails() {
        var actual = pinned
        actual.debianPackages.append(.init(name: "libarchive13", architecture: "amd64", version: "3.6.2-1"))
        #expect(failures(actual) == ["debian package libarchive13 3.6.2-1 is built against but not pinned"])
    }

    @Test func fileRoundTripsAndIsStable() throws {
        let bytes = try pinned.encoded()
        let read = try PinsManifest(bytes: bytes, path: "pins.json")
        #expect(read == PinsManifest(swiftToolchain: pinned.swiftToolchain, swiftPackages: pinned.swiftPackages, debianPackages: pinned.debianPackages))
        #expect(try read.encoded() == bytes)
        // Sorted on the way in, whatever order the packages came in.
        #expect(read.swiftPackages.map(\.identity) == ["swift-log", "swift-nio"])
    }

    @Test func newerFormatIsRefusedInOneLine() throws {
        let text = #"{"formatVersion": 2, "somethingNew": true}"#
        #expect(throws: PinsError.newerFormat(path: "sbom/pins.json", found: 2, supported: 1)) {
            try PinsManifest(bytes: Array(text.utf8), path: "sbom/pins.json")
        }
        let error = PinsError.newerFormat(path: "sbom/pins.json", found: 2, supported: 1)
        #expect(error.kind.exitCode == 2)
        #expect(!error.singleLine.contains("\n"))
    }

    @Test func malformedPinsAreUnusableInput() {
        #expect(throws: PinsError.self) { try PinsManifest(bytes: Array(#"{"formatVersion": 1}"#.utf8), path: "p") }
        #expect(throws: PinsError.self) { try PinsManifest(bytes: Array("not json".utf8), path: "p") }
        #expect(PinsError.malformed(path: "p", reason: "x").kind.exitCode == 2)
        #expect(PinsError.drift(path: "p", count: 1).kind.exitCode == 1)
    }
}
