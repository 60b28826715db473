import SrooterSupplyChain
import Testing

@Suite struct AffectedVersionsTests {
    private func check(
        _ ranges: [OSVRange], versions: [String] = [], ecosystem: String = "SwiftURL", _ version: String?, revision: String? = nil
    ) -> AffectedVersions.Outcome {
        let entry = OSVAffected(ecosystem: ecosystem, name: "example.com/a/b", ranges: ranges, versions: versions)
        return AffectedVersions(entry, ecosystemScheme: VersionScheme(ecosystem: ecosystem)).evaluate(version: version, revision: revision)
    }

    @Test func introducedZeroAndFixed() {
        let range = OSVRange(.ecosystem, [.introduced("0"), .fixed("2.29.1")])
        #expect(check([range], "0.0.1").affected)
        #expect(check([range], "2.29.0").affected)
        #expect(check([range], "2.29.0").fixed == ["2.29.1"])
        #expect(!check([range], "2.29.1").affected)
        #expect(!check([range], "3.0.0").affected)
    }

    @Test func introducedIsInclusiveFixedIsExclusive() {
        let range = OSVRange(.semver, [.introduced("2.41.0"), .fixed("2.42.0")])
        #expect(!check([range], "2.40.9").affected)
        #expect(check([range], "2.41.0").affected)
        #expect(check([range], "2.42.0-rc.1").affected, "a pre-release of the fix is still before it")
        #expect(!check([range], "2.42.0").affected)
        #expect(!check([range], "v2.42.0+build").affected)
    }

    @Test func lastAffectedIsInclusive() {
        let range = OSVRange(.semver, [.introduced("1.0.0"), .lastAffected("1.4.2")])
        #expect(check([range], "1.4.2").affected)
        #expect(check([range], "1.4.2").fixed.isEmpty)
        #expect(!check([range], "1.4.3").affected)
        #expect(!check([range], "0.9.9").affected)
    }

    @Test func limitCapsTheRange() {
        let range = OSVRange(.semver, [.introduced("1.0.0"), .limit("3.0.0")])
        #expect(check([range], "2.9.9").affected)
        #expect(!check([range], "3.0.0").affected)
        let reopened = OSVRange(.semver, [.introduced("1.0.0"), .limit("3.0.0"), .fixed("2.0.0"), .introduced("2.5.0")])
        #expect(check([reopened], "2.6.0").affected)
        #expect(!check([reopened], "4.0.0").affected, "a limit caps even a later introduced")
    }

    @Test func severalIntervalsInOneRangeWhateverTheEventOrder() {
        let range = OSVRange(.ecosystem, [.lastAffected("2.3.1"), .introduced("2.0.0"), .fixed("1.2.0"), .introduced("0")])
        #expect(check([range], "1.1.9").affected)
        #expect(check([range], "1.1.9").fixed == ["1.2.0"])
        #expect(!check([range], "1.5.0").affected)
        #expect(check([range], "2.0.0").affected)
        #expect(check([range], "2.3.1").affected)
        #expect(!check([range], "2.3.2").affected)
    }

    @Test func severalRangesAreOred() {
        let ranges = [
            OSVRange(.ecosystem, [.introduced("2.41.0"), .fixed("2.42.0")]),
            OSVRange(.ecosystem, [.introduced("2.39.0"), .fixed("2.39.1")]),
            OSVRange(.ecosystem, [.introduced("0"), .fixed("2.29.1")]),
        ]
        #expect(check(ranges, "2.39.0").fixed == ["2.39.1"])
        #expect(!check(ranges, "2.40.0").affected)
        #expect(check(ranges, "2.41.5").fixed == ["2.42.0"])
        #expect(check(ranges, "1.0.0").affected)
    }

    @Test func twoPartFixedVersionsCountAsSemVer() {
        // GHSA-q36x-r5x4-h4q6 writes its fix as "1.20".
        let range = OSVRange(.ecosystem, [.introduced("1.0.0"), .fixed("1.20")])
        #expect(check([range], "1.19.2").affected)
        #expect(!check([range], "1.20.0").affected)
    }

    @Test func explicitVersionsList() {
        #expect(check([], versions: ["1.4.0", "1.4.2", "v1.5"], "1.4.2").affected)
        #expect(check([], versions: ["1.4.0", "1.4.2", "v1.5"], "1.5.0").affected, "equal by SemVer, not by spelling")
        #expect(!check([], versions: ["1.4.0", "1.4.2"], "1.4.1").affected)
        #expect(check([], versions: ["3.0.11-1"], ecosystem: "Debian:12", "3.0.11-1").affected)
    }

    @Test func gitRangesMatchOnlyListedRevisions() {
        let range = OSVRange(.git, [.introduced("aaaa111"), .lastAffected("bbbb222"), .fixed("cccc333")])
        #expect(check([range], "1.0.0", revision: "AAAA111").affected)
        #expect(check([range], nil, revision: "bbbb222").affected)
        #expect(!check([range], "1.0.0", revision: "cccc333").affected)
        #expect(!check([range], "1.0.0", revision: "dddd444").affected)
        #expect(!check([range], "1.0.0").affected, "no revision: a GIT range cannot match")
    }

    @Test func debianRangesUseDpkgOrdering() {
        let range = OSVRange(.ecosystem, [.introduced("0"), .fixed("3.0.11-1~deb12u2")])
        #expect(check([range], ecosystem: "Debian:12", "3.0.11-1~deb12u1").affected)
        #expect(!check([range], ecosystem: "Debian:12", "3.0.11-1~deb12u2").affected)
        #expect(!check([range], ecosystem: "Debian:12", "3.0.11-1").affected)
        let epoch = OSVRange(.ecosystem, [.introduced("1:1.0-1"), .fixed("1:2.0~rc1-1")])
        #expect(!check([epoch], ecosystem: "Debian:12", "9.0-1").affected, "no epoch is epoch 0, below 1:")
        #expect(check([epoch], ecosystem: "Debian:12", "1:2.0~beta1-1").affected)
        #expect(!check([epoch], ecosystem: "Debian:12", "1:2.0-1").affected)
    }

    @Test func unorderableInputIsReportedNotGuessed() {
        let range = OSVRange(.semver, [.introduced("0"), .fixed("not-a-version")])
        let outcome = check([range], "1.0.0")
        #expect(!outcome.affected)
        #expect(outcome.problems.count == 1)
        #expect(check([OSVRange(.ecosystem, [.introduced("0")])], ecosystem: "npm", "1.0.0").problems.count == 1)
    }
}
