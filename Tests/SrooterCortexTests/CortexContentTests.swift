import Foundation
import SrooterTestSupport
import Testing

/// The promise: the graph holds names and numbers, never file contents, and names are sealed.
@Suite struct CortexContentTests {
    @Test func canariesAppearNowhereAndNamesAreSealed() async throws {
        let fixture = try await CortexFixture()
        var printed = ""
        func run(_ arguments: [String]) async throws {
            let result = try await fixture.srooter(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            printed += result.stdout + result.stderr
        }
        try await run(["index", fixture.repo, "--repo", "shapes", "--team", "platform"])
        fixture.write("Sources/Shapes/Helpers.swift", "func helperScale(_ value: Double) -> Double { value * 3.14 } // CANARYcomment again\n")
        try await run(["index", fixture.repo, "--repo", "shapes"])
        try await run(["map", "--repo", "shapes", "--budget", "4000"])
        try await run(["map", "--repo", "shapes", "--focus", "Circle", "--budget", "4000", "--json"])
        for name in ["Circle", "area", "helperScale", "render", "format_total", "hidden_step", "Shape"] {
            try await run(["search", name, "--repo", "shapes", "--json"])
            try await run(["neighbours", name, "--repo", "shapes"])
        }
        try await run(["path", "Sources/App/main.swift", "Sources/Shapes/Helpers.swift", "--repo", "shapes", "--json"])
        try await run(["repos"])
        #expect(printed.contains("helperScale") && printed.contains("platform"), "the queries printed nothing to check")
        let export = try await CommandRunner.srooter(["audit", "export", "--format", "jsonl"] + fixture.location, in: fixture.folder.path)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("cortex.map repo:shapes"), "the queries left no audit records: \(export.stdout.prefix(500))")
        printed += export.stdout + export.stderr

        #expect(!FileManager.default.fileExists(atPath: fixture.database + "-wal"), "a WAL outlived the CLI: scan it too")
        let database = fixture.folder.read("data/srooter.db")
        #expect(database.count > 10_000)
        for canary in CortexFixture.canaries {
            #expect(database.firstRange(of: Array(canary.utf8)) == nil, "\(canary) is in the database")
            #expect(!printed.contains(canary), "\(canary) was printed")
        }
        // Names are sealed: no symbol name, path, module, repository or team is in the file in the clear.
        for name in ["helperScale", "format_total", "visible_entry", "Sources/Shapes", "Circle.swift", "report.py", "util.h", "shapes", "platform", "Foundation"] {
            #expect(database.firstRange(of: Array(name.utf8)) == nil, "\(name) is stored in the clear")
        }
        // Nor is any source line, with or without its indentation.
        for (_, text) in CortexFixture.files {
            for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).count >= 12 {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                #expect(database.firstRange(of: Array(trimmed.utf8)) == nil, "a source line is in the database: \(trimmed)")
            }
        }
    }

    @Test func theWriteAheadLogHoldsNoCanaryWhileTheIndexIsOpen() async throws {
        // The CLI folds its WAL into the database on exit; a gateway keeps it. Copy the database and
        // its WAL as SQLite leaves them mid-write by holding a reader open while indexing.
        let fixture = try await CortexFixture()
        #expect(try await fixture.srooter(["index", fixture.repo, "--repo", "shapes"]).status == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        reader.arguments = ["30", "sqlite3", fixture.database]
        let input = Pipe(), output = Pipe()
        reader.standardInput = input
        reader.standardOutput = output
        try reader.runWithSignalsUnblocked()
        defer { reader.terminate() }
        input.fileHandleForWriting.write(Data("BEGIN; SELECT count(*) FROM cortex_files;\n".utf8))
        // The count is printed once the read transaction holds its snapshot.
        let printed = await OwnThread.run { [output] in output.fileHandleForReading.availableData }
        #expect(String(decoding: printed, as: UTF8.self).hasPrefix("7"))
        fixture.write("Sources/Shapes/Helpers.swift", "func helperScale(_ value: Double) -> Double { value * 2 } // CANARYcomment wal\n")
        let again = try await fixture.srooter(["index", fixture.repo, "--repo", "shapes"])
        #expect(again.status == 0, "\(again.stderr)")
        let wal = WriteAheadLog.bytes(ofDatabase: fixture.database)
        #expect(wal != nil, "no WAL to scan: the reader did not keep it")
        for canary in CortexFixture.canaries {
            #expect(wal?.firstRange(of: Data(canary.utf8)) == nil, "\(canary) is in the WAL")
        }
        #expect(wal?.firstRange(of: Data("helperScale".utf8)) == nil, "a symbol name is in the WAL in the clear")
    }
}
