import Glibc
import Testing

@testable import SrooterSupplyChain

/// Unusable input: one line on stderr naming the file, exit code 2, no output file.
@Suite(.serialized) struct BadInputInteropTests {
    func expectOneLineExitTwo(_ outcome: Subprocess.Outcome, mentioning text: String) {
        let lines = Interop.errorLines(outcome)
        #expect(outcome.status == 2)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("srooter: error: ") == true)
        #expect(lines.first?.contains(text) == true, "\(lines)")
    }

    @Test func notASwiftPackage() async throws {
        let folder = TemporaryFolder()
        let output = "\(folder.path)/out.json"
        let outcome = try await Interop.srooter(["sbom", "generate", "--package-path", folder.path, "--output", output])
        expectOneLineExitTwo(outcome, mentioning: "\(folder.path): not a Swift package")
        #expect(!FileReader.exists(output))
        expectOneLineExitTwo(try await Interop.srooter(["pins", "check", "--package-path", folder.path]), mentioning: "sbom/pins.json: no such file")
    }

    @Test func missingPackageResolved() async throws {
        let folder = TemporaryFolder()
        try AtomicFile.write("// swift-tools-version:6.2\nimport PackageDescription\nlet package = Package(name: \"x\")\n", to: "\(folder.path)/Package.swift")
        let output = "\(folder.path)/out.json"
        let outcome = try await Interop.srooter(["sbom", "generate", "--package-path", folder.path, "--output", output])
        expectOneLineExitTwo(outcome, mentioning: "\(folder.path)/Package.resolved: no such file")
        #expect(!FileReader.exists(output))
    }

    @Test func unreadablePackageResolved() async throws {
        let folder = TemporaryFolder()
        try AtomicFile.write("// swift-tools-version:6.2\n", to: "\(folder.path)/Package.swift")
        #expect(mkdir("\(folder.path)/Package.resolved", 0o755) == 0)
        let outcome = try await Interop.srooter(["sbom", "generate", "--package-path", folder.path])
        expectOneLineExitTwo(outcome, mentioning: "\(folder.path)/Package.resolved: cannot read")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func missingBinary() async throws {
        let folder = TemporaryFolder()
        let output = "\(folder.path)/out.json"
        let outcome = try await Interop.srooter([
            "sbom", "generate", "--package-path", Interop.packageRoot, "--scratch-path", Interop.scratch,
            "--binary", "\(folder.path)/no-such-binary", "--output", output,
        ])
        expectOneLineExitTwo(outcome, mentioning: "\(folder.path)/no-such-binary: no such file")
        #expect(!FileReader.exists(output))
    }

    @Test func failedGenerationLeavesAnExistingOutputUntouched() async throws {
        let folder = TemporaryFolder()
        let output = "\(folder.path)/out.json"
        try AtomicFile.write("previous\n", to: output)
        let outcome = try await Interop.srooter(["sbom", "generate", "--package-path", folder.path, "--output", output])
        #expect(outcome.status == 2)
        #expect(try Interop.read(output) == "previous\n")
    }

    @Test func sbomThatIsNotJSONOrTooLarge() async throws {
        let folder = TemporaryFolder()
        let notJSON = "\(folder.path)/not.json"
        try AtomicFile.write("<bom/>\n", to: notJSON)
        expectOneLineExitTwo(try await Interop.srooter(["sbom", "validate", notJSON]), mentioning: "\(notJSON): not a JSON document")
        expectOneLineExitTwo(try await Interop.srooter(["sbom", "diff", notJSON, notJSON]), mentioning: "\(notJSON): not a JSON document")
        let huge = "\(folder.path)/huge.json"
        try AtomicFile.write("{}", to: huge)
        #expect(truncate(huge, off_t((64 << 20) + 1)) == 0)
        expectOneLineExitTwo(try await Interop.srooter(["sbom", "validate", huge]), mentioning: "over the limit of 67108864 bytes")
    }

    @Test func invalidSBOMListsProblemsAndExitsOne() async throws {
        let folder = TemporaryFolder()
        let file = "\(folder.path)/bad.json"
        try AtomicFile.write(#"{"bomFormat": "CycloneDX", "specVersion": "1.4", "serialNumber": "urn:uuid:ABC"}"#, to: file)
        let outcome = try await Interop.srooter(["sbom", "validate", file])
        #expect(outcome.status == 1)
        #expect(outcome.output == "\(file): $.specVersion: 1.4 is not 1.6 or 1.7\n\(file): $.serialNumber: expected urn:uuid: and a lower-case UUID\n")
    }

    @Test func badSourceDateEpoch() async throws {
        let outcome = try await Interop.srooter(
            ["sbom", "generate", "--package-path", Interop.packageRoot, "--scratch-path", Interop.scratch],
            environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        expectOneLineExitTwo(outcome, mentioning: "SOURCE_DATE_EPOCH=yesterday")
    }
}
