@testable import SrooterSupplyChain
import Testing

@Suite struct JSONSyntaxScannerTests {
    private func scan(_ text: String) -> (valid: Bool, names: [String?]) {
        var names: [String?] = []
        let valid = Array(text.utf8).withUnsafeBytes { raw in
            JSONSyntaxScanner.scan(raw) { name in names.append(name.map { String(decoding: $0, as: UTF8.self) }) }
        }
        return (valid, names)
    }

    @Test(arguments: [
        #"{"id": "X", "affected": [{"package": {"ecosystem": "SwiftURL", "name": "github.com/a/b"}}], "n": -1.5e+3, "t": [true, false, null]}"#,
        "  [] ", #""just a string""#, "0", #"{"a": {"b": {"c": []}}}"#, #"{"s": "\u00e9\n\"q\""}"#,
    ])
    func acceptsValidJSON(text: String) {
        #expect(scan(text).valid)
    }

    @Test(arguments: [
        "", "{", #"{"a": 1,}"#, "[1 2]", #"{"a" 1}"#, "01", "1.", "-", "tru", #"{"a": "\x"}"#, "\"tab\there\"", "{} {}",
        #"{"a": "\u12"}"#, String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
    ])
    func rejectsInvalidJSON(text: String) {
        #expect(!scan(text).valid, "\(text)")
    }

    @Test func reportsNameMembersAndEscapedOnesAsUnknown() {
        let result = scan(#"{"name": "github.com/a/b", "x": {"name": "libssl\u0033"}, "names": "no", "list": [{"name": 3}]}"#)
        #expect(result.valid)
        #expect(result.names == ["github.com/a/b", nil])
    }

    @Test func relevanceFilterDecodesOnlyWhatTheSBOMCanUse() throws {
        let components = [
            ScannedComponent(
                ref: "nio", name: "swift-nio", version: "2.41.0", purl: nil, revision: nil,
                package: .init(ecosystem: "SwiftURL", name: "github.com/apple/swift-nio"))
        ]
        let database = try AdvisoryDatabase.load(
            ["\(Fixtures.osv)/real", "\(Fixtures.osv)/synthetic", "\(Fixtures.osv)/malformed"], for: components)
        #expect(database.advisories.map(\.id).sorted() == ["GHSA-7fj7-39wj-c64f", "SWIFT-TEST-2022-3215"])
        #expect(database.malformed.map { PathName.base(of: $0.file) } == ["not-json.json"], "syntax is checked everywhere")
        #expect(database.irrelevantCount == 16)
    }
}
