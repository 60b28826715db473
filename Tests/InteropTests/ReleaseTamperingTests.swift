import Foundation
import SrooterSupplyChain
import SrooterTestSupport
import Testing

/// Every hostile or stale release is refused with a one-line reason and exit code 1, and
/// nothing is written outside a temporary folder. Hostile archives are signed with the trusted
/// key, as a compromised build pipeline would, so the checks inside the archive are reached.
@Suite struct ReleaseTamperingTests {
    func expectRefused(_ result: CommandResult, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "not one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(needle), "\(needle) not in: \(result.stderr)", sourceLocation: sourceLocation)
    }

    func file(_ name: String, _ text: String = "x") -> [String: Any] {
        ["name": name, "data": Data(text.utf8).base64EncodedString()]
    }

    @Test(arguments: [
        ("dotdot", [["name": "srooter-1.0.0/../evil.txt", "data": "eA=="]], "path goes up with .."),
        ("absolute", [["name": "/tmp/srooter-evil.txt", "data": "eA=="]], "absolute path"),
        ("symlink", [["name": "srooter-1.0.0/bin/srooter", "type": "symlink", "link": "/etc/passwd"]], "symbolic link"),
        ("hardlink", [["name": "srooter-1.0.0/passwd", "type": "hardlink", "link": "../../etc/passwd"]], "hard link"),
        ("device", [["name": "srooter-1.0.0/dev", "type": "chr"]], "device node"),
        ("fifo", [["name": "srooter-1.0.0/pipe", "type": "fifo"]], "FIFO"),
    ] as [(String, [[String: String]], String)])
    func unsafeEntriesAreRefused(name: String, entries: [[String: String]], reason: String) async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.hostileArchive("\(name).tar.gz", entries: entries)
        expectRefused(try await ws.verify(archive), reason)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/srooter-evil.txt"))
        let prefix = ws.dir.file("prefix")
        let install = try await CommandRunner.srooter(["install", archive, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state])
        expectRefused(install, reason)
        #expect(!FileManager.default.fileExists(atPath: prefix))
    }

    @Test func tooManyEntries() async throws {
        let ws = try await ReleaseWorkspace()
        let entries = (0..<100).map { file("srooter-1.0.0/f\($0)") }
        expectRefused(try await ws.verify(try await ws.hostileArchive("many.tar.gz", entries: entries)), "more than 64 entries")
    }

    @Test func entryLargerThanTheManifestSays() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await ws.entries(of: try await ws.pack())
        let index = try #require(entries.firstIndex { ($0["name"] as? String) == "srooter-1.0.0/bin/srooter" })
        let original = try #require(Data(base64Encoded: entries[index]["data"] as? String ?? ""))
        entries[index]["data"] = (original + Data(repeating: 0x90, count: 10)).base64EncodedString()
        let archive = try await ws.hostileArchive("srooter-1.0.0-linux-x86_64.tar.gz", entries: entries)
        expectRefused(try await ws.verify(archive), "bin/srooter is \(original.count + 10) bytes, release.json says \(original.count)")
    }

    @Test func unlistedFileIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        var entries = try await ws.entries(of: try await ws.pack())
        entries.append(file("srooter-1.0.0/bin/backdoor"))
        let archive = try await ws.hostileArchive("srooter-1.0.0-linux-x86_64.tar.gz", entries: entries)
        expectRefused(try await ws.verify(archive), "bin/backdoor is in the archive but not in release.json")
    }

    @Test func truncatedArchive() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        let cut = ws.dir.file("cut.tar.gz")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))
        try await ws.sign(cut)
        expectRefused(try await ws.verify(cut), "truncated or corrupt")
    }

    @Test func gzipBombIsStoppedByTheSizeLimit() async throws {
        let ws = try await ReleaseWorkspace()
        // 3 GiB of zeros compress to a few MB; the declared size alone exceeds the entry limit.
        let archive = try await ws.hostileArchive("bomb.tar.gz", entries: [["name": "srooter-1.0.0/bin/srooter", "zeros": 3 << 30]])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int)
        #expect(size < 8 << 20)
        expectRefused(try await ws.verify(archive), "size limit")
    }

    @Test func validSignatureFromARevokedKey() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        let id = try #require(try await ws.verify(archive, ["--json"]).stdout.split(separator: "\"").drop { $0 != "signer" }.dropFirst(2).first)
        try "\(id)\n".write(toFile: "\(ws.trust)/revoked", atomically: true, encoding: .utf8)
        expectRefused(try await ws.verify(archive), "\(id) is revoked")
    }

    @Test func archiveSignedByAnUntrustedKey() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        _ = try await CommandRunner.srooter(["keys", "generate", "--name", "other", "--unencrypted", "--output-dir", ws.dir.path])
        #expect(try await CommandRunner.srooter(["sign", archive, "--key", ws.dir.file("other.key")]).status == 0)
        expectRefused(try await ws.verify(archive), "not among the trusted keys")
    }

    @Test func manifestFromAnotherVersionIsRefused() async throws {
        let ws = try await ReleaseWorkspace()
        let old = try await ws.entries(of: try await ws.pack(version: "1.0.0", output: ws.dir.file("old")))
        var new = try await ws.entries(of: try await ws.pack(version: "1.0.1", epoch: 1_767_225_700, output: ws.dir.file("new")))
        for name in ["release.json", "release.json.minisig"] {
            let oldEntry = try #require(old.first { ($0["name"] as? String) == "srooter-1.0.0/\(name)" })
            let index = try #require(new.firstIndex { ($0["name"] as? String) == "srooter-1.0.1/\(name)" })
            new[index]["data"] = oldEntry["data"]
        }
        let archive = try await ws.hostileArchive("srooter-1.0.1-linux-x86_64.tar.gz", entries: new)
        expectRefused(try await ws.verify(archive), "release.json: version 1.0.0 does not match the archive's folder srooter-1.0.1")
    }

    @Test func expiredManifest() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack(epoch: 1_600_000_000, expiresInDays: 30)
        expectRefused(try await ws.verify(archive), "expired on 2020-10-13T12:26:40Z")
    }

    @Test func olderReleaseAfterANewerOne() async throws {
        let ws = try await ReleaseWorkspace()
        let newer = try await ws.pack(version: "1.1.0", epoch: 1_767_225_700, output: ws.dir.file("newer"))
        let older = try await ws.pack(version: "1.0.0", output: ws.dir.file("older"))
        #expect(try await ws.verify(newer).status == 0)
        expectRefused(try await ws.verify(older), "release 1.0.0 (seq 1767225600) is older than 1.1.0 (seq 1767225700)")
        #expect(try await ws.verify(older, ["--allow-downgrade"]).status == 0)
        // A re-signed older build of the same version (lower sequence) is a rollback too.
        let sameVersionOlderSeq = try await ws.pack(version: "1.1.0", epoch: 1_767_225_650, output: ws.dir.file("resigned"))
        expectRefused(try await ws.verify(sameVersionOlderSeq), "is older than")
    }

    @Test func tamperedBytesFailTheOuterSignatureFirst() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: archive))
        expectRefused(try await ws.verify(archive), "signature verification failed")
    }
}
