import SrooterSupplyChain
import Testing

@Suite struct ScannerTests {
    static let now = RFC3339.seconds("2025-06-01T00:00:00Z") ?? 0

    private func swift(_ repo: String, _ version: String, revision: String? = nil) -> ScannedComponent {
        let purl = "pkg:swift/example.com/srooter-tests/\(repo)@\(version)"
        return ScannedComponent(
            ref: purl, name: repo, version: version, purl: purl, revision: revision,
            package: .init(ecosystem: "SwiftURL", name: "example.com/srooter-tests/\(repo)"))
    }

    private func scan(_ components: [ScannedComponent], vex: VEXDocument? = nil) throws -> ScanReport {
        let database = try AdvisoryDatabase.load(["\(Fixtures.osv)/real", "\(Fixtures.osv)/synthetic"])
        return Scanner(index: AdvisoryIndex(database.advisories), vex: vex, now: Self.now).scan(components)
    }

    @Test func aliasesAreMergedIntoOneFinding() throws {
        let report = try scan([swift("alias", "1.2.0")])
        #expect(report.findings.count == 1)
        let finding = try #require(report.findings.first)
        #expect(finding.id == "CVE-2099-0001")
        #expect(finding.aliases == ["TEST-ALIAS-A", "TEST-ALIAS-B", "TEST-ALIAS-C"])
        #expect(finding.records == ["TEST-ALIAS-A", "TEST-ALIAS-B"])
        #expect(finding.fixed == ["1.5.0", "2.0.0"])
        // The computed CVSS rating (5.9) outranks the other record's stated MODERATE.
        #expect(finding.rating.score == 5.9)
        #expect(finding.rating.source == "TEST-ALIAS-B")
    }

    @Test func withdrawnAdvisoriesNeverMatch() throws {
        let report = try scan([swift("multi", "1.0.0")])
        #expect(report.findings.map(\.id) == ["TEST-MULTI-EVENT"])
        #expect(try scan([swift("multi", "1.5.0")]).findings.isEmpty, "only the withdrawn record covers 1.5.0")
    }

    @Test func severityFromV4AndDatabaseAndUnknown() throws {
        let report = try scan([swift("listed", "1.4.0"), swift("multi", "2.1.0"), swift("limit", "2.0.0")])
        let byID = Dictionary(uniqueKeysWithValues: report.findings.map { ($0.id, $0.rating) })
        #expect(byID["TEST-VERSIONS-LIST"]?.severity == .critical)
        #expect(byID["TEST-VERSIONS-LIST"]?.method == .cvssV4)
        #expect(byID["TEST-VERSIONS-LIST"]?.score == nil)
        #expect(byID["TEST-MULTI-EVENT"]?.severity == .low)
        #expect(byID["TEST-LIMIT"]?.severity == .unknown)
        #expect(report.findings.map(\.id) == ["TEST-VERSIONS-LIST", "TEST-MULTI-EVENT", "TEST-LIMIT"], "most severe first")
        #expect(report.failing(at: .high).count == 1)
        #expect(report.failing(at: .unknown).count == 3)
    }

    @Test func gitRangesUseTheComponentRevision() throws {
        let hit = swift("git", "0.0.0-dev", revision: "2222222222222222222222222222222222222222")
        let miss = swift("git", "0.0.0-dev", revision: "3333333333333333333333333333333333333333")
        #expect(try scan([hit]).findings.map(\.id) == ["TEST-GIT"])
        #expect(try scan([miss]).findings.isEmpty)
    }

    @Test func vexSuppressesUntilItsExpiry() throws {
        let component = swift("alias", "1.2.0")
        func vex(_ state: VEXStatement.State, expires: String?) -> VEXDocument {
            VEXDocument(statements: [
                VEXStatement(
                    id: "TEST-ALIAS-C", state: state, justification: "code_not_reachable", detail: nil, refs: [component.ref],
                    expires: expires)
            ])
        }
        let suppressed = try scan([component], vex: vex(.notAffected, expires: "2025-06-30"))
        #expect(suppressed.findings.isEmpty)
        #expect(suppressed.suppressed.first?.statement?.justification == "code_not_reachable")

        let expired = try scan([component], vex: vex(.notAffected, expires: "2025-05-31"))
        #expect(expired.findings.count == 1)
        #expect(expired.findings.first?.statement == nil)
        #expect(expired.warnings.contains { $0.contains("expired on 2025-05-31") })

        let triage = try scan([component], vex: vex(.inTriage, expires: nil))
        #expect(triage.findings.first?.statement?.state == .inTriage)
        #expect(triage.suppressed.isEmpty)

        let otherComponent = try scan([swift("alias", "1.2.0"), swift("prerelease", "1.0.0-beta.2")], vex: vex(.falsePositive, expires: nil))
        #expect(otherComponent.findings.map(\.id) == ["TEST-SEMVER-PRERELEASE"])
    }

