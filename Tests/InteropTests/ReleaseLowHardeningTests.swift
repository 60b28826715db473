import Foundation
import SrooterSupplyChain
import SrooterTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The small release and scan defences of issue 15, each through the real binary.
@Suite struct ReleaseLowHardeningTests {
    /// Runs `srooter`, killed after `seconds` (status 124 then).
    func srooter(_ arguments: [String], seconds: Int = 60, in directory: String? = nil) async throws -> CommandResult {
        try await CommandRunner.run("timeout", ["-k", "5", String(seconds), CommandRunner.srooter] + arguments, in: directory)
    }

    /// Replaces `release.json` in a packed archive's entries with `text` signed by the workspace
    /// key (comment `comment`), renames the top folder to `srooter-VERSION`, and signs the archive.
    func resigned(_ ws: ReleaseWorkspace, from archive: String, version: String, comment: String, edit: (String) -> String) async throws -> String {
        var entries = try await ws.entries(of: archive)
        let index = try #require(entries.firstIndex { ($0["name"] as? String) == "srooter-1.0.0/release.json" })
        let original = String(decoding: try #require(Data(base64Encoded: entries[index]["data"] as? String ?? "")), as: UTF8.self)
        let manifest = ws.dir.write("forged-release.json", edit(original))
        let sign = try await CommandRunner.srooter(["sign", manifest, "--key", ws.key, "--trusted-comment", comment])
        try #require(sign.status == 0, "\(sign.stderr)")
        entries[index]["data"] = try Data(contentsOf: URL(fileURLWithPath: manifest)).base64EncodedString()
        let sigIndex = try #require(entries.firstIndex { ($0["name"] as? String) == "srooter-1.0.0/release.json.minisig" })
        entries[sigIndex]["data"] = try Data(contentsOf: URL(fileURLWithPath: manifest + ".minisig")).base64EncodedString()
        for i in entries.indices {
            entries[i]["name"] = (entries[i]["name"] as? String)?.replacingOccurrences(of: "srooter-1.0.0", with: "srooter-\(version)")
        }
        return try await ws.hostileArchive("srooter-\(version)-linux-x86_64.tar.gz", entries: entries)
    }

    // MARK: scan fails closed

    @Test func verifyScanFailsOnAnInvalidAdvisory() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        let db = ws.dir.file("osv")
        try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
        // A critical advisory for the SBOM's component, cut off mid-file.
        ws.dir.write("osv/GHSA-cut.json", #"{"id": "GHSA-cut", "affected": [{"package": {"ecosystem": "SwiftURL", "name": "github.com/apple/swift-argument-parser"}"#)
        let result = try await ws.verify(archive, ["--scan-db", db])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("GHSA-cut.json") && result.stderr.contains("not valid OSV"), "\(result.stderr)")
    }

    // MARK: concurrent verifies

