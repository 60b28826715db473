/// A Semantic Versioning 2.0.0 version, ordered by SemVer precedence.
///
/// Parsing is lenient where real advisories are: a leading `v` is accepted and missing minor or
/// patch numbers count as zero (`1.20` is `1.20.0`, as in GitHub's Swift advisories). Build
/// metadata (`+...`) is kept for display but ignored by comparison, as the spec requires.
///
/// ```swift
/// SemanticVersion("1.0.0-alpha")! < SemanticVersion("1.0.0")!   // true
/// SemanticVersion("v2.41.0+build.7")! == SemanticVersion("2.41.0")!   // true
/// ```
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// One dot-separated pre-release identifier: numeric ones compare as numbers and sort
    /// before alphanumeric ones, which compare in ASCII order.
    public enum Identifier: Comparable, Hashable, Sendable {
        case numeric(String)
        case alphanumeric(String)

        public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
            switch (lhs, rhs) {
            case (.numeric(let a), .numeric(let b)): NumericString.compare(a, b) < 0
            case (.numeric, .alphanumeric): true
            case (.alphanumeric, .numeric): false
            // Identifiers are ASCII, where String order is byte order.
            case (.alphanumeric(let a), .alphanumeric(let b)): a < b
            }
        }
    }

    /// Major, minor and patch as decimal digit strings without leading zeros (no overflow).
    public let major: String
    public let minor: String
    public let patch: String
    public let preRelease: [Identifier]
    public let build: String?

    /// Parses a version; nil when `text` is not one.
    public init?(_ text: String) {
        var rest = Substring(text)
        if rest.first == "v" || rest.first == "V" { rest = rest.dropFirst() }
        if let plus = rest.firstIndex(of: "+") {
            let build = rest[rest.index(after: plus)...]
            guard !build.isEmpty, build.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(Self.isIdentifier)
            else { return nil }
            self.build = String(build)
            rest = rest[..<plus]
        } else {
            build = nil
        }
        var preRelease: [Identifier] = []
        if let dash = rest.firstIndex(of: "-") {
            let parts = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
            for part in parts {
                guard Self.isIdentifier(part) else { return nil }
                if part.allSatisfy(\.isASCIIDigit) {
                    preRelease.append(.numeric(NumericString.normalized(part)))
                } else {
                    preRelease.append(.alphanumeric(String(part)))
                }
            }
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(core.count), core.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) })
        else { return nil }
        major = NumericString.normalized(core[0])
        minor = core.count > 1 ? NumericString.normalized(core[1]) : "0"
        patch = core.count > 2 ? NumericString.normalized(core[2]) : "0"
        self.preRelease = preRelease
    }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !preRelease.isEmpty {
            text += "-" + preRelease.map {
                switch $0 {
                case .numeric(let value), .alphanumeric(let value): value
                }
            }.joined(separator: ".")
        }
        if let build { text += "+" + build }
        return text
    }

    /// Precedence: major, minor, patch numerically; a pre-release sorts before its release;
    /// pre-releases compare identifier by identifier, a shorter list first when all else is equal.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Equality is precedence equality: build metadata does not count.
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        compare(lhs, rhs) == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(preRelease)
    }

    /// -1, 0 or 1 by SemVer precedence.
    public static func compare(_ lhs: SemanticVersion, _ rhs: SemanticVersion) -> Int {
        for (a, b) in [(lhs.major, rhs.major), (lhs.minor, rhs.minor), (lhs.patch, rhs.patch)] {
            let order = NumericString.compare(a, b)
            if order != 0 { return order }
        }
        switch (lhs.preRelease.isEmpty, rhs.preRelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false): break
        }
        for (a, b) in zip(lhs.preRelease, rhs.preRelease) where a != b {
            return a < b ? -1 : 1
        }
        return lhs.preRelease.count == rhs.preRelease.count ? 0 : (lhs.preRelease.count < rhs.preRelease.count ? -1 : 1)
    }

    private static func isIdentifier(_ part: Substring) -> Bool {
        !part.isEmpty && part.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") }
    }
}

/// Decimal numbers kept as digit strings, so versions like `20240101000000` never overflow.
enum NumericString {
    /// Strips leading zeros (keeping a single `0`).
    static func normalized(_ digits: Substring) -> String {
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    /// Compares two normalized digit strings numerically: -1, 0 or 1.
    static func compare(_ a: String, _ b: String) -> Int {
        if a.utf8.count != b.utf8.count { return a.utf8.count < b.utf8.count ? -1 : 1 }
        if a == b { return 0 }
        return a < b ? -1 : 1  // ASCII digits: String order is numeric order at equal lengths.
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber && ("0"..."9").contains(self) }
}

extension UInt8 {
    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
    var isASCIILetter: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
    }
    var isASCIIAlphanumeric: Bool { isASCIIDigit || isASCIILetter }
}
