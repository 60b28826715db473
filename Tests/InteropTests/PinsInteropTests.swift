import Testing

@testable import SrooterSupplyChain

/// `srooter pins check` against the committed sbom/pins.json, and Package.swift's exact pins.
@Suite(.serialized) struct PinsInteropTests {
    func check(pins: String? = nil) async throws -> Subprocess.Outcome {
        var arguments = ["pins", "check", "--package-path", Interop.packageRoot, "--scratch-path", Interop.scratch]
        if let pins { arguments += ["--pins", pins] }
        return try await Interop.srooter(arguments)
    }

    @Test func passesOnTheCommittedTree() async throws {
        let outcome = try await check()
        #expect(outcome.status == 0, "\(Interop.errorLines(outcome))")
        #expect(outcome.output.contains("matches the resolved graph"))
    }

    @Test func failsAfterATreeHashIsEdited() async throws {
        let folder = TemporaryFolder()
        let text = try Interop.read("\(Interop.packageRoot)/sbom/pins.json")
        var pins = try PinsManifest(bytes: Array(text.utf8), path: "pins.json")
        let identity = try #require(pins.swiftPackages.first?.identity)
        pins.swiftPackages[0].treeHash = String(repeating: "0", count: 40)
        let copy = "\(folder.path)/pins.json"
        try AtomicFile.write(try pins.encoded(), to: copy)
        let outcome = try await check(pins: copy)
        #expect(outcome.status == 1)
        let lines = Interop.errorLines(outcome)
        #expect(lines.contains { $0.contains("error: swift package \(identity): source tree \(String(repeating: "0", count: 40)) is pinned") })
        #expect(lines.last?.hasPrefix("srooter: error: \(copy): the resolved dependencies differ") == true)
    }

    @Test func failsAfterAPackageIsRemovedFromThePins() async throws {
        let folder = TemporaryFolder()
        var pins = try PinsManifest(contentsOf: "\(Interop.packageRoot)/sbom/pins.json")
        let last = pins.swiftPackages.popLast()
        let removed = try #require(last)
        let copy = "\(folder.path)/pins.json"
        try AtomicFile.write(try pins.encoded(), to: copy)
        let outcome = try await check(pins: copy)
        #expect(outcome.status == 1)
        #expect(Interop.errorLines(outcome).contains { $0.contains("swift package \(removed.identity) ") && $0.hasSuffix("is resolved but not pinned") })
    }

    @Test func newerFormatIsOneLineAndExitTwo() async throws {
        let folder = TemporaryFolder()
        let text = try Interop.read("\(Interop.packageRoot)/sbom/pins.json")
        let copy = "\(folder.path)/pins.json"
        try AtomicFile.write(text.replacingFirst("\"formatVersion\" : 1", with: "\"formatVersion\" : 99"), to: copy)
        let outcome = try await check(pins: copy)
        #expect(outcome.status == 2)
        #expect(Interop.errorLines(outcome) == ["srooter: error: \(copy): pins format version 99 is newer than this srooter reads (1); use a newer srooter"])
    }

    @Test func packageSwiftPinsEveryDependencyExactly() async throws {
        // SwiftPM's own reading of the manifest: every requirement must be `exact`.
        let dump = try await Interop.run("env", ["-C", Interop.packageRoot, "swift", "package", "--scratch-path", Interop.scratch, "dump-package"], timeLimit: 300)
        #expect(dump.status == 0, "\(Interop.errorLines(dump))")
        let manifest = try StableJSON.decode(JSONValue.self, from: dump.stdout)
        let dependencies = manifest["dependencies"]?.array ?? []
        #expect(!dependencies.isEmpty)
        for dependency in dependencies {
            let requirement = dependency["sourceControl"]?.array?.first?["requirement"]?.object
            #expect(requirement?.keys.sorted() == ["exact"], "\(dependency)")
        }
        // And the text: no `.package(...)` line without `exact:`.
        let text = try Interop.read("\(Interop.packageRoot)/Package.swift")
        let packageLines = text.split(separator: "\n").filter { $0.contains(".package(url:") || $0.contains(".package(path:") }
        #expect(packageLines.count == dependencies.count)
        #expect(packageLines.allSatisfy { $0.contains("exact:") })
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return self[..<range.lowerBound] + replacement + self[range.upperBound...]
    }
}
