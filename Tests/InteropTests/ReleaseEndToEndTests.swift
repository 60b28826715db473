import Foundation
import SrooterEncoding
import SrooterSupplyChain
import SrooterTestSupport
import Testing

/// A release built in the test with a throwaway key: reproducible, checkable by standard tools,
/// verified by srooter, installed safely, and self-checked.
@Suite struct ReleaseEndToEndTests {
    @Test func packingTwiceGivesIdenticalBytes() async throws {
        let ws = try await ReleaseWorkspace()
        let first = try await ws.pack(output: ws.dir.file("a"))
        let second = try await ws.pack(output: ws.dir.file("b"))
        let one = try Data(contentsOf: URL(fileURLWithPath: first))
        let two = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(one == two)
        #expect(one.count > 1000)
        let third = try await ws.pack(epoch: 1_767_225_601, output: ws.dir.file("c"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: third)) != one, "the epoch must reach the bytes")
    }

    @Test func standardToolsAcceptTheRelease() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        let sums = try await CommandRunner.run("sha256sum", ["-c", "SHA256SUMS"], in: ws.dist)
        #expect(sums.status == 0, "\(sums.stdout) \(sums.stderr)")
        #expect(sums.stdout.contains(": OK"))
        for file in [archive, "\(ws.dist)/SHA256SUMS"] {
            let minisign = try await CommandRunner.run("minisign", ["-V", "-p", "\(ws.trust)/rel.pub", "-m", file])
            #expect(minisign.status == 0, "\(minisign.stderr)")
        }
        // The manifest's own signature, checked by minisign on the extracted files.
        let unpacked = ws.dir.file("unpacked")
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        #expect(try await CommandRunner.run("tar", ["-xzf", archive, "-C", unpacked]).status == 0)
        let manifest = "\(unpacked)/srooter-1.0.0/release.json"
        let minisign = try await CommandRunner.run("minisign", ["-V", "-p", "\(ws.trust)/rel.pub", "-m", manifest])
        #expect(minisign.status == 0, "\(minisign.stderr)")
        #expect(minisign.stdout.contains("file:release.json version:1.0.0 seq:1767225600"))
        // The listing is sorted, owned by 0/0, with fixed modes and mtime.
        let listing = try await CommandRunner.run("tar", ["--numeric-owner", "-tvzf", archive])
        let lines = listing.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.contains(" 0/0 ") && $0.contains("2026-01-01 00:00") })
        #expect(lines.contains { $0.hasPrefix("-rwxr-xr-x") && $0.hasSuffix("srooter-1.0.0/bin/srooter") })
        let names = lines.compactMap { $0.split(separator: " ").last.map(String.init) }
        #expect(names == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    @Test func verifyPassesAndReportsAsJSON() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        let text = try await ws.verify(archive)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Release verified: srooter 1.0.0"))
        let json = try await ws.verify(archive, ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONDecoder().decode(ReleaseReport.self, from: Data(json.stdout.utf8))
        #expect(report.version == "1.0.0")
        #expect(report.components == 1)
        #expect(report.checks.count == 7)
        #expect(report.binarySHA256 == Hex.encode(try SHA256.hashFile(ws.binary)))
    }

    @Test func installSwitchesAtomicallyAndSelfCheckHolds() async throws {
        let ws = try await ReleaseWorkspace(binary: CommandRunner.srooter)
        let prefix = ws.dir.file("prefix")
        let first = try await ws.pack(version: "1.0.0")
        let install = try await CommandRunner.srooter(
            ["install", first, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state])
        #expect(install.status == 0, "\(install.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(prefix)/current") == "releases/1.0.0")

        let installed = "\(prefix)/current/bin/srooter"
        let selfCheck = try await CommandRunner.run(installed, ["verify", "--self"])
        #expect(selfCheck.status == 0, "\(selfCheck.stderr)")
        #expect(selfCheck.stdout.contains("Self-check passed: srooter 1.0.0"))
        let serve = try await CommandRunner.run(installed, ["serve", "--help"])
        #expect(serve.status == 0)

        // A newer release replaces the link; --keep 1 prunes the older one.
        let second = try await ws.pack(version: "1.1.0", epoch: 1_767_225_700)
        let upgrade = try await CommandRunner.srooter(
            ["install", second, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state, "--keep", "1"])
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(prefix)/current") == "releases/1.1.0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(prefix)/releases").sorted() == ["1.1.0"])

        // A binary changed after installation fails its own check.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: installed))
        handle.seekToEndOfFile()
        handle.write(Data([0]))
        try handle.close()
        let tampered = try await CommandRunner.run(installed, ["verify", "--self"])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("self-check failed"))
        let refused = try await CommandRunner.run(installed, ["serve"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not the binary release 1.1.0 signed"))
    }

    @Test func failedInstallLeavesOnlyThePreviousRelease() async throws {
        let ws = try await ReleaseWorkspace()
        let prefix = ws.dir.file("prefix")
        let good = try await ws.pack(version: "1.0.0")
        #expect(try await CommandRunner.srooter(["install", good, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state]).status == 0)
        var entries = try await ws.entries(of: try await ws.pack(version: "1.2.0", epoch: 1_767_225_800, output: ws.dir.file("next")))
        entries.append(["name": "srooter-1.2.0/extra.txt", "data": Data("surprise".utf8).base64EncodedString()])
        let bad = try await ws.hostileArchive("srooter-1.2.0-linux-x86_64.tar.gz", entries: entries)
        let result = try await CommandRunner.srooter(["install", bad, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state])
        #expect(result.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(prefix)/releases") == ["1.0.0"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(prefix)/current") == "releases/1.0.0")
    }

    @Test func scanDatabaseFindingsFailVerification() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        let db = ws.dir.file("osv")
        try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
        ws.dir.write("osv/GHSA-test-0001.json", """
            {"id": "GHSA-test-0001", "modified": "2026-01-01T00:00:00Z", "aliases": ["CVE-2026-0001"],
             "summary": "argument parsing overflow",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
             "affected": [{"package": {"ecosystem": "SwiftURL", "name": "github.com/apple/swift-argument-parser"},
               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.9.0"}]}]}]}
            """)
        let refused = try await ws.verify(archive, ["--scan-db", db])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("1 known vulnerabilities at or above high"))
        #expect(refused.stderr.contains("CVE-2026-0001 in swift-argument-parser 1.8.2"))
        let critical = try await ws.verify(archive, ["--scan-db", db, "--fail-on", "critical"])
        #expect(critical.status == 0, "a 7.5 (high) finding does not fail --fail-on critical: \(critical.stderr)")
        let json = try await ws.verify(archive, ["--scan-db", db, "--fail-on", "critical", "--json"])
        #expect(json.stdout.contains("no known vulnerabilities at or above critical"))
    }

    @Test func developmentBuildFailsTheSelfCheck() async throws {
        let check = try await CommandRunner.srooter(["verify", "--self"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("does not run from a release folder"))
        let refused = try await CommandRunner.srooter(["serve"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--allow-unverified"))
    }
}
