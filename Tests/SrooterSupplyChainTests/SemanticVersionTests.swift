import SrooterSupplyChain
import Testing

@Suite struct SemanticVersionTests {
    /// The precedence chain from the SemVer 2.0.0 specification, item 11, plus core numbers.
    @Test func specificationPrecedenceChain() throws {
        let chain = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.9.0", "1.10.0", "1.11.0", "2.0.0", "10.0.0",
        ]
        let versions = try chain.map { try #require(SemanticVersion($0), "\($0)") }
        for (index, version) in versions.enumerated() {
            for (other, later) in versions.enumerated() {
                #expect((version < later) == (index < other), "\(version) vs \(later)")
                #expect((version == later) == (index == other), "\(version) vs \(later)")
            }
        }
    }

    @Test(arguments: [
        ("1.0.0+build.1", "1.0.0", 0),
        ("1.0.0-alpha+001", "1.0.0-alpha", 0),
        ("v2.41.0", "2.41.0", 0),
        ("1.20", "1.20.0", 0),
        ("1", "1.0.0", 0),
        ("1.0.0-2", "1.0.0-10", -1),
        ("1.0.0-alpha", "1.0.0-1", 1),
        ("1.0.0-a.b.c", "1.0.0-a.b", 1),
        ("1.0.0-rc.1", "1.0.0-rc.01", 0),
        ("99999999999999999999.0.0", "99999999999999999998.0.0", 1),
        ("2.29.0", "2.29.1", -1),
        ("1.0.0-x-y", "1.0.0-x", 1),
    ])
    func orderedPairs(lhs: String, rhs: String, expected: Int) throws {
        let a = try #require(SemanticVersion(lhs))
        let b = try #require(SemanticVersion(rhs))
        #expect(SemanticVersion.compare(a, b) == expected)
        #expect(SemanticVersion.compare(b, a) == -expected)
    }

    @Test(arguments: ["", "v", "1.2.3.4", "1..2", "1.2.x", "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3-a_b", "-1.2.3", "1.2.3 "])
    func rejectsMalformed(text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test func keepsBuildMetadataForDisplay() throws {
        #expect(try #require(SemanticVersion("v1.2.3-rc.1+sha.5114f85")).description == "1.2.3-rc.1+sha.5114f85")
    }
}
