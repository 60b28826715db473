import Foundation
import SrooterSupplyChain
import Testing

/// `srooter scan` run as a user runs it: the built binary, fixture SBOM and advisories, and
/// cyclonedx-python-lib as the judge of the CycloneDX output.
@Suite struct ScanEndToEndTests {
    static let fixtures: String = {
        let file = #filePath
        let tests = file[..<(file.lastIndex(of: "/") ?? file.endIndex)].dropLast("/InteropTests".count)
        return "\(tests)/SrooterSupplyChainTests/Fixtures"
    }()
    static let sbom = "\(fixtures)/sbom/old-nio-openssl.cdx.json"
    static let vex = "\(fixtures)/sbom/old-nio-openssl.vex.json"
    static let databases = ["--db", "\(fixtures)/osv/real", "--db", "\(fixtures)/osv/synthetic"]

    /// The `srooter` binary built beside this test bundle.
    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var folder = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The bundle may be nested (srooterPackageTests.xctest/...); walk up to the build folder.
        while folder.path != "/", !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("srooter").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("srooter").path
    }

    static var python: String {
        if let python = ProcessInfo.processInfo.environment["SROOTER_PYTHON"], !python.isEmpty { return python }
        let root = URL(fileURLWithPath: fixtures).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/venv/bin/python").path
    }

    private func scan(_ arguments: [String]) async throws -> Subprocess.Outcome {
        try await Interop.run(Self.binary, ["scan"] + arguments, timeLimit: 120)
    }

    private struct Report: Decodable {
        struct Finding: Decodable {
            struct Component: Decodable { let name: String }
            struct Vex: Decodable {
                let state: String
                let justification: String?
                let detail: String?
            }

            let id: String
            let aliases: [String]
            let component: Component
            let fixed: [String]
            let severity: String
            let vex: Vex?
        }

        let findings: [Finding]
        let suppressed: [Finding]
    }

    private func report(_ outcome: Subprocess.Outcome) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(outcome.stdout))
    }

    @Test func findsExactlyTheExpectedSet() async throws {
        let outcome = try await scan(["--sbom", Self.sbom, "--format", "json"] + Self.databases)
        #expect(outcome.status == 1, "GHSA-q36x-r5x4-h4q6 is high: the default --fail-on high fails")
        let found = try report(outcome)
        let pairs = Set(found.findings.map { "\($0.id) \($0.component.name) \($0.severity) \($0.fixed.joined(separator: ","))" })
        #expect(pairs == [
            "CVE-2022-3215 swift-nio medium 2.42.0",
            "CVE-2022-0618 swift-nio-http2 high 1.20",
            "DSA-5532-1 libssl3 unknown 3.0.11-1~deb12u2",
            "DSA-5532-1 openssl unknown 3.0.11-1~deb12u2",
            "DEBIAN-CVE-2024-2511 libssl3 unknown 3.0.14-1~deb12u1",
            "DEBIAN-CVE-2024-2511 openssl unknown 3.0.14-1~deb12u1",
        ])
        let nio = try #require(found.findings.first { $0.component.name == "swift-nio" })
        #expect(nio.aliases == ["GHSA-7fj7-39wj-c64f", "SWIFT-TEST-2022-3215"], "two databases' records, reported once")
        #expect(found.suppressed.isEmpty)
    }

    @Test func vexSuppressesWithItsJustification() async throws {
        let outcome = try await scan(["--sbom", Self.sbom, "--vex", Self.vex] + Self.databases)
        #expect(outcome.status == 0, "with the HTTP/2 finding suppressed nothing high remains")
        let text = outcome.output
        #expect(text.contains("Suppressed by VEX (1):"))
        #expect(text.contains("CVE-2022-0618") && text.contains("code_not_reachable"))
        let stderr = String(decoding: outcome.stderr, as: UTF8.self)
        #expect(stderr.contains("VEX statement for GHSA-7fj7-39wj-c64f") && stderr.contains("expired on 2024-01-31"))

        let json = try report(try await scan(["--sbom", Self.sbom, "--vex", Self.vex, "--format", "json"] + Self.databases))
        #expect(json.suppressed.map(\.id) == ["CVE-2022-0618"])
        #expect(json.suppressed.first?.vex?.justification == "code_not_reachable")
        #expect(json.findings.first { $0.component.name == "openssl" && $0.id == "DSA-5532-1" }?.vex?.state == "in_triage")
    }

    @Test func cycloneDXOutputValidatesAgainstTheSchema() async throws {
        let outcome = try await scan(["--sbom", Self.sbom, "--vex", Self.vex, "--format", "cyclonedx"] + Self.databases)
        #expect(outcome.status == 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("srooter-vex-\(UUID().uuidString).json")
        try Data(outcome.stdout).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys
            from cyclonedx.validation.json import JsonStrictValidator
            from cyclonedx.schema import SchemaVersion
            text = open(sys.argv[1]).read()
            error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
            if error is not None:
                print(error); sys.exit(1)
            doc = json.loads(text)
            print(len(doc["vulnerabilities"]), sum(1 for v in doc["vulnerabilities"] if "analysis" in v))
            """
        let python = try await Interop.run(Self.python, ["-c", script, file.path], timeLimit: 120)
        #expect(python.status == 0, "\(python.output) \(python.firstErrorLine)")
        // nio, nio-http2 (suppressed), DSA twice (in triage and not), DEBIAN-CVE: 5, 2 with analysis.
        #expect(python.output.trimmingCharacters(in: .whitespacesAndNewlines) == "5 2")
    }

    @Test func zipExportsGiveTheSameAnswer() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("srooter-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("all.zip").path
        let make = try await Interop.run("python3", [
            "-c", "import sys, zipfile, os\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
                + "    [z.write(os.path.join(d, n), n) for d in sys.argv[2:] for n in sorted(os.listdir(d))]",
            zip, "\(Self.fixtures)/osv/real", "\(Self.fixtures)/osv/synthetic",
        ], timeLimit: 120)
        try #require(make.status == 0, "\(make.firstErrorLine)")
        let fromZip = try report(try await scan(["--sbom", Self.sbom, "--format", "json", "--db", zip]))
        let fromFolders = try report(try await scan(["--sbom", Self.sbom, "--format", "json"] + Self.databases))
        #expect(fromZip.findings.map { "\($0.id) \($0.component.name)" } == fromFolders.findings.map { "\($0.id) \($0.component.name)" })

        let corrupt = folder.appendingPathComponent("corrupt.zip").path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: zip))
        try bytes.prefix(bytes.count - 200).write(to: URL(fileURLWithPath: corrupt))
        let failed = try await scan(["--sbom", Self.sbom, "--db", corrupt])
        #expect(failed.status == 2)
        #expect(failed.firstErrorLine.hasPrefix("srooter: error: \(corrupt): cannot read the zip archive"))
        #expect(String(decoding: failed.stderr, as: UTF8.self).split(separator: "\n").count == 1)
    }

    @Test func exitCodesFollowFailOn() async throws {
        let base = ["--sbom", Self.sbom] + Self.databases
        #expect(try await scan(base + ["--fail-on", "critical"]).status == 0)
        #expect(try await scan(base + ["--fail-on", "high"]).status == 1)
        #expect(try await scan(base + ["--fail-on", "none"]).status == 0)
        #expect(try await scan(base + ["--vex", Self.vex]).status == 0)
        #expect(try await scan(base + ["--vex", Self.vex, "--fail-on", "medium"]).status == 1, "the medium finding's VEX has expired")
        #expect(try await scan(base + ["--vex", Self.vex, "--fail-on", "unknown"]).status == 1)
    }

    @Test func unusableInputExitsTwoWithOneLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("srooter-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let noJustification = try write("vex-nojust.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [{"id": "CVE-2022-0618", "analysis": {"state": "not_affected"}, "affects": [{"ref": "pkg:swift/github.com/apple/swift-nio-http2@1.19.0"}]}]}"#)
        let unknownRef = try write("vex-ref.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [{"id": "CVE-2022-0618", "analysis": {"state": "not_affected", "justification": "code_not_reachable"}, "affects": [{"ref": "pkg:swift/github.com/nobody/nothing@1.0.0"}]}]}"#)
        let badSBOM = try write("sbom.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.2", "components": []}"#)
        let cases: [([String], String)] = [
            (["--sbom", "\(folder.path)/missing.json"] + Self.databases, "missing.json: no such file"),
            (["--sbom", badSBOM] + Self.databases, "$.specVersion"),
            (["--sbom", Self.sbom, "--vex", noJustification] + Self.databases, "needs analysis.justification or analysis.detail"),
            (["--sbom", Self.sbom, "--vex", unknownRef] + Self.databases, "not a component of the SBOM"),
            (["--sbom", Self.sbom, "--db", "\(folder.path)/nowhere"], "nowhere: no such file"),
        ]
        for (arguments, message) in cases {
            let outcome = try await scan(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            let lines = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("srooter: error: ") && lines[0].contains(message), "\(lines)")
        }
    }

    @Test func malformedAdvisoriesAreNamedAndCounted() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("srooter-malformed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Valid JSON, invalid OSV (an event with two keys), about a package the SBOM has.
        let bad = folder.appendingPathComponent("bad-event.json").path
        try #"{"id": "BAD-1", "affected": [{"package": {"ecosystem": "SwiftURL", "name": "github.com/apple/swift-nio"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "9.0.0"}]}]}]}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let arguments = ["--sbom", Self.sbom, "--db", "\(Self.fixtures)/osv/malformed", "--db", folder.path] + Self.databases
        // Without --skip-invalid the scan fails closed, naming the files on one line.
        let refused = try await scan(arguments)
        let refusal = String(decoding: refused.stderr, as: UTF8.self)
        #expect(refused.status == 2, "\(refusal)")
        #expect(refusal.split(separator: "\n").count == 1, "\(refusal)")
        #expect(refusal.contains("2 of 20 advisory files are not valid OSV"), "\(refusal)")
        #expect(refusal.contains("not-json.json") && refusal.contains("bad-event.json") && refusal.contains("--skip-invalid"), "\(refusal)")
        #expect(refused.stdout.isEmpty, "no report from an incomplete scan")

        let outcome = try await scan(arguments + ["--skip-invalid"])
        let stderr = String(decoding: outcome.stderr, as: UTF8.self)
        #expect(stderr.contains("skipped malformed advisory \(Self.fixtures)/osv/malformed/not-json.json: not valid JSON"))
        #expect(stderr.contains("skipped malformed advisory \(bad): invalid value at affected[0].ranges[0].events[0]"))
        #expect(stderr.contains("2 of 20 advisory files were malformed and skipped"), "\(stderr)")
        #expect(String(decoding: outcome.stdout, as: UTF8.self).contains("2 invalid advisory files SKIPPED (--skip-invalid)"))
        #expect(outcome.status == 1, "the scan goes on after skipping them")
    }
}