    @Test func debianComponentsMatchTheirSourcePackage() throws {
        let sbom = try ScannedComponent.load(sbom: "\(Fixtures.sbom)/old-nio-openssl.cdx.json")
        let report = try scan(sbom.components)
        let pairs = Set(report.findings.map { "\($0.id) \($0.component.name)" })
        #expect(pairs == [
            "CVE-2022-3215 swift-nio", "CVE-2022-0618 swift-nio-http2",
            "DSA-5532-1 libssl3", "DSA-5532-1 openssl", "DEBIAN-CVE-2024-2511 libssl3", "DEBIAN-CVE-2024-2511 openssl",
        ])
        #expect(report.warnings.contains { $0.contains("file:bin/srooter") })
    }
}

@Suite struct ScannedComponentTests {
    @Test(arguments: [
        ("pkg:swift/github.com/apple/swift-nio@2.101.3", "SwiftURL", "github.com/apple/swift-nio"),
        ("pkg:swift/github.com/Apple/Swift-NIO@2.101.3", "SwiftURL", "github.com/apple/swift-nio"),
        ("pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl", "Debian:12", "openssl"),
        ("pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=bookworm&upstream=openssl%403.0.15-1", "Debian:12", "openssl"),
        ("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-11.9", "Debian:11", "zlib1g"),
    ])
    func packageKeys(purl: String, ecosystem: String, name: String) throws {
        let parsed = try #require(PackageURL(parsing: purl))
        let key = try #require(ScannedComponent.packageKey(for: parsed))
        #expect(key == .init(ecosystem: ecosystem, name: name))
    }

    @Test func debianSourceFromPropertyAndNoDistro() throws {
        let purl = try #require(PackageURL(parsing: "pkg:deb/debian/libsqlite3-0@3.40.1-2?distro=debian-12"))
        #expect(ScannedComponent.packageKey(for: purl, sourceProperty: "sqlite3")?.name == "sqlite3")
        let noDistro = try #require(PackageURL(parsing: "pkg:deb/debian/curl@7.88.1-10"))
        let npm = try #require(PackageURL(parsing: "pkg:npm/left-pad@1.0.0"))
        #expect(ScannedComponent.packageKey(for: noDistro) == nil)
        #expect(ScannedComponent.packageKey(for: npm) == nil)
    }

    @Test func readsRevisionsAndRejectsBadSBOMs() throws {
        let scratch = ScratchFolder()
        let good = try scratch.write("good.json", """
            {"bomFormat": "CycloneDX", "specVersion": "1.7", "components": [
              {"type": "library", "bom-ref": "a", "name": "a", "version": "1.0.0", "purl": "pkg:swift/github.com/o/a@1.0.0",
               "externalReferences": [{"type": "vcs", "url": "https://github.com/o/a.git#0123456789abcdef0123456789abcdef01234567"}],
               "components": [{"type": "library", "bom-ref": "b", "name": "b", "purl": "pkg:swift/github.com/o/b@2.0.0",
                 "properties": [{"name": "srooter:revision", "value": "fedcba9"}]}]}]}
            """)
        let sbom = try ScannedComponent.load(sbom: good)
        #expect(sbom.components.map(\.ref) == ["a", "b"])
        #expect(sbom.components[0].revision == "0123456789abcdef0123456789abcdef01234567")
        #expect(sbom.components[1].revision == "fedcba9")
        #expect(sbom.components[1].version == "2.0.0", "the version falls back to the purl's")

        let cases = [
            ("spdx.json", #"{"spdxVersion": "SPDX-2.3"}"#, "bomFormat"),
            ("old.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.4"}"#, "$.specVersion: 1.4"),
            ("broken.json", "{", "not valid JSON"),
            ("twice.json", #"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "bom-ref": "x", "name": "x"}, {"type": "library", "bom-ref": "x", "name": "y"}]}"#, "bom-ref"),
        ]
        for (name, text, reason) in cases {
            let path = try scratch.write(name, text)
            #expect {
                _ = try ScannedComponent.load(sbom: path)
            } throws: { error in
                guard case ScanError.invalidSBOM(let named, let why) = error else { return false }
                return named == path && why.contains(reason)
            }
        }
    }
}
