/// A CVSS v3.0 or v3.1 base vector and its base score, computed with the formula of the FIRST
/// CVSS v3.1 specification (section 7.1), including its `Roundup` (appendix A).
///
/// ```swift
/// CVSSv3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")?.baseScore   // 9.8
/// ```
/// Temporal and environmental metrics may be present and are ignored: a base score is wanted.
public struct CVSSv3: Hashable, Sendable {
    /// `3.0` or `3.1`.
    public let version: String
    /// The vector as given.
    public let vector: String
    /// The base score, 0.0 to 10.0, one decimal.
    public let baseScore: Double

    private static let base = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"]
    private static let allowed: [String: Set<String>] = [
        "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "PR": ["N", "L", "H"], "UI": ["N", "R"],
        "S": ["U", "C"], "C": ["H", "L", "N"], "I": ["H", "L", "N"], "A": ["H", "L", "N"],
    ]

    /// Parses a vector; nil when it is not a well-formed v3.x vector with every base metric once.
    public init?(_ vector: String) {
        let parts = vector.split(separator: "/", omittingEmptySubsequences: false)
        guard let head = parts.first, head == "CVSS:3.1" || head == "CVSS:3.0" else { return nil }
        var metrics: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else { return nil }
            let key = String(pair[0])
            guard metrics[key] == nil else { return nil }
            metrics[key] = String(pair[1])
        }
        for key in Self.base {
            guard let value = metrics[key], Self.allowed[key]?.contains(value) == true else { return nil }
        }
        self.version = String(head.dropFirst(5))
        self.vector = vector
        self.baseScore = Self.score(metrics)
    }

    /// The qualitative rating of the base score (specification section 5).
    public var severity: Severity { Severity(cvssScore: baseScore) }

    private static func score(_ m: [String: String]) -> Double {
        let changed = m["S"] == "C"
        func weight(_ key: String, _ table: [String: Double]) -> Double { table[m[key] ?? ""] ?? 0 }
        let av = weight("AV", ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2])
        let ac = weight("AC", ["L": 0.77, "H": 0.44])
        let pr = weight("PR", changed ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27])
        let ui = weight("UI", ["N": 0.85, "R": 0.62])
        let cia: [String: Double] = ["H": 0.56, "L": 0.22, "N": 0.0]
        let c = weight("C", cia)
        let i = weight("I", cia)
        let a = weight("A", cia)

        let iss = 1 - ((1 - c) * (1 - i) * (1 - a))
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow15(iss - 0.02) : 6.42 * iss
        let exploitability: Double = 8.22 * av * ac * pr * ui
        if impact <= 0 { return 0 }
        return changed ? roundup(min(1.08 * (impact + exploitability), 10)) : roundup(min(impact + exploitability, 10))
    }

    /// The specification's Roundup: the smallest one-decimal number not below `value`, computed
    /// on integers so that floating-point noise (4.000000000000001) does not round up.
    static func roundup(_ value: Double) -> Double {
        let scaled = Int((value * 100_000).rounded())
        if scaled % 10_000 == 0 { return Double(scaled) / 100_000 }
        return Double(scaled / 10_000 + 1) / 10
    }

    private static func pow15(_ x: Double) -> Double {
        var result = 1.0
        for _ in 0..<15 { result *= x }
        return result
    }
}
