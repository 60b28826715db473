import Foundation
import SrooterTestSupport
import Testing

/// The CLI's bad-input contract: one line naming the file, exit 1 for failed checks and 2 for
/// unusable input, and nothing written.
@Suite struct SigningCLITests {
    let dir = TemporaryDirectory()

    func expectOneLineError(_ result: CommandResult, status: Int32, mentioning needles: [String]) {
        #expect(result.status == status, "stderr: \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(result.stderr)")
        for needle in needles { #expect(result.stderr.contains(needle), "\(needle) not in: \(result.stderr)") }
    }

    /// A signed file with an unencrypted key: returns (file, pub, key).
    func signedFile() async throws -> (String, String, String) {
        _ = try await CommandRunner.srooter(["keys", "generate", "--name", "k", "--unencrypted", "--output-dir", dir.path])
        let file = dir.write("f.txt", "content\n")
        let sign = try await CommandRunner.srooter(["sign", file, "--key", dir.file("k.key")])
        #expect(sign.status == 0)
        return (file, dir.file("k.pub"), dir.file("k.key"))
    }

    @Test func versionAndHelpExplainWithExamples() async throws {
        let version = try await CommandRunner.srooter(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let commands: [[String]] = [
            [], ["keys"], ["keys", "generate"], ["sign"], ["verify"], ["release"], ["release", "pack"], ["install"], ["serve"],
            ["sbom"], ["sbom", "generate"], ["sbom", "validate"], ["sbom", "diff"], ["pins"], ["pins", "generate"],
            ["pins", "check"], ["scan"], ["access"], ["access", "create"], ["config", "check"], ["mock-upstream"],
            ["org"], ["team"], ["user"], ["policy"], ["audit"], ["audit", "verify"], ["audit", "export"],
            ["credentials"], ["credentials", "add"], ["vault"], ["vault", "rotate-master"],
        ]
        for command in commands {
            let help = try await CommandRunner.srooter(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Example"), "no example in help of \(command)")
        }
    }

    @Test func keyGenerationWritesModesAndNeverOverwrites() async throws {
        let first = try await CommandRunner.srooter(["keys", "generate", "--name", "k", "--unencrypted", "--output-dir", dir.path])
        #expect(first.status == 0)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: dir.file("k.key"))[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        #expect(String(decoding: dir.read("k.pub"), as: UTF8.self).hasPrefix("untrusted comment: "))
        let before = dir.read("k.key")
        let second = try await CommandRunner.srooter(["keys", "generate", "--name", "k", "--unencrypted", "--output-dir", dir.path])
        expectOneLineError(second, status: 2, mentioning: ["k.key", "already exists"])
        #expect(dir.read("k.key") == before)
    }

    @Test func passwordFileMayBeAPipe() async throws {
        let script = "\"$0\" keys generate --name piped --output-dir \"$1\" --password-file <(printf 'from a pipe\\n')"
        let result = try await CommandRunner.run("bash", ["-c", script, CommandRunner.srooter, dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let file = dir.write("f.txt", "x")
        let sign = try await CommandRunner.srooter(
            ["sign", file, "--key", dir.file("piped.key")], environment: ["SROOTER_KEY_PASSWORD": "from a pipe"])
        #expect(sign.status == 0, "\(sign.stderr)")
    }

    @Test func encryptedKeyWithoutPasswordSourceWritesNothing() async throws {
        let result = try await CommandRunner.srooter(["keys", "generate", "--name", "k", "--output-dir", dir.path])
        expectOneLineError(result, status: 2, mentioning: ["k.key", "SROOTER_KEY_PASSWORD"])
        #expect(dir.names().isEmpty)
    }

    @Test func signingWritesNothingWhenOneFileIsMissing() async throws {
        _ = try await CommandRunner.srooter(["keys", "generate", "--name", "k", "--unencrypted", "--output-dir", dir.path])
        let present = dir.write("present.txt", "x")
        let result = try await CommandRunner.srooter(["sign", present, dir.file("absent.txt"), "--key", dir.file("k.key")])
        expectOneLineError(result, status: 2, mentioning: ["absent.txt", "no such file"])
        #expect(!FileManager.default.fileExists(atPath: "\(present).minisig"))
    }

    @Test func verifyMissingFileOrSignature() async throws {
        let (file, pub, _) = try await signedFile()
        expectOneLineError(try await CommandRunner.srooter(["verify", dir.file("nope"), "--pubkey", pub]), status: 2, mentioning: ["nope"])
        try FileManager.default.removeItem(atPath: "\(file).minisig")
        expectOneLineError(try await CommandRunner.srooter(["verify", file, "--pubkey", pub]), status: 2, mentioning: ["f.txt.minisig"])
    }

    @Test func verifyRefusesBrokenSignatureFiles() async throws {
        let (file, pub, _) = try await signedFile()
        let good = String(decoding: dir.read("f.txt.minisig"), as: UTF8.self)
        var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let cases: [(String, String, Int32)] = [
            (good.replacingOccurrences(of: "trusted comment: timestamp", with: "trusted comment: time\rstamp"), "carriage return", 2),
            (good.replacingOccurrences(of: "trusted comment: timestamp", with: "trusted comment: \u{1B}[31mtimestamp"), "unprintable", 2),
            ({ lines[1] = "*" + lines[1].dropFirst(); return lines.joined(separator: "\n") }(), "base64", 2),
            ({ lines[1] = Data(repeating: 0x45, count: 73).base64EncodedString(); return lines.joined(separator: "\n") }(), "expected 74", 2),
            (good + String(repeating: "#", count: 17 * 1024), "over the limit", 2),
        ]
        for (text, needle, status) in cases {
            try text.write(toFile: "\(file).minisig", atomically: true, encoding: .utf8)
            expectOneLineError(try await CommandRunner.srooter(["verify", file, "--pubkey", pub]), status: status, mentioning: ["f.txt.minisig", needle])
        }
    }

    @Test func verifyReportsKeyMismatchWithBothIds() async throws {
        let (file, _, _) = try await signedFile()
        _ = try await CommandRunner.srooter(["keys", "generate", "--name", "other", "--unencrypted", "--output-dir", dir.path])
        let result = try await CommandRunner.srooter(["verify", file, "--pubkey", dir.file("other.pub")])
        expectOneLineError(result, status: 1, mentioning: ["f.txt.minisig", "other.pub", "signed by key"])
        let ids = result.stderr.split(whereSeparator: { !$0.isHexDigit }).filter { $0.count == 16 && $0.allSatisfy(\.isHexDigit) }
        #expect(ids.count == 2 && ids[0] != ids[1])
    }

    @Test func badPublicKeyFileIsUnusableInput() async throws {
        let (file, _, _) = try await signedFile()
        let bad = dir.write("bad.pub", "untrusted comment: x\nRWQ=\n")
        expectOneLineError(try await CommandRunner.srooter(["verify", file, "--pubkey", bad]), status: 2, mentioning: ["bad.pub"])
    }
}
