import SrooterSupplyChain
import Testing

@Suite struct AdvisoryDatabaseTests {
    @Test func loadsFoldersSkippingWithdrawnAndReportingMalformed() throws {
        let database = try AdvisoryDatabase.load(["\(Fixtures.osv)/real", "\(Fixtures.osv)/synthetic", "\(Fixtures.osv)/malformed"])
        let ids = Set(database.advisories.map(\.id))
        #expect(ids.contains("GHSA-7fj7-39wj-c64f"))
        #expect(ids.contains("DSA-5532-1"))
        #expect(!ids.contains("TEST-WITHDRAWN"))
        #expect(database.withdrawnCount == 1)
        #expect(database.fileCount == 19)
        #expect(database.advisories.count == 15)
        let malformed = database.malformed.map { PathName.base(of: $0.file) }.sorted()
        #expect(malformed == ["no-id.json", "not-json.json", "two-keys-in-event.json"])
    }

    @Test func tolerantOfUnknownFieldsAndOddFreeFormObjects() throws {
        let database = try AdvisoryDatabase.load(["\(Fixtures.osv)/synthetic/TEST-UNKNOWN-ECOSYSTEM.json"])
        #expect(database.advisories.first?.id == "TEST-UNKNOWN-ECOSYSTEM")
        #expect(database.advisories.first?.databaseSeverity == nil)
    }

    @Test func duplicatesKeepTheNewestCopy() throws {
        let scratch = ScratchFolder()
        try scratch.write("old.json", #"{"id": "X-1", "modified": "2020-01-01T00:00:00Z", "summary": "old"}"#)
        try scratch.write("new.json", #"{"id": "X-1", "modified": "2024-01-01T00:00:00Z", "summary": "new"}"#)
        let database = try AdvisoryDatabase.load([scratch.path])
        #expect(database.advisories.count == 1)
        #expect(database.advisories.first?.summary == "new")
        #expect(database.duplicateCount == 1)
    }

    @Test func readsZipExportsInPlace() throws {
        let scratch = ScratchFolder()
        let zip = "\(scratch.path)/all.zip"
        try makeZip(zip, from: ["\(Fixtures.osv)/real", "\(Fixtures.osv)/malformed"])
        let database = try AdvisoryDatabase.load([zip])
        #expect(database.advisories.count == 5)
        #expect(database.malformed.count == 3)
        #expect(database.malformed.contains { $0.file == "\(zip):not-json.json" })
        // Nothing was unpacked beside the archive.
        #expect(try FileTreeListing.names(scratch.path) == ["all.zip"])
    }

    @Test func corruptAndTruncatedZipsAreUnusableInput() throws {
        let scratch = ScratchFolder()
        let zip = "\(scratch.path)/all.zip"
        try makeZip(zip, from: ["\(Fixtures.osv)/real"])
        let bytes = try FileReader.read(zip, limit: 1 << 20)
        let truncated = try scratch.write("truncated.zip", "")
        try AtomicFile.write(Array(bytes.prefix(bytes.count / 2)), to: truncated)
        let garbage = try scratch.write("garbage.zip", "this is not a zip archive at all")
        // One flipped byte inside the first entry's compressed data: a CRC or inflate error.
        var flippedBytes = bytes
        flippedBytes[100] ^= 0xFF
        let flipped = try scratch.write("flipped.zip", "")
        try AtomicFile.write(flippedBytes, to: flipped)
        for path in [truncated, garbage, flipped] {
            #expect {
                _ = try AdvisoryDatabase.load([path])
            } throws: { error in
                guard case ScanError.corruptArchive(let named, _) = error else { return false }
                return named == path
            }
        }
        #expect(throws: ScanError.file(.missing(path: "\(scratch.path)/absent"))) {
            _ = try AdvisoryDatabase.load(["\(scratch.path)/absent"])
        }
    }

    @Test func oversizedZipEntriesAreSkippedWithAReason() throws {
        let scratch = ScratchFolder()
        let zip = "\(scratch.path)/all.zip"
        try makeZip(zip, from: ["\(Fixtures.osv)/real"])
        var database = AdvisoryDatabase()
        database.limits.entryBytes = 2048
        try database.add(zip)
        database.finish()
        #expect(database.advisories.map(\.id).sorted() == ["DEBIAN-CVE-2024-2511", "DSA-5532-1", "GHSA-q36x-r5x4-h4q6"])
        #expect(database.malformed.count == 2)
    }

    /// Zips every JSON file of `folders` (flat) with Python's zipfile module.
    private func makeZip(_ path: String, from folders: [String]) throws {
        let script = """
            import sys, zipfile, os
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                for folder in sys.argv[2:]:
                    for name in sorted(os.listdir(folder)):
                        z.write(os.path.join(folder, name), name)
            """
        let outcome = try Subprocess.run("python3", ["-c", script, path] + folders)
        try #require(outcome.status == 0, "\(outcome.firstErrorLine)")
    }
}

/// Folder listings for assertions.
enum FileTreeListing {
    static func names(_ folder: String) throws -> [String] {
        try Subprocess.run("ls", ["-A", folder]).output.split(separator: "\n").map(String.init).sorted()
    }
}
