import Foundation
import SrooterSupplyChain
import SrooterTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `install` extracts exactly the bytes it verified and compares the result with the signed
/// manifest (issue 15, Medium 2), and records the acceptance before it switches `current`
/// (Medium 3).
@Suite struct ReleaseInstallHardeningTests {
    /// An `LD_PRELOAD` shim that renames `SHIM_SWAP_FROM` over `SHIM_SWAP_TO` on the first
    /// `mkdtemp` whose template contains `.incoming-`: the moment after verification, before
    /// extraction, when an attacker who can write the download folder swaps the archive.
    static let shimSource = """
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        char *mkdtemp(char *template) {
            static char *(*real)(char *);
            static int done;
            if (!real) real = (char *(*)(char *))dlsym(RTLD_NEXT, "mkdtemp");
            const char *from = getenv("SHIM_SWAP_FROM"), *to = getenv("SHIM_SWAP_TO"), *marker = getenv("SHIM_MARKER");
            if (!done && from && to && strstr(template, ".incoming-")) {
                done = 1;
                if (rename(from, to) == 0 && marker) { FILE *file = fopen(marker, "w"); if (file) fclose(file); }
            }
            return real(template);
        }
        """

    func file(_ name: String, _ text: String) -> [String: Any] {
        ["name": name, "data": Data(text.utf8).base64EncodedString()]
    }

    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func archiveSwappedAfterVerificationInstallsTheVerifiedTree() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        let verifiedManifest = try await ws.entries(of: archive).first { ($0["name"] as? String) == "srooter-1.0.0/release.json" }?["data"] as? String
        // The swapped-in archive: modes 0777/0666, a forged release.json, an extra folder.
        var entries = try await ws.entries(of: archive)
        for index in entries.indices {
            let isDir = (entries[index]["type"] as? String) == "dir"
            entries[index]["mode"] = isDir || (entries[index]["name"] as? String)?.hasSuffix("bin/srooter") == true ? 0o777 : 0o666
            if (entries[index]["name"] as? String) == "srooter-1.0.0/release.json" {
                entries[index]["data"] = Data("{\"forged\": true}\n".utf8).base64EncodedString()
            }
        }
        entries.append(["name": "srooter-1.0.0/etc", "type": "dir", "mode": 0o777])
        entries.append(["name": "srooter-1.0.0/etc/sudoers.d", "type": "dir", "mode": 0o777])
        let hostile = try await ws.hostileArchive("hostile.tar.gz", entries: entries, sign: false)

        let shim = ws.dir.write("shim.c", Self.shimSource)
        let library = ws.dir.file("shim.so")
        let compile = try await CommandRunner.run("cc", ["-shared", "-fPIC", "-o", library, shim, "-ldl"])
        try #require(compile.status == 0, "\(compile.stderr)")
        let marker = ws.dir.file("swapped")
        let prefix = ws.dir.file("prefix")
        let install = try await CommandRunner.run(
            "timeout", ["-k", "5", "120", CommandRunner.srooter, "install", archive, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state],
            environment: ["LD_PRELOAD": library, "SHIM_SWAP_FROM": hostile, "SHIM_SWAP_TO": archive, "SHIM_MARKER": marker])
        #expect(FileManager.default.fileExists(atPath: marker), "the shim never swapped the archive")

