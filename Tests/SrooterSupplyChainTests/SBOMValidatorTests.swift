import Testing

@testable import SrooterSupplyChain

/// `validate` accepts srooter's own output and rejects each broken rule with its JSON path.
@Suite struct SBOMValidatorTests {
    /// The problems of the fixture document after one edit.
    func problems(_ path: [Step], _ value: JSONValue?) throws -> [String] {
        SBOMValidator.validate(try SBOMFixtures.documentJSON().setting(path, to: value)).map(\.description)
    }

    /// Asserts that exactly one problem is reported, at `expectedPath`.
    func expectOneProblem(at expectedPath: String, after path: [Step], _ value: JSONValue?) throws {
        let found = try problems(path, value)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("\(expectedPath): ") == true, "\(found)")
    }

    @Test func generatedDocumentIsValid() throws {
        #expect(SBOMValidator.validate(try SBOMFixtures.documentJSON()).isEmpty)
    }

    @Test func specVersion17IsAccepted() throws {
        #expect(try problems([.key("specVersion")], .string("1.7")).isEmpty)
    }

    @Test func rejectsAnotherSpecVersion() throws {
        try expectOneProblem(at: "$.specVersion", after: [.key("specVersion")], .string("1.5"))
    }

    @Test func requiresSpecVersion() throws {
        try expectOneProblem(at: "$.specVersion", after: [.key("specVersion")], nil)
    }

    @Test func requiresBomFormat() throws {
        try expectOneProblem(at: "$.bomFormat", after: [.key("bomFormat")], nil)
        try expectOneProblem(at: "$.bomFormat", after: [.key("bomFormat")], .string("SPDX"))
    }

    @Test func rejectsUpperCaseSerialNumber() throws {
        let serial = try #require(try SBOMFixtures.documentJSON()["serialNumber"]?.string)
        try expectOneProblem(at: "$.serialNumber", after: [.key("serialNumber")], .string(serial.uppercased()))
    }

    @Test func rejectsSerialNumberWithoutURNPrefix() throws {
        try expectOneProblem(
            at: "$.serialNumber", after: [.key("serialNumber")], .string("3e671687-395b-41f5-a30f-a58921a69b79"))
        try expectOneProblem(at: "$.serialNumber", after: [.key("serialNumber")], .string("urn:uuid:3e671687-395b-41f5"))
    }

    @Test func rejectsVersionBelowOne() throws {
        try expectOneProblem(at: "$.version", after: [.key("version")], .number(0))
        try expectOneProblem(at: "$.version", after: [.key("version")], .number(1.5))
    }

    @Test func rejectsBadTimestamp() throws {
        try expectOneProblem(
            at: "$.metadata.timestamp", after: [.key("metadata"), .key("timestamp")], .string("2023-11-14 22:13:20"))
        #expect(try problems([.key("metadata"), .key("timestamp")], .string("2023-11-14T22:13:20.5+01:00")).isEmpty)
    }

    @Test func rejectsUnknownHashAlgorithm() throws {
        try expectOneProblem(
            at: "$.metadata.component.hashes[0].alg",
            after: [.key("metadata"), .key("component"), .key("hashes"), .index(0), .key("alg")], .string("SHA256"))
    }

    @Test func rejectsHashOfWrongLength() throws {
        // A SHA-256 digest where a BLAKE2b-512 one belongs: valid hex, wrong length.
        try expectOneProblem(
            at: "$.metadata.component.hashes[1].content",
            after: [.key("metadata"), .key("component"), .key("hashes"), .index(1), .key("content")],
            .string(String(repeating: "a", count: 64)))
    }

    @Test func rejectsUpperCaseHashHex() throws {
        try expectOneProblem(
            at: "$.metadata.component.hashes[0].content",
            after: [.key("metadata"), .key("component"), .key("hashes"), .index(0), .key("content")],
            .string(String(repeating: "A", count: 64)))
    }

    @Test func rejectsLicenseWithBothLicenseAndExpression() throws {
        let entry: JSONValue = .object(["license": .object(["id": .string("MIT")]), "expression": .string("MIT")])
        try expectOneProblem(at: "$.components[3].licenses[0]", after: [.key("components"), .index(3), .key("licenses"), .index(0)], entry)
    }

    @Test func rejectsLicenseWithNeither() throws {
        try expectOneProblem(
            at: "$.components[3].licenses[0]", after: [.key("components"), .index(3), .key("licenses"), .index(0)], .object([:]))
    }

    @Test func rejectsLicenseWithIdAndName() throws {
        let entry: JSONValue = .object(["license": .object(["id": .string("MIT"), "name": .string("MIT License")])])
        try expectOneProblem(
            at: "$.components[3].licenses[0].license", after: [.key("components"), .index(3), .key("licenses"), .index(0)], entry)
    }

    @Test func rejectsExpressionBesideOtherLicenses() throws {
        let licenses: JSONValue = .array([.object(["expression": .string("MIT OR ISC")]), .object(["license": .object(["id": .string("MIT")])])])
        try expectOneProblem(at: "$.components[3].licenses[0]", after: [.key("components"), .index(3), .key("licenses")], licenses)
    }

    @Test func rejectsDuplicateBomRef() throws {
        let document = try SBOMFixtures.documentJSON()
        let first = try #require(document["components"]?.array?[0]["bom-ref"])
        let replaced = try #require(document["components"]?.array?[1]["bom-ref"]?.string)
        let found = try problems([.key("components"), .index(1), .key("bom-ref")], first)
        #expect(found.first == "$.components[1]['bom-ref']: duplicate bom-ref \"\(first.string ?? "")\" (first at $.components[0]['bom-ref'])")
        // The rest are the references to the bom-ref that is gone.
        #expect(found.count > 1)
        #expect(found.dropFirst().allSatisfy { $0.hasSuffix("refers to \"\(replaced)\", which no bom-ref declares") })
    }

    @Test func rejectsDependsOnUnknownRef() throws {
        try expectOneProblem(
            at: "$.dependencies[0].dependsOn[0]",
            after: [.key("dependencies"), .index(0), .key("dependsOn")], .array([.string("pkg:swift/example.com/nobody/nothing@1.0.0")]))
    }

    @Test func rejectsDependencyOfUnknownRef() throws {
        try expectOneProblem(
            at: "$.dependencies[0].ref", after: [.key("dependencies"), .index(0), .key("ref")], .string("no-such-ref"))
    }

    @Test func rejectsCompositionOfUnknownRef() throws {
        try expectOneProblem(
            at: "$.compositions[0].dependencies[0]",
            after: [.key("compositions"), .index(0), .key("dependencies"), .index(0)], .string("no-such-ref"))
    }

    @Test func requiresComponentNameAndKnownType() throws {
        try expectOneProblem(at: "$.components[2].name", after: [.key("components"), .index(2), .key("name")], nil)
        try expectOneProblem(at: "$.components[2].type", after: [.key("components"), .index(2), .key("type")], .string("module"))
    }

    @Test func rejectsMalformedPurl() throws {
        try expectOneProblem(at: "$.components[0].purl", after: [.key("components"), .index(0), .key("purl")], .string("swift/apple/nio"))
    }

    @Test func reportsEveryProblemNotJustTheFirst() throws {
        let document = try SBOMFixtures.documentJSON()
            .setting([.key("bomFormat")], to: nil)
            .setting([.key("components"), .index(0), .key("hashes")], to: .array([.object(["alg": .string("MD5"), "content": .string("00")])]))
        let paths = SBOMValidator.validate(document).map(\.path.description)
        #expect(paths == ["$.bomFormat", "$.components[0].hashes[0].content"])
    }
}
