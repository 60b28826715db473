import SrooterSupplyChain
import Testing

@Suite struct DebianVersionTests {
    @Test(arguments: [
        ("1.0~rc1", "1.0", -1),
        ("1.0~~", "1.0~", -1),
        ("1.0~", "1.0", -1),
        ("1.0", "1.0-0", 0),
        ("1.0", "1.0+b1", -1),
        ("1:0.9", "2.0", 1),
        ("0:1.0", "1.0", 0),
        ("1.0a", "1.0+", -1),
        ("1.0a", "1.0.", -1),
        ("1.01", "1.1", 0),
        ("3.0.11-1~deb12u2", "3.0.11-1", -1),
        ("3.0.11-1~deb12u1", "3.0.11-1~deb12u2", -1),
        ("3.0.13-1~deb12u1", "3.0.11-1~deb12u2", 1),
        ("2.36-9+deb12u3", "2.36-9+deb12u10", -1),
        ("1.0-1", "1.0-1ubuntu1", -1),
        ("7.6p2-4", "7.6-0", 1),
        ("1.2.3-1-2", "1.2.3-1-1", 1),
        ("10:1", "9:99", 1),
    ])
    func knownOrder(lhs: String, rhs: String, expected: Int) throws {
        let a = try #require(DebianVersion(lhs))
        let b = try #require(DebianVersion(rhs))
        #expect(DebianVersion.compare(a, b) == expected, "\(lhs) vs \(rhs)")
        #expect(DebianVersion.compare(b, a) == -expected, "\(rhs) vs \(lhs)")
    }

    @Test func parsesParts() throws {
        let version = try #require(DebianVersion("2:1.2-3-deb12u1"))
        #expect(version.epoch == "2")
        #expect(version.upstream == "1.2-3")
        #expect(version.revision == "deb12u1")
        #expect(DebianVersion("x:1.0") == nil)
        #expect(DebianVersion("1.0-") == nil)
        #expect(DebianVersion("") == nil)
    }

    /// A few hundred generated pairs (epochs, `~`, `+`, revisions, letters, leading zeros),
    /// compared by this type and by `dpkg --compare-versions` on this machine.
    @Test func agreesWithDpkg() throws {
        var random = SeededGenerator(state: 0x5C0_7E57)
        var pairs: [(String, String)] = []
        for _ in 0..<400 {
            let first = Self.randomVersion(&random)
            // Half the pairs are near misses of each other, where ordering bugs hide.
            let second = Bool.random(using: &random) ? Self.mutate(first, &random) : Self.randomVersion(&random)
            pairs.append((first, second))
        }
        let scratch = ScratchFolder()
        let list = try scratch.write("pairs.txt", pairs.map { "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n")
        let script = """
            while read -r a b; do
              if dpkg --compare-versions "$a" lt "$b"; then echo -1
              elif dpkg --compare-versions "$a" eq "$b"; then echo 0
              else echo 1; fi
            done < "$1"
            """
        let outcome = try Subprocess.run("sh", ["-c", script, "sh", list])
        #expect(outcome.status == 0, "\(outcome.firstErrorLine)")
        #expect(outcome.stderr.isEmpty, "dpkg complained: \(outcome.firstErrorLine)")
        let answers = outcome.output.split(separator: "\n").compactMap { Int($0) }
        try #require(answers.count == pairs.count, "dpkg answered \(answers.count) of \(pairs.count)")
        var disagreements: [String] = []
        for ((a, b), expected) in zip(pairs, answers) {
            let ours = try #require(DebianVersion(a), "\(a)").compare(to: try #require(DebianVersion(b), "\(b)"))
            if ours != expected { disagreements.append("\(a) vs \(b): dpkg \(expected), srooter \(ours)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect(Set(answers).count == 3, "the generated pairs should cover <, = and >")
    }

    static func randomVersion(_ random: inout SeededGenerator) -> String {
        let alphabet = Array("0123456789abcz.+~")
        var text = ""
        if Int.random(in: 0..<4, using: &random) == 0 { text += "\(Int.random(in: 0...2, using: &random)):" }
        text += "\(Int.random(in: 0...12, using: &random))"
        for _ in 0..<Int.random(in: 0...5, using: &random) { text.append(alphabet.randomElement(using: &random) ?? "0") }
        if Bool.random(using: &random) {
            text += "-\(Int.random(in: 0...3, using: &random))"
            for _ in 0..<Int.random(in: 0...4, using: &random) { text.append(alphabet.randomElement(using: &random) ?? "0") }
        }
        return text
    }

    static func mutate(_ version: String, _ random: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return version + "~" + (Bool.random(using: &random) ? "rc1" : "")
        case 1: return version + "+b1"
        case 2: return version.contains("-") ? version + "~deb12u1" : version + "-1"
        case 3: return version.contains(":") ? String(version.drop { $0 != ":" }.dropFirst()) : "1:" + version
        case 4: return version.replacingOccurrences(of: "1", with: "01")
        default: return version + "a"
        }
    }
}

extension DebianVersion {
    fileprivate func compare(to other: DebianVersion) -> Int { DebianVersion.compare(self, other) }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
