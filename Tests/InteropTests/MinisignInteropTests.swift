import Foundation
import SrooterTestSupport
import Testing

/// srooter and Debian's `minisign` must accept each other's keys and signatures, and both must
/// refuse tampering.
@Suite struct MinisignInteropTests {
    let dir = TemporaryDirectory()

    func minisignVerifies(_ file: String, pubkey: String, sig: String? = nil) async throws -> Bool {
        var arguments = ["-V", "-p", pubkey, "-m", file]
        if let sig { arguments += ["-x", sig] }
        let result = try await CommandRunner.run("minisign", arguments)
        if result.status == 0 { #expect(result.stdout.contains("Signature and comment signature verified")) }
        return result.status == 0
    }

    @Test func srooterSignaturesVerifyWithMinisign() async throws {
        let keygen = try await CommandRunner.srooter(["keys", "generate", "--name", "rel", "--unencrypted", "--output-dir", dir.path])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let file = dir.write("notes.txt", "release notes\n")
        let sign = try await CommandRunner.srooter(["sign", file, "--key", dir.file("rel.key"), "--version-label", "1.2.3"])
        #expect(sign.status == 0, "\(sign.stderr)")
        #expect(try await minisignVerifies(file, pubkey: dir.file("rel.pub")))
        let quiet = try await CommandRunner.run("minisign", ["-V", "-Q", "-p", dir.file("rel.pub"), "-m", file])
        #expect(quiet.stdout.contains("file:notes.txt\thashed\tversion:1.2.3"))

        dir.write("notes.txt", "release notes, edited\n")
        #expect(try await !minisignVerifies(file, pubkey: dir.file("rel.pub")))
        dir.write("notes.txt", "release notes\n")
        let sig = String(decoding: dir.read("notes.txt.minisig"), as: UTF8.self)
        dir.write("notes.txt.minisig", sig.replacingOccurrences(of: "version:1.2.3", with: "version:9.9.9"))
        #expect(try await !minisignVerifies(file, pubkey: dir.file("rel.pub")))
    }

    @Test func srooterEncryptedKeyDecryptsInMinisign() async throws {
        let passwordFile = dir.write("pw", "s3cret pass\n")
        let keygen = try await CommandRunner.srooter(
            ["keys", "generate", "--name", "enc", "--password-file", passwordFile, "--output-dir", dir.path])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let file = dir.write("blob.bin", "blob")
        let minisignSign = try await CommandRunner.run(
            "minisign", ["-S", "-s", dir.file("enc.key"), "-m", file, "-x", dir.file("by-minisign.minisig")],
            stdin: "s3cret pass\n")
        #expect(minisignSign.status == 0, "\(minisignSign.stderr)")
        let verify = try await CommandRunner.srooter(
            ["verify", file, "--pubkey", dir.file("enc.pub"), "--sig", dir.file("by-minisign.minisig")])
        #expect(verify.status == 0, "\(verify.stderr)")

        let srooterSign = try await CommandRunner.srooter(
            ["sign", file, "--key", dir.file("enc.key")], environment: ["SROOTER_KEY_PASSWORD": "s3cret pass"])
        #expect(srooterSign.status == 0, "\(srooterSign.stderr)")
        #expect(try await minisignVerifies(file, pubkey: dir.file("enc.pub")))
    }

    @Test func minisignUnencryptedKeyAndSignaturesWorkInSrooter() async throws {
        let keygen = try await CommandRunner.run("minisign", ["-G", "-W", "-p", dir.file("m.pub"), "-s", dir.file("m.key")])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let file = dir.write("data.txt", "some data\n")
        let sign = try await CommandRunner.run("minisign", ["-S", "-s", dir.file("m.key"), "-m", file, "-t", "made by minisign"])
        #expect(sign.status == 0)
        let verify = try await CommandRunner.srooter(["verify", file, "--pubkey", dir.file("m.pub")])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("Trusted comment: made by minisign"))

        // srooter signs with minisign's key, and minisign accepts it.
        let resign = try await CommandRunner.srooter(["sign", file, "--key", dir.file("m.key")])
        #expect(resign.status == 0, "\(resign.stderr)")
        #expect(try await minisignVerifies(file, pubkey: dir.file("m.pub")))

        dir.write("data.txt", "some data!\n")
        let tampered = try await CommandRunner.srooter(["verify", file, "--pubkey", dir.file("m.pub")])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("signature verification failed"))
    }

    @Test func minisignEncryptedKeyWorksInSrooter() async throws {
        let keygen = try await CommandRunner.run(
            "minisign", ["-G", "-p", dir.file("m.pub"), "-s", dir.file("m.key")], stdin: "hunter2\nhunter2\n")
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let file = dir.write("f.txt", "x")
        let wrong = try await CommandRunner.srooter(
            ["sign", file, "--key", dir.file("m.key")], environment: ["SROOTER_KEY_PASSWORD": "hunter3"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("wrong password"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("f.txt.minisig")))
        let right = try await CommandRunner.srooter(
            ["sign", file, "--key", dir.file("m.key")], environment: ["SROOTER_KEY_PASSWORD": "hunter2"])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(try await minisignVerifies(file, pubkey: dir.file("m.pub")))
    }

    @Test func legacySignaturesAreRefusedUnlessAllowed() async throws {
        _ = try await CommandRunner.run("minisign", ["-G", "-W", "-p", dir.file("m.pub"), "-s", dir.file("m.key")])
        let file = dir.write("old.txt", "legacy")
        let sign = try await CommandRunner.run("minisign", ["-S", "-l", "-s", dir.file("m.key"), "-m", file])
        #expect(sign.status == 0)
        let refused = try await CommandRunner.srooter(["verify", file, "--pubkey", dir.file("m.pub")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("legacy"))
        let allowed = try await CommandRunner.srooter(["verify", file, "--pubkey", dir.file("m.pub"), "--allow-legacy"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test func trustFolderAndRevocation() async throws {
        _ = try await CommandRunner.run("minisign", ["-G", "-W", "-p", dir.file("m.pub"), "-s", dir.file("m.key")])
        let trust = dir.file("trust")
        try FileManager.default.createDirectory(atPath: trust, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir.file("m.pub"), toPath: "\(trust)/m.pub")
        let file = dir.write("a.txt", "a")
        _ = try await CommandRunner.run("minisign", ["-S", "-s", dir.file("m.key"), "-m", file])
        let ok = try await CommandRunner.srooter(["verify", file, "--trust-dir", trust])
        #expect(ok.status == 0, "\(ok.stderr)")
        let keyID = try #require(ok.stdout.split(separator: "\n").first { $0.hasPrefix("Key id: ") }?.split(separator: " ")[2])
        #expect(keyID.count == 16)

        try "# revoked after a laptop loss\n\(keyID)\n".write(toFile: "\(trust)/revoked", atomically: true, encoding: .utf8)
        for arguments in [["--trust-dir", trust], ["--pubkey", dir.file("m.pub"), "--trust-dir", trust]] {
            let revoked = try await CommandRunner.srooter(["verify", file] + arguments)
            #expect(revoked.status == 1)
            #expect(revoked.stderr.contains("\(keyID) is revoked"))
        }
    }
}