        // Either a refusal that leaves nothing behind, or exactly the verified tree.
        if install.status != 0 {
            #expect(!FileManager.default.fileExists(atPath: "\(prefix)/current"), "\(install.stderr)")
            return
        }
        let release = "\(prefix)/releases/1.0.0"
        #expect(try mode(release) == 0o755)
        #expect(try mode("\(release)/bin") == 0o755)
        #expect(try mode("\(release)/bin/srooter") == 0o755)
        #expect(try mode("\(release)/README.md") == 0o644)
        #expect(try mode("\(release)/release.json") == 0o644)
        #expect(!FileManager.default.fileExists(atPath: "\(release)/etc"), "an unlisted folder was installed")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(release)/bin/srooter")) == Data(contentsOf: URL(fileURLWithPath: ws.binary)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(release)/release.json")).base64EncodedString() == verifiedManifest)
    }

    @Test(arguments: [
        ("extra empty folder", "folder etc is in the archive but release.json lists nothing in it"),
        ("wide folder mode", "folder bin has mode 777, not 755"),
    ])
    func treeWithEntriesOrModesTheManifestDoesNotListIsRefused(name: String, reason: String) async throws {
        let change: [[String: Any]] = name == "wide folder mode"
            ? [["name": "srooter-1.0.0/bin", "type": "dir", "mode": 0o777]]
            : [["name": "srooter-1.0.0/etc", "type": "dir"], ["name": "srooter-1.0.0/etc/sudoers.d", "type": "dir"]]
        let ws = try await ReleaseWorkspace()
        var entries = try await ws.entries(of: try await ws.pack())
        for entry in change {
            if let index = entries.firstIndex(where: { ($0["name"] as? String) == entry["name"] as? String }) {
                entries[index] = entries[index].merging(entry) { $1 }
            } else {
                entries.append(entry)
            }
        }
        let archive = try await ws.hostileArchive("srooter-1.0.0-linux-x86_64.tar.gz", entries: entries)
        let verify = try await ws.verify(archive)
        #expect(verify.status == 1, "\(name): \(verify.stderr)")
        #expect(verify.stderr.contains(reason), "\(name): \(verify.stderr)")
        let prefix = ws.dir.file("prefix")
        let install = try await CommandRunner.srooter(["install", archive, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state])
        #expect(install.status == 1, "\(name): \(install.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(prefix)/current"))
    }

    @Test func unwritableStateLeavesThePreviousReleaseLive() async throws {
        let ws = try await ReleaseWorkspace()
        let prefix = ws.dir.file("prefix")
        let first = try await ws.pack(version: "1.0.0", output: ws.dir.file("a"))
        let install = try await CommandRunner.srooter(["install", first, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state])
        #expect(install.status == 0, "\(install.stderr)")
        let second = try await ws.pack(version: "1.1.0", epoch: 1_767_225_700, output: ws.dir.file("b"))

        // A state folder that can be read (nothing recorded yet) but not created, as the default
        // /var/lib/srooter is for a user who may not write /var/lib.
        let unwritable = ws.dir.file("missing-parent/state")
        let upgrade = try await CommandRunner.srooter(["install", second, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", unwritable])
        #expect(upgrade.status == 2, "\(upgrade.stderr)")
        #expect(upgrade.stderr.split(separator: "\n").count == 1 && upgrade.stderr.contains("missing-parent/state"), "\(upgrade.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(prefix)/current") == "releases/1.0.0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(prefix)/releases").sorted() == ["1.0.0"])
        let pinned = try JSONDecoder().decode(PinnedTrust.self, from: Data(contentsOf: URL(fileURLWithPath: "\(prefix)/state/trust.json")))
        #expect(pinned.version == "1.0.0", "the pinned state still names the live release")

        // The prefix's own state cannot be written (a file where its folder belongs): the
        // anti-rollback state already names 1.1.0, so 1.1.0 stays installed, `current` is not
        // switched, and installing again once the state is writable finishes the switch.
        try FileManager.default.removeItem(atPath: "\(prefix)/state")
        ws.dir.write("prefix/state", "not a folder\n")
        let blocked = try await CommandRunner.srooter(["install", second, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state])
        #expect(blocked.status == 2, "\(blocked.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(prefix)/current") == "releases/1.0.0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(prefix)/releases").sorted() == ["1.0.0", "1.1.0"])
        try FileManager.default.removeItem(atPath: "\(prefix)/state")
        let again = try await CommandRunner.srooter(["install", second, "--prefix", prefix, "--trust-dir", ws.trust, "--state-dir", ws.state])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(prefix)/current") == "releases/1.1.0")
        let repinned = try JSONDecoder().decode(PinnedTrust.self, from: Data(contentsOf: URL(fileURLWithPath: "\(prefix)/state/trust.json")))
        #expect(repinned.version == "1.1.0")
    }

    @Test func verifyFailsWhenItCannotRecordTheAcceptance() async throws {
        let ws = try await ReleaseWorkspace()
        let archive = try await ws.pack()
        // Readable (nothing recorded yet) but not creatable: the acceptance cannot be recorded.
        let unwritable = ws.dir.file("missing-parent/state")
        let result = try await CommandRunner.srooter(["verify", archive, "--trust-dir", ws.trust, "--state-dir", unwritable])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("missing-parent/state"), "\(result.stderr)")
        #expect(!result.stdout.contains("Release verified"))
    }
}
