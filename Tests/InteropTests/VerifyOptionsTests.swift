import Foundation
import SrooterTestSupport
import Testing

/// `srooter verify` refuses an option that does not apply to what it verifies (a release archive,
/// a signed file, or `--self`), with one line naming the option and exit code 2, before it reads
/// or records anything; it used to ignore it (`--pubkey` with a release archive checked the
/// archive against the trust folder, whatever key was named).
@Suite struct VerifyOptionsTests {
    func expectRefused(_ result: CommandResult, naming option: String, _ subject: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, "\(option): \(result.status) \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("srooter: error: \(option) does not apply to \(subject)") == true,
                "\(option): \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aReleaseArchiveRefusesThePlainFileOptions() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        let state = ws.dir.file("fresh-state")
        let other = try await CommandRunner.srooter(["keys", "generate", "--name", "other", "--unencrypted", "--output-dir", ws.dir.path])
        try #require(other.status == 0, "\(other.stderr)")
        for extra in [["--pubkey", ws.dir.file("other.pub")], ["--pubkey", ws.dir.file("rel.pub")], ["--allow-legacy"]] {
            let result = try await CommandRunner.srooter(["verify", archive, "--trust-dir", ws.trust, "--state-dir", state] + extra)
            expectRefused(result, naming: extra[0], "a release archive")
            #expect(!FileManager.default.fileExists(atPath: state), "a refused verification recorded an acceptance")
        }
        // The same archive and options, less the one that does not apply, verify.
        let accepted = try await CommandRunner.srooter(["verify", archive, "--trust-dir", ws.trust, "--state-dir", state])
        #expect(accepted.status == 0 && accepted.stdout.hasPrefix("Release verified"), "\(accepted.stderr)")
    }

    @Test func aSignedFileRefusesTheReleaseOptions() async throws {
        let ws = try await ReleaseWorkspace()
        let file = ws.dir.write("notes.txt", "release notes\n")
        try await ws.sign(file)
        let base = ["verify", file, "--pubkey", ws.dir.file("rel.pub"), "--trust-dir", ws.trust]
        let plain = try await CommandRunner.srooter(base + ["--sig", file + ".minisig", "--allow-legacy"])
        #expect(plain.status == 0 && plain.stdout.contains("Signature and comment signature verified"), "\(plain.stderr)")
        for extra in [["--json"], ["--state-dir", ws.state], ["--max-clock-skew", "60"], ["--allow-downgrade"], ["--scan-db", ws.dir.file("db")],
                      ["--fail-on", "critical"]] {
            expectRefused(try await CommandRunner.srooter(base + extra), naming: extra[0], "a signed file")
        }
    }

    @Test func selfRefusesEverythingButTheTrustFolder() async throws {
        let ws = try await ReleaseWorkspace()
        for extra in [["--pubkey", ws.dir.file("rel.pub")], ["--sig", ws.dir.file("x.minisig")], ["--allow-legacy"], ["--json"],
                      ["--state-dir", ws.state], ["--allow-downgrade"]] {
            expectRefused(try await CommandRunner.srooter(["verify", "--self", "--trust-dir", ws.trust] + extra), naming: extra[0], "--self")
        }
    }

    /// The help's examples use only options that apply.
    @Test func theHelpExamplesUseOptionsThatApply() async throws {
        for command in [[], ["verify"]] {
            let help = try await CommandRunner.srooter(command + ["--help"]).stdout
            for line in help.split(separator: "\n") where line.contains("srooter verify ") && line.contains(".tar.gz") {
                #expect(!line.contains("--pubkey") && !line.contains("--allow-legacy"), "\(command): \(line)")
            }
        }
    }
}