    @Test func verifyWaitsForTheStateFolderLock() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        try FileManager.default.createDirectory(atPath: ws.state, withIntermediateDirectories: true)
        let fd = open(ws.state, O_RDONLY | O_DIRECTORY)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(flock(fd, LOCK_EX) == 0)
        let blocked = try await ws.verify(archive)
        #expect(blocked.status == 2, "a verify must not record while another holds the state folder: \(blocked.stderr)")
        #expect(blocked.stderr.contains("locked"), "\(blocked.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(ws.state)/accepted-release.json"))
        flock(fd, LOCK_UN)
        let free = try await ws.verify(archive)
        #expect(free.status == 0, "\(free.stderr)")
    }

    @Test func concurrentVerifiesNeverLowerTheRecord() async throws {
        let ws = try await ReleaseWorkspace()
        let low = try await ws.pack(version: "1.0.0", output: ws.dir.file("low"))
        let high = try await ws.pack(version: "1.1.0", epoch: 1_767_225_700, output: ws.dir.file("high"))
        let processes = try (0..<12).map { index in
            try BackgroundProcess(
                "/usr/bin/timeout", ["60", CommandRunner.srooter, "verify", index % 2 == 0 ? high : low, "--trust-dir", ws.trust, "--state-dir", ws.state],
                log: ws.dir.file("verify-\(index).log"))
        }
        for process in processes { #expect(await process.waitForExit(seconds: 90), "a verify outlived its 60 s limit") }
        let state = try JSONDecoder().decode(InstallState.self, from: Data(contentsOf: URL(fileURLWithPath: "\(ws.state)/accepted-release.json")))
        #expect(state == InstallState(version: "1.1.0", sequence: 1_767_225_700))
    }

    // MARK: version and sequence

    @Test func neitherVersionNorSequenceMayDecrease() async throws {
        let ws = try await ReleaseWorkspace()
        let first = try await ws.pack(version: "1.1.0", output: ws.dir.file("a"), extra: ["--sequence", "200"])
        #expect(try await ws.verify(first).status == 0)
        let higherVersionLowerSequence = try await ws.pack(version: "1.2.0", output: ws.dir.file("b"), extra: ["--sequence", "100"])
        let result = try await ws.verify(higherVersionLowerSequence)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("release 1.2.0 (seq 100) is older than 1.1.0 (seq 200)"), "\(result.stderr)")
        let state = try JSONDecoder().decode(InstallState.self, from: Data(contentsOf: URL(fileURLWithPath: "\(ws.state)/accepted-release.json")))
        #expect(state.sequence == 200)
    }

    @Test(arguments: ["01.1.0", "1.1", "1", "1.01.0", "v1.1.0"])
    func nonCanonicalVersionsAreRefusedAtPack(version: String) async throws {
        let ws = try await ReleaseWorkspace()
        await #expect(throws: (any Error).self) { try await ws.pack(version: version) }
    }

    @Test func nonCanonicalVersionIsRefusedAtVerify() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        let forged = try await resigned(ws, from: archive, version: "01.0.0", comment: "file:release.json version:01.0.0 seq:1767225600") {
            $0.replacingOccurrences(of: "\"version\" : \"1.0.0\"", with: "\"version\" : \"01.0.0\"")
        }
        let result = try await ws.verify(forged)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("version 01.0.0 is not a semantic version"), "\(result.stderr)")
    }

    // MARK: build paths

    @Test func releaseBuildMapsBuildPathsAway() async throws {
        let root = Interop.packageRoot
        let inside = try await CommandRunner.run("make", ["-n", "release-build"], in: root)
        #expect(inside.status == 0, "\(inside.stderr)")
        let build = inside.stdout.split(separator: "\n").first { $0.contains("swift build -c release") } ?? ""
        for flag in ["-Xswiftc -file-prefix-map -Xswiftc \(root)=/src", "-Xcc -ffile-prefix-map=\(root)=/src", "-Xcxx -ffile-prefix-map=\(root)=/src"] {
            #expect(build.contains(flag), "\(flag) not in: \(build)")
        }
        let outside = try await CommandRunner.run("make", ["-n", "release-build", "RELEASE_SCRATCH=/var/cache/srooter-ci"], in: root)
        #expect(outside.stdout.contains("-Xcc -ffile-prefix-map=/var/cache/srooter-ci=/build"), "\(outside.stdout)")
        // The C flag does what it says: clang leaves no trace of the source folder in an object.
        let dir = TemporaryDirectory()
        let source = dir.write("probe.c", "const char *probe(void) { return __FILE__; }\n")
        let compiled = try await CommandRunner.run("cc", ["-g", "-ffile-prefix-map=\(dir.path)=/src", "-c", source, "-o", dir.file("probe.o")])
        try #require(compiled.status == 0, "\(compiled.stderr)")
        let strings = try await CommandRunner.run("strings", ["-a", dir.file("probe.o")])
        #expect(!strings.stdout.contains(dir.path) && strings.stdout.contains("/src/probe.c"), "\(strings.stdout)")
    }

    // MARK: duplicate keys

    @Test func duplicateKeysAreRefusedInEveryVerifiedDocument() async throws {
        let ws = try await ReleaseWorkspace()
        // SBOM: a second "components" that other tools would read instead of the first.
        let sbom = String(decoding: ws.dir.read("sbom.json"), as: UTF8.self)
        let doubled = ws.dir.write("doubled.cdx.json", sbom.replacingOccurrences(of: "\"components\": [{", with: "\"components\": [], \"components\": [{"))
        let validate = try await CommandRunner.srooter(["sbom", "validate", doubled])
        #expect(validate.status != 0, "\(validate.stdout)")
        #expect((validate.stdout + validate.stderr).contains("duplicate key \"components\""), "\(validate.stdout) \(validate.stderr)")

        // release.json, signed: a key written twice (the second with an escape, same name).
        let archive = try await ws.pack()
        let forged = try await resigned(ws, from: archive, version: "1.0.0", comment: "file:release.json version:1.0.0 seq:1767225600") {
            $0.replacingOccurrences(of: "\"format\" : 1,", with: "\"format\" : 1, \"form\\u0061t\" : 1,")
        }
        let verify = try await ws.verify(forged)
        #expect(verify.status == 1, "\(verify.stderr)")
        #expect(verify.stderr.contains("duplicate key \"format\""), "\(verify.stderr)")

        // OSV and VEX given to scan.
        let db = ws.dir.file("osv")
        try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
        ws.dir.write("osv/DUP-1.json", """
            {"id": "DUP-1", "modified": "2026-01-01T00:00:00Z",
             "affected": [{"package": {"ecosystem": "SwiftURL", "name": "github.com/apple/swift-argument-parser"},
               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.9.0"}]}]}],
             "affected": []}
            """)
        let scan = try await CommandRunner.srooter(["scan", "--sbom", ws.dir.file("sbom.json"), "--db", db])
        #expect(scan.status == 2, "\(scan.stdout) \(scan.stderr)")
        #expect(scan.stderr.contains("duplicate key \"affected\""), "\(scan.stderr)")
        let vex = ws.dir.write("vex.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "vulnerabilities": [], "vulnerabilities": []}
            """)
        let empty = ws.dir.file("empty-db")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let vexScan = try await CommandRunner.srooter(["scan", "--sbom", ws.dir.file("sbom.json"), "--db", empty, "--vex", vex])
        #expect(vexScan.status == 2, "\(vexScan.stderr)")
        #expect(vexScan.stderr.contains("duplicate key \"vulnerabilities\""), "\(vexScan.stderr)")
    }

    // MARK: state files

    @Test func stateFileThatIsAFIFOIsRefusedWithoutHanging() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        try FileManager.default.createDirectory(atPath: ws.state, withIntermediateDirectories: true)
        try #require(mkfifo("\(ws.state)/accepted-release.json", 0o644) == 0)
        let result = try await srooter(["verify", archive, "--trust-dir", ws.trust, "--state-dir", ws.state], seconds: 30)
        #expect(result.status == 2, "status \(result.status) (124: it hung): \(result.stderr)")
        #expect(result.stderr.contains("accepted-release.json") && result.stderr.contains("not a regular file"), "\(result.stderr)")
    }

    // MARK: clock

    @Test func releaseDatedAheadOfTheClockIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        let future = Int(Date().timeIntervalSince1970) + 30 * 86_400
        let archive = try await ws.pack(epoch: future)
        let result = try await ws.verify(archive)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("ahead of this machine's clock"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(ws.state)/accepted-release.json"), "no far-future sequence recorded")
        let allowed = try await ws.verify(archive, ["--max-clock-skew", String(31 * 86_400)])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    // MARK: verify --pubkey without a trust folder

    @Test func pubkeyWithoutATrustFolderSaysRevocationsWereNotChecked() async throws {
        let ws = try await ReleaseWorkspace()
        let file = ws.dir.write("notes.txt", "release notes\n")
        try await ws.sign(file)
        let empty = TemporaryDirectory()
        let result = try await CommandRunner.srooter(["verify", file, "--pubkey", ws.dir.file("rel.pub")], in: empty.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("revocations were not checked"), "\(result.stderr)")
        let named = try await CommandRunner.srooter(["verify", file, "--pubkey", ws.dir.file("rel.pub"), "--trust-dir", empty.file("missing")])
        #expect(named.status == 2, "\(named.stderr)")
        #expect(named.stderr.contains("missing"), "\(named.stderr)")
        let withTrust = try await CommandRunner.srooter(["verify", file, "--pubkey", ws.dir.file("rel.pub"), "--trust-dir", ws.trust])
        #expect(withTrust.status == 0 && !withTrust.stderr.contains("revocations were not checked"), "\(withTrust.stderr)")
    }
}
