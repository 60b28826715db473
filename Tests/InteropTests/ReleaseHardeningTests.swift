import Foundation
import SrooterSupplyChain
import SrooterTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The self-check's root of trust lives outside the release folder (issue 15, High 1): an
/// attacker who can write `PREFIX/releases/V/` (the binary, `release.json`, the shipped key, the
/// signature, a revocation list) or switch `current` to an older signed release is refused by
/// `verify --self` and by `serve`, while the untampered installation still serves.
///
/// Packing and installing the real binary (50 MB stripped) is the slow part, so the suite does it once
/// (``InstalledRelease``) and each test tampers with its own hard-linked copy; the tests run in
/// parallel, and after the last one the untouched installation must still pass.
@Suite(InstalledRelease()) struct ReleaseHardeningTests {
    /// An installation of the real `srooter` at 1.0.0 and then 1.1.0 (current), with the test's key pinned.
    final class Installation: @unchecked Sendable {
        let ws: ReleaseWorkspace
        let prefix: String
        let sequence: UInt64 = 1_767_225_700
        /// The installation the suite's tests share (set by ``InstalledRelease`` around them).
        @TaskLocal static var shared: Installation?

        init() async throws {
            ws = try await ReleaseWorkspace(binary: CommandRunner.srooter)
            prefix = ws.dir.file("prefix")
            for (version, epoch) in [("1.0.0", 1_767_225_600), ("1.1.0", 1_767_225_700)] {
                let archive = try await ws.pack(version: version, epoch: epoch, output: ws.dir.file("dist-\(version)"))
                let install = try await CommandRunner.srooter(
                    ["install", archive, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state])
                guard install.status == 0 else { throw WorkspaceError(install.stderr) }
            }
        }

        /// A copy of the installation whose files are hard links (cheap for the 50 MB binary):
        /// tampering must replace a file (``replace(_:in:with:)``), never write into one.
        func copy(_ name: String) async throws -> String {
            let copy = ws.dir.file(name)
            let result = try await CommandRunner.run("cp", ["-al", prefix, copy])
            guard result.status == 0 else { throw WorkspaceError(result.stderr) }
            return copy
        }

        func release(_ prefix: String, _ version: String = "1.1.0") -> String { "\(prefix)/releases/\(version)" }
    }

    /// Replaces `path` with a new file holding `bytes` (the hard-linked original is untouched).
    static func replace(_ path: String, with bytes: Data, mode: Int = 0o644) throws {
        let temp = path + ".new"
        try bytes.write(to: URL(fileURLWithPath: temp))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temp)
        #expect(rename(temp, path) == 0)
    }

    static func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Replaces the executable at `path` with a copy that has one zero byte more, and returns the
    /// new bytes. A child process writes the copy: a file this process held open for writing would
    /// go, through the descriptor, into every child the parallel run forks meanwhile, and running
    /// it would then fail with "text file busy" (exit 126).
    static func appendZeroByte(to path: String) async throws -> Data {
        let temp = path + ".new"
        let written = try await CommandRunner.run("sh", ["-c", #"cat "$1" > "$2" && printf '\0' >> "$2" && chmod 755 "$2""#, "sh", path, temp])
        try #require(written.status == 0, "\(written.stderr)")
        #expect(rename(temp, path) == 0)
        return try read(path)
    }

    /// A gateway configuration that needs nothing running upstream.
    static func config(_ dir: TemporaryDirectory, name: String, port: Int, trustDir: String? = nil) -> String {
        dir.write(name, """
            \(trustDir.map { "trust_dir: \($0)" } ?? "")
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(dir.file("\(name).db"))
            providers:
              mock: {kind: anthropic, base_url: "http://127.0.0.1:9", credential: "env:HARDENING_TEST_KEY"}
            models:
              claude-test: {provider: mock, upstream: mock-claude-1, price: {input: 3, output: 15}}
            """)
    }

    /// Runs a program, killed after `seconds` (status 124 then).
    static func run(_ program: String, _ arguments: [String], seconds: Int = 60) async throws -> CommandResult {
        try await CommandRunner.run("timeout", ["-k", "5", String(seconds), program] + arguments, environment: ["HARDENING_TEST_KEY": "sk-test"])
    }

    /// Both `verify --self` and `serve` refuse the installation at `prefix`, on one line naming `needle`.
    func expectRefused(
        _ installation: Installation, prefix: String, needle: String, trustDir: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let binary = "\(prefix)/current/bin/srooter"
        let check = try await Self.run(binary, ["verify", "--self"] + (trustDir.map { ["--trust-dir", $0] } ?? []))
        #expect(check.status == 1, "verify --self: \(check.stdout) \(check.stderr)", sourceLocation: sourceLocation)
        #expect(check.stderr.split(separator: "\n").count == 1, "not one line: \(check.stderr)", sourceLocation: sourceLocation)
        #expect(check.stderr.contains("self-check failed") && check.stderr.contains(needle), "\(needle) not in: \(check.stderr)", sourceLocation: sourceLocation)
        let config = Self.config(installation.ws.dir, name: "serve-\(UUID().uuidString).yaml", port: LoopbackPort.free(), trustDir: trustDir)
        let serve = try await Self.run(binary, ["serve", "--config", config])
        #expect(serve.status == 1, "serve: \(serve.stdout) \(serve.stderr)", sourceLocation: sourceLocation)
        #expect(serve.stderr.contains("self-check failed") && serve.stderr.contains(needle), "\(needle) not in: \(serve.stderr)", sourceLocation: sourceLocation)
        #expect(!serve.stdout.contains("listening"), sourceLocation: sourceLocation)
    }

    /// The suite's installation.
    static func installation() throws -> Installation {
        try #require(Installation.shared, "the suite's installation was not made")
    }

    /// The attacker's own key pair, in `name`.key and `name`.pub of the workspace.
    static func attackerKey(_ ws: ReleaseWorkspace, name: String) async throws -> (key: String, pub: Data) {
        let keygen = try await CommandRunner.srooter(["keys", "generate", "--name", name, "--unencrypted", "--output-dir", ws.dir.path])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        return (ws.dir.file("\(name).key"), try Self.read(ws.dir.file("\(name).pub")))
    }

    @Test func theUntamperedInstallationPassesAndServes() async throws {
        let installation = try Self.installation()
        let binary = "\(installation.prefix)/current/bin/srooter"
        let check = try await Self.run(binary, ["verify", "--self"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("Self-check passed: srooter 1.1.0") && check.stdout.contains("trust folder \(installation.ws.trust)"), "\(check.stdout)")
        let pinned = "\(installation.prefix)/state"
        let folderMode = try #require(try FileManager.default.attributesOfItem(atPath: pinned)[.posixPermissions] as? Int)
        #expect(folderMode == 0o700)
        try await expectServes(installation, prefix: installation.prefix)
    }

    /// 1. Everything replaced: a new binary, release.json listing it, keys/release.pub and a signature by the other key.
    @Test func aWholeForgedReleaseIsRefused() async throws {
        let installation = try Self.installation()
        let ws = installation.ws
        let (evilKey, evilPub) = try await Self.attackerKey(ws, name: "evil-forged")
        let prefix = try await installation.copy("forged")
        let release = installation.release(prefix)
        let newBinary = try await Self.appendZeroByte(to: "\(release)/bin/srooter")
        try await forgeManifest(release, key: evilKey) { manifest in
            let digests = FileDigests.of(bytes: Array(newBinary))
            for index in manifest.files.indices where manifest.files[index].path == "bin/srooter" {
                manifest.files[index].size = digests.size
                manifest.files[index].sha256 = digests.sha256
                manifest.files[index].blake2b512 = digests.blake2b512
            }
            for index in manifest.files.indices where manifest.files[index].path == "keys/release.pub" {
                let key = FileDigests.of(bytes: Array(evilPub))
                manifest.files[index].size = key.size
                manifest.files[index].sha256 = key.sha256
                manifest.files[index].blake2b512 = key.blake2b512
            }
        }
        try Self.replace("\(release)/keys/release.pub", with: evilPub)
        // The shipped key would vouch for it: the old self-check's answer.
        let evilID = try MinisignPublicKey(contentsOf: ws.dir.file("evil-forged.pub")).keyID.hex
        try await expectRefused(installation, prefix: prefix, needle: evilID)
        // Naming the real trust folder explicitly refuses it as well.
        try await expectRefused(installation, prefix: prefix, needle: evilID, trustDir: ws.trust)
    }

    /// 2. The binary alone.
    @Test func aChangedBinaryIsRefused() async throws {
        let installation = try Self.installation()
        let prefix = try await installation.copy("binary")
        _ = try await Self.appendZeroByte(to: "\(installation.release(prefix))/bin/srooter")
        try await expectRefused(installation, prefix: prefix, needle: "bin/srooter")
    }

    /// 3. release.json alone (an edit the signature does not cover).
    @Test func anEditedManifestIsRefused() async throws {
        let installation = try Self.installation()
        let prefix = try await installation.copy("manifest")
        let path = "\(installation.release(prefix))/release.json"
        let original = String(decoding: try Self.read(path), as: UTF8.self)
        let text = original.replacingOccurrences(of: "\"expires\" : \"2027", with: "\"expires\" : \"2099")
        try #require(text != original)
        try Self.replace(path, with: Data(text.utf8))
        try await expectRefused(installation, prefix: prefix, needle: "signature")
    }

    /// 4. The shipped key alone.
    @Test func aReplacedShippedKeyIsRefused() async throws {
        let installation = try Self.installation()
        let (_, evilPub) = try await Self.attackerKey(installation.ws, name: "evil-key")
        let prefix = try await installation.copy("key")
        try Self.replace("\(installation.release(prefix))/keys/release.pub", with: evilPub)
        try await expectRefused(installation, prefix: prefix, needle: "keys/release.pub")
    }

    /// 5. The signature alone: release.json re-signed by the other key.
    @Test func aManifestSignedByAnotherKeyIsRefused() async throws {
        let installation = try Self.installation()
        let (evilKey, _) = try await Self.attackerKey(installation.ws, name: "evil-signature")
        let prefix = try await installation.copy("signature")
        let release = installation.release(prefix)
        let sign = try await CommandRunner.srooter(
            ["sign", "\(release)/release.json", "--key", evilKey, "--trusted-comment", "file:release.json version:1.1.0 seq:\(installation.sequence)"])
        #expect(sign.status == 0, "\(sign.stderr)")
        try await expectRefused(installation, prefix: prefix, needle: "self-check failed")
    }

    /// 6. The release key revoked in the operator's trust folder (a list inside the release is not read).
    @Test func aKeyRevokedInTheTrustFolderIsRefused() async throws {
        let installation = try Self.installation()
        let ws = installation.ws
        let revokedTrust = ws.dir.file("trust-revoked")
        try FileManager.default.createDirectory(atPath: revokedTrust, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(ws.trust)/rel.pub", toPath: "\(revokedTrust)/rel.pub")
        let id = try MinisignPublicKey(contentsOf: "\(ws.trust)/rel.pub").keyID.hex
        ws.dir.write("trust-revoked/revoked", "\(id)\n")
        try await expectRefused(installation, prefix: installation.prefix, needle: "revoked", trustDir: revokedTrust)
    }

    /// 7. A revocation list (or any file) added inside the release.
    @Test func aFileAddedInsideTheReleaseIsRefused() async throws {
        let installation = try Self.installation()
        let prefix = try await installation.copy("revoked-inside")
        installation.ws.dir.write("revoked-inside/releases/1.1.0/keys/revoked", "# nothing revoked\n")
        try await expectRefused(installation, prefix: prefix, needle: "keys/revoked is on disk but not in release.json")
    }

    /// 8. The older, validly signed release switched in under `current`.
    @Test func anOlderReleaseUnderCurrentIsRefused() async throws {
        let installation = try Self.installation()
        let prefix = try await installation.copy("rollback")
        #expect(unlink("\(prefix)/current") == 0)
        #expect(symlink("releases/1.0.0", "\(prefix)/current") == 0)
        try await expectRefused(installation, prefix: prefix, needle: "older than 1.1.0")
    }

    /// 9. An extra folder, and a mode wider than release.json's.
    @Test func anExtraFolderOrAWiderModeIsRefused() async throws {
        let installation = try Self.installation()
        let prefix = try await installation.copy("extra-folder")
        try FileManager.default.createDirectory(atPath: "\(installation.release(prefix))/etc/sudoers.d", withIntermediateDirectories: true)
        try await expectRefused(installation, prefix: prefix, needle: "etc is on disk but not in release.json")
        let wide = try await installation.copy("wide-mode")
        let readme = "\(installation.release(wide))/README.md"
        try Self.replace(readme, with: try Self.read(readme), mode: 0o666)
        try await expectRefused(installation, prefix: wide, needle: "README.md has mode 0666")
    }

    /// 10. No pinned state: no trust root outside the release, and the message says how to pin one.
    @Test func noPinnedStateIsRefusedWithHowToPin() async throws {
        let installation = try Self.installation()
        let prefix = try await installation.copy("unpinned")
        try FileManager.default.removeItem(atPath: "\(prefix)/state")
        try await expectRefused(installation, prefix: prefix, needle: "no trust root outside the release folder")
        let check = try await Self.run("\(prefix)/current/bin/srooter", ["verify", "--self"])
        #expect(check.stderr.contains("srooter install ARCHIVE --prefix PREFIX --trust-dir KEYS"))
    }

    /// Rewrites `release.json` with `edit` and signs it with `key` (comment as `release pack` writes it).
    func forgeManifest(_ release: String, key: String, _ edit: (inout ReleaseManifest) -> Void) async throws {
        let path = "\(release)/release.json"
        var manifest = try JSONDecoder().decode(ReleaseManifest.self, from: try Self.read(path))
        edit(&manifest)
        let evilID = try MinisignPublicKey(contentsOf: key.replacingOccurrences(of: ".key", with: ".pub")).keyID.hex
        manifest.signer = evilID
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try Self.replace(path, with: try encoder.encode(manifest))
        let sign = try await CommandRunner.srooter(["sign", path, "--key", key, "--trusted-comment", manifest.trustedComment])
        #expect(sign.status == 0, "\(sign.stderr)")
    }

    /// `serve` from `prefix` passes the self-check, listens, and answers /healthz.
    func expectServes(_ installation: Installation, prefix: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let port = LoopbackPort.free()
        let config = Self.config(installation.ws.dir, name: "serve-ok-\(port).yaml", port: port)
        let server = try BackgroundProcess(
            "/usr/bin/timeout", ["-k", "5", "120", "\(prefix)/current/bin/srooter", "serve", "--config", config],
            log: installation.ws.dir.file("serve-ok-\(port).log"), environment: ["HARDENING_TEST_KEY": "sk-test"])
        defer { server.terminate() }
        // The binary hashes itself before listening: wait for its "listening" line, up to 90 s.
        let deadline = ContinuousClock.now + .seconds(90)
        var open = false
        while !open, server.isRunning, ContinuousClock.now < deadline {
            open = server.logText.contains("listening on")
            if !open { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(open, "serve did not listen: \(server.logText)", sourceLocation: sourceLocation)
        guard open else { return }
        let health = try await CommandRunner.run("curl", ["-sS", "--max-time", "10", "http://127.0.0.1:\(port)/healthz"])
        #expect(health.stdout.contains(#""status":"ok""#), "\(health.stdout) \(health.stderr)", sourceLocation: sourceLocation)
        #expect(!server.logText.contains("UNVERIFIED"), sourceLocation: sourceLocation)
    }
}

/// Makes ``ReleaseHardeningTests/Installation`` once for the suite, shares it with the suite's
/// tests, and after the last of them checks that the installation they copied is untouched (the
/// copies are hard links: a test that wrote into a file instead of replacing it would show here).
struct InstalledRelease: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let installation = try await ReleaseHardeningTests.Installation()
        try await ReleaseHardeningTests.Installation.$shared.withValue(installation) { try await function() }
        let check = try await ReleaseHardeningTests.run("\(installation.prefix)/current/bin/srooter", ["verify", "--self"])
        #expect(check.status == 0, "after the suite, the untampered installation: \(check.stderr)")
        try await ReleaseHardeningTests().expectServes(installation, prefix: installation.prefix)
    }
}
