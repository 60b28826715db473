import SrooterSupplyChain
import Testing

@Suite struct VEXDocumentTests {
    private let sbom = ScannedComponent.SBOM(
        components: [ScannedComponent(ref: "comp-a", name: "a", version: "1.0.0", purl: nil, revision: nil, package: nil)],
        serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", version: 1)

    private func load(_ vulnerabilities: String) throws -> VEXDocument {
        let scratch = ScratchFolder()
        let path = try scratch.write("vex.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [\#(vulnerabilities)]}"#)
        return try VEXDocument.load(path: path, sbom: sbom)
    }

    @Test func readsStatementsWithPlainRefsAndBomLinks() throws {
        let document = try load("""
            {"id": "CVE-1", "analysis": {"state": "not_affected", "justification": "code_not_present"}, "affects": [{"ref": "comp-a"}]},
            {"id": "CVE-2", "analysis": {"state": "resolved", "detail": "patched locally"},
             "affects": [{"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#comp-a"}],
             "properties": [{"name": "srooter:vex:expires", "value": "2026-01-01T00:00:00Z"}]}
            """)
        #expect(document.statements.count == 2)
        #expect(document.statement(forAnyOf: ["GHSA-x", "cve-2"], ref: "comp-a")?.detail == "patched locally")
        #expect(document.statements[1].expiresAt == RFC3339.seconds("2026-01-01T00:00:00Z"))
        #expect(document.statement(forAnyOf: ["CVE-1"], ref: "comp-b") == nil)
    }

    @Test(arguments: [
        (#"{"id": "CVE-1", "analysis": {"state": "not_affected"}, "affects": [{"ref": "comp-a"}]}"#, "needs analysis.justification or analysis.detail"),
        (#"{"id": "CVE-1", "analysis": {"state": "not_affected", "detail": "  "}, "affects": [{"ref": "comp-a"}]}"#, "needs analysis.justification"),
        (#"{"id": "CVE-1", "analysis": {"state": "fine", "detail": "x"}, "affects": [{"ref": "comp-a"}]}"#, "unknown analysis.state"),
        (#"{"id": "CVE-1", "analysis": {"state": "not_affected", "justification": "trust_me"}, "affects": [{"ref": "comp-a"}]}"#, "unknown analysis.justification"),
        (#"{"id": "CVE-1", "analysis": {"state": "resolved", "detail": "x"}}"#, "names no component"),
        (#"{"analysis": {"state": "resolved", "detail": "x"}, "affects": [{"ref": "comp-a"}]}"#, "has no id"),
        (#"{"id": "CVE-1", "analysis": {"state": "resolved", "detail": "x"}, "affects": [{"ref": "comp-a"}], "properties": [{"name": "srooter:vex:expires", "value": "next year"}]}"#, "not an RFC 3339 date"),
    ])
    func rejectsIncompleteStatements(statement: String, reason: String) {
        #expect {
            _ = try load(statement)
        } throws: { error in
            guard case ScanError.invalidVEX(_, let why) = error else { return false }
            return why.contains(reason)
        }
    }

    @Test func refusesReferencesTheSBOMDoesNotHave() {
        for ref in ["comp-z", "urn:cdx:00000000-0000-0000-0000-000000000000/1#comp-a"] {
            #expect {
                _ = try load(#"{"id": "CVE-9", "analysis": {"state": "resolved", "detail": "x"}, "affects": [{"ref": "\#(ref)"}]}"#)
            } throws: { error in
                guard case ScanError.unknownVEXReference(_, "CVE-9", let named) = error else { return false }
                return named == ref && !((error as? ScanError)?.singleLine.contains("\n") ?? true)
            }
        }
    }
}

@Suite struct RFC3339Tests {
    @Test func parsesDatesAndDateTimes() {
        #expect(RFC3339.seconds("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.seconds("2024-02-29T12:30:00.123Z") == 1_709_209_800)
        #expect(RFC3339.seconds("2024-02-29T14:30:00+02:00") == 1_709_209_800)
        #expect(RFC3339.seconds("1970-01-01") == 86_400, "a bare date holds through its whole day")
        for bad in ["2023-02-29", "2024-13-01", "2024-01-01T25:00:00Z", "2024-01-01T00:00:00", "yesterday", "2024-1-1"] {
            #expect(RFC3339.seconds(bad) == nil, "\(bad)")
        }
        #expect(RFC3339.format(1_709_209_800) == "2024-02-29T12:30:00Z")
    }
}
