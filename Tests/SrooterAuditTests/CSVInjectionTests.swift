import Foundation
import SrooterAudit
import SrooterTestSupport
import Testing

/// CSV export and spreadsheet formulas (issue 16, item 9): a cell that a spreadsheet would run as
/// a formula is exported as OWASP's CSV injection guidance says, quoted with a leading `'`; the
/// cells are read back with Python's `csv` module, not srooter's own code.
@Suite struct CSVInjectionTests {
    @Test func cellsThatLookLikeFormulasAreNeutralised() async throws {
        let setup = try await AuditLogTests.Setup()
        let hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tx", "\rx"]
        var records = hostile.enumerated().map { index, value in
            var record = AuditFixtures.record(index + 1, user: value)
            record.note = value
            return record
        }
        records.append(AuditFixtures.record(99, user: "plain, with comma"))
        try await setup.log.append(records)
        var csv = ""
        try await AuditExporter(log: setup.log, format: .csv, since: nil, until: nil, user: nil).stream { csv += $0 }
        let path = setup.folder.write("export.csv", csv)
        let script = """
            import csv, json, sys
            rows = list(csv.reader(open(sys.argv[1], newline="")))
            head = rows[0]
            print(json.dumps([[r[head.index("user")], r[head.index("note")]] for r in rows[1:] if r[0] == "record"]))
            """
        let result = try await CommandRunner.run("python3", ["-c", script, path])
        #expect(result.status == 0, "\(result.stderr)")
        let cells = try JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))
        for (index, value) in hostile.enumerated() {
            #expect(cells[index] == ["'" + value, "'" + value], "\(cells[index])")
        }
        #expect(cells.last == ["plain, with comma", ""])
        // every neutralised cell is quoted in the file itself
        for value in hostile { #expect(csv.contains("\"'" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"")) }
    }
}
