/// A Debian package version (`[epoch:]upstream[-revision]`), ordered exactly as dpkg orders them.
///
/// The epoch compares numerically; upstream and revision compare with dpkg's `verrevcmp`:
/// alternating runs of non-digits (compared character by character, where `~` sorts before
/// everything, even the end of the string, and letters sort before all other characters) and
/// runs of digits (compared numerically). A missing revision equals `0`.
///
/// ```swift
/// DebianVersion("1.0~rc1")! < DebianVersion("1.0")!          // true
/// DebianVersion("1:0.9")! > DebianVersion("2.0")!           // true
/// DebianVersion("3.0.11-1~deb12u2")! < DebianVersion("3.0.11-1")!   // true
/// ```
public struct DebianVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let epoch: String
    public let upstream: String
    public let revision: String
    // The same as bytes, kept so that comparing (which scans often) allocates nothing.
    private let upstreamBytes: [UInt8]
    private let revisionBytes: [UInt8]

    /// Parses a version; nil when the epoch is not a number or the upstream part is empty.
    public init?(_ text: String) {
        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":") {
            let epoch = rest[..<colon]
            guard !epoch.isEmpty, epoch.allSatisfy(\.isASCIIDigit) else { return nil }
            self.epoch = NumericString.normalized(epoch)
            rest = rest[rest.index(after: colon)...]
        } else {
            epoch = "0"
        }
        if let dash = rest.lastIndex(of: "-") {
            revision = String(rest[rest.index(after: dash)...])
            rest = rest[..<dash]
            guard !revision.isEmpty else { return nil }
        } else {
            revision = ""
        }
        guard !rest.isEmpty, !rest.contains(where: \.isWhitespace) else { return nil }
        upstream = String(rest)
        upstreamBytes = Array(upstream.utf8)
        revisionBytes = Array(revision.utf8)
    }

    public var description: String {
        (epoch == "0" ? "" : "\(epoch):") + upstream + (revision.isEmpty ? "" : "-\(revision)")
    }

    public static func < (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) == 0 }

    public func hash(into hasher: inout Hasher) {
        // Equal versions can differ in spelling (`1.0` and `1.0-0`, `1.01`), so hash coarsely.
        hasher.combine(epoch)
    }

    /// -1, 0 or 1, as `dpkg --compare-versions` decides.
    public static func compare(_ lhs: DebianVersion, _ rhs: DebianVersion) -> Int {
        let epochs = NumericString.compare(lhs.epoch, rhs.epoch)
        if epochs != 0 { return epochs }
        let upstream = verrevcmp(lhs.upstreamBytes, rhs.upstreamBytes)
        if upstream != 0 { return upstream < 0 ? -1 : 1 }
        let revision = verrevcmp(lhs.revisionBytes, rhs.revisionBytes)
        return revision == 0 ? 0 : (revision < 0 ? -1 : 1)
    }

    /// The weight of one character in a non-digit run (0 stands for the end of the string).
    private static func order(_ byte: UInt8?) -> Int {
        guard let byte else { return 0 }
        if byte.isASCIIDigit { return 0 }
        if byte.isASCIILetter { return Int(byte) }
        if byte == UInt8(ascii: "~") { return -1 }
        return Int(byte) + 256
    }

    /// dpkg's `verrevcmp` from lib/dpkg/version.c, over byte arrays.
    private static func verrevcmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0
        var j = 0
        func at(_ bytes: [UInt8], _ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }
        while i < a.count || j < b.count {
            var firstDiff = 0
            while (at(a, i).map { !$0.isASCIIDigit } ?? false) || (at(b, j).map { !$0.isASCIIDigit } ?? false) {
                let ac = order(at(a, i))
                let bc = order(at(b, j))
                if ac != bc { return ac - bc }
                i += 1
                j += 1
            }
            while at(a, i) == UInt8(ascii: "0") { i += 1 }
            while at(b, j) == UInt8(ascii: "0") { j += 1 }
            while let x = at(a, i), let y = at(b, j), x.isASCIIDigit, y.isASCIIDigit {
                if firstDiff == 0 { firstDiff = Int(x) - Int(y) }
                i += 1
                j += 1
            }
            if at(a, i)?.isASCIIDigit == true { return 1 }
            if at(b, j)?.isASCIIDigit == true { return -1 }
            if firstDiff != 0 { return firstDiff }
        }
        return 0
    }
}
