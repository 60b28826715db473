import Foundation
import SrooterTestSupport
import Testing
@testable import SrooterSupplyChain

@Suite struct TarballTests {
    let dir = TemporaryDirectory()

    func items() -> [TarballWriter.Item] {
        let a = dir.write("a.txt", "alpha\n")
        let b = dir.write("b.bin", (0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        return [
            .init(path: "top/z/last.txt", source: a),
            .init(path: "top/bin/tool", source: b, executable: true),
            .init(path: "top/A.txt", source: a),
        ]
    }

    @Test func writesSortedReproducibleArchives() throws {
        try TarballWriter.write(items(), to: dir.file("one.tar.gz"), mtime: 1_700_000_000)
        try TarballWriter.write(items().reversed(), to: dir.file("two.tar.gz"), mtime: 1_700_000_000)
        #expect(dir.read("one.tar.gz") == dir.read("two.tar.gz"))
        try TarballWriter.write(items(), to: dir.file("three.tar.gz"), mtime: 1_700_000_001)
        #expect(dir.read("one.tar.gz") != dir.read("three.tar.gz"))
        // The gzip header's MTIME field (bytes 4..<8) is zero.
        #expect(Array(dir.read("one.tar.gz")[4..<8]) == [0, 0, 0, 0])

        var seen: [TarballEntry] = []
        var sizes: [String: Int] = [:]
        try TarballReader(archivePath: dir.file("one.tar.gz")).forEachEntry { (entry, readData) throws(ReleaseError) in
            seen.append(entry)
            var count = 0
            try readData { (chunk: UnsafeRawBufferPointer) throws(ReleaseError) in count += chunk.count }
            sizes[entry.path] = count
        }
        #expect(seen.map(\.path) == ["top", "top/A.txt", "top/bin", "top/bin/tool", "top/z", "top/z/last.txt"])
        #expect(seen.first { $0.path == "top/bin/tool" }?.mode == 0o755)
        #expect(seen.first { $0.path == "top/A.txt" }?.mode == 0o644)
        #expect(seen.filter(\.isDirectory).allSatisfy { $0.mode == 0o755 })
        #expect(sizes["top/bin/tool"] == 70_000)
    }

    @Test(arguments: [
        ("a/b", "a/b"), ("a/b/", "a/b"), ("/a", nil), ("a/../b", nil), ("..", nil), ("a//b", nil), ("./a", nil),
        ("a/\u{1}b", nil), ("a\\b", nil), ("", nil),
    ] as [(String, String?)])
    func entryPathRules(raw: String, expected: String?) {
        switch TarballEntry.checkedPath(raw, maxBytes: 256) {
        case .success(let path): #expect(path == expected)
        case .failure: #expect(expected == nil)
        }
    }

    @Test func smallArchiveExpandingPastTheLimitIsStopped() throws {
        let zeros = dir.write("zeros", [UInt8](repeating: 0, count: 8 << 20))
        try TarballWriter.write([.init(path: "top/zeros", source: zeros)], to: dir.file("bomb.tar.gz"), mtime: 0)
        #expect(dir.read("bomb.tar.gz").count < 64 << 10, "8 MiB of zeros compress to a few KiB")
        let limits = TarballLimits(maxArchiveBytes: 1 << 20, maxEntries: 10, maxEntryBytes: 16 << 20, maxTotalBytes: 1 << 20, maxPathBytes: 64)
        #expect(throws: ReleaseError.self) {
            try TarballReader(archivePath: dir.file("bomb.tar.gz"), limits: limits).forEachEntry { (_, readData) throws(ReleaseError) in
                try readData { (_: UnsafeRawBufferPointer) throws(ReleaseError) in }
            }
        }
    }

    @Test func limitsOnCountAndArchiveSize() throws {
        try TarballWriter.write(items(), to: dir.file("t.tar.gz"), mtime: 0)
        let fewEntries = TarballLimits(maxArchiveBytes: 1 << 20, maxEntries: 3, maxEntryBytes: 1 << 20, maxTotalBytes: 1 << 20, maxPathBytes: 64)
        #expect(throws: ReleaseError.limitExceeded(archive: dir.file("t.tar.gz"), reason: "more than 3 entries")) {
            try TarballReader(archivePath: dir.file("t.tar.gz"), limits: fewEntries).forEachEntry { (_, _) throws(ReleaseError) in }
        }
        let tiny = TarballLimits(maxArchiveBytes: 100, maxEntries: 10, maxEntryBytes: 1 << 20, maxTotalBytes: 1 << 20, maxPathBytes: 64)
        #expect(throws: ReleaseError.self) {
            try TarballReader(archivePath: dir.file("t.tar.gz"), limits: tiny).forEachEntry { (_, _) throws(ReleaseError) in }
        }
    }

    @Test func installStateOrdersVersionThenSequence() {
        let state = InstallState(version: "1.2.0", sequence: 10)
        #expect(state.admits(version: "1.2.0", sequence: 10))
        #expect(state.admits(version: "1.2.1", sequence: 10))
        // Neither may decrease: a higher version with a lower sequence is refused (issue 15).
        #expect(!state.admits(version: "1.2.1", sequence: 1))
        #expect(!state.admits(version: "1.2.0", sequence: 9))
        #expect(!state.admits(version: "1.1.9", sequence: 99))
        #expect(!state.admits(version: "1.2.0-rc.1", sequence: 11))
    }

    @Test func dssePreAuthenticationEncoding() {
        let pae = Provenance.preAuthenticationEncoding(type: "application/vnd.in-toto+json", body: Array("{}".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 28 application/vnd.in-toto+json 2 {}")
    }
}
