@testable import SrooterSupplyChain
import Testing

@Suite struct CVSSv3Tests {
    /// Base scores from NVD and the FIRST specification's examples, each also re-derived by
    /// hand from the section 7.1 formula.
    @Test(arguments: [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, Severity.critical),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, .critical),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9, .medium),
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, .high),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, .high),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 5.3, .medium),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, .medium),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4, .medium),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8, .high),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8, .high),
        ("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8, .high),
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6, .low),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, .none),
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, .critical),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C", 9.8, .critical),
    ])
    func baseScore(vector: String, score: Double, severity: Severity) throws {
        let cvss = try #require(CVSSv3(vector))
        #expect(cvss.baseScore == score)
        #expect(cvss.severity == severity)
    }

    @Test(arguments: [
        "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P",
        "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X",
        "CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    ])
    func rejectsMalformedVectors(vector: String) {
        #expect(CVSSv3(vector) == nil)
    }

    /// The specification's Roundup examples (appendix A) and the floating-point trap it exists for.
    @Test func roundup() {
        #expect(CVSSv3.roundup(4.02) == 4.1)
        #expect(CVSSv3.roundup(4.00) == 4.0)
        #expect(CVSSv3.roundup(4.000000000000001) == 4.0)
        #expect(CVSSv3.roundup(9.71) == 9.8)
    }

    @Test func severityWordsAndThresholds() {
        #expect(Severity(databaseWord: "MODERATE") == .medium)
        #expect(Severity(databaseWord: "Important") == .high)
        #expect(Severity(databaseWord: "whatever") == nil)
        #expect(Severity.high.fails(threshold: .high))
        #expect(!Severity.medium.fails(threshold: .high))
        #expect(!Severity.unknown.fails(threshold: .low))
        #expect(Severity.unknown.fails(threshold: .unknown))
        #expect(Severity.low.fails(threshold: .unknown))
        #expect(!Severity.critical.fails(threshold: .none))
        #expect(!Severity.none.fails(threshold: .unknown))
    }
}
