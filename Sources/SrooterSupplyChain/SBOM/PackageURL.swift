/// A package URL (purl, `pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH`), the identifier
/// SBOM components and vulnerability matching share.
///
/// Examples: `pkg:swift/github.com/apple/swift-nio@2.101.3`,
/// `pkg:deb/debian/libsqlite3-0@3.40.1-2%2Bdeb12u2?arch=amd64&distro=debian-12`.
public struct PackageURL: Hashable, Sendable, CustomStringConvertible {
    /// The package type, lower case (`swift`, `deb`).
    public let type: String
    /// Slash-separated namespace segments (`github.com/apple`, `debian`); empty when none.
    public let namespace: [String]
    public let name: String
    public let version: String?
    /// Qualifiers, kept sorted by key as the purl spec's canonical form requires.
    public let qualifiers: [(key: String, value: String)]
    public let subpath: String?

    /// Builds a purl from its parts.
    public init(
        type: String, namespace: [String], name: String, version: String?,
        qualifiers: [String: String] = [:], subpath: String? = nil
    ) {
        self.type = type.lowercased()
        self.namespace = namespace
        self.name = name
        self.version = version
        self.qualifiers = qualifiers.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        self.subpath = subpath
    }

    /// Parses a purl string; nil when it is not one.
    public init?(parsing text: String) {
        guard text.hasPrefix("pkg:") else { return nil }
        var rest = Substring(text.dropFirst(4))
        var subpath: String?
        if let hash = rest.lastIndex(of: "#") {
            subpath = Self.decode(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var qualifiers: [String: String] = [:]
        if let question = rest.lastIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, let value = Self.decode(parts[1]) else { return nil }
                qualifiers[parts[0].lowercased()] = value
            }
            rest = rest[..<question]
        }
        while rest.hasPrefix("/") { rest = rest.dropFirst() }
        var version: String?
        if let at = rest.lastIndex(of: "@"), let slash = rest.lastIndex(of: "/"), at > slash {
            version = Self.decode(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        var segments = rest.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= 2 else { return nil }
        let type = segments.removeFirst()
        guard let name = segments.popLast().flatMap(Self.decode) else { return nil }
        let namespace = segments.compactMap(Self.decode)
        guard namespace.count == segments.count, !name.isEmpty else { return nil }
        self.init(
            type: String(type), namespace: namespace, name: name, version: version, qualifiers: qualifiers,
            subpath: subpath)
    }

    /// The value of one qualifier.
    public func qualifier(_ key: String) -> String? {
        qualifiers.first { $0.key == key }?.value
    }

    /// The canonical string form.
    public var description: String {
        var text = "pkg:\(type)/"
        for segment in namespace { text += Self.encode(segment) + "/" }
        text += Self.encode(name)
        if let version { text += "@" + Self.encode(version) }
        if !qualifiers.isEmpty {
            text += "?" + qualifiers.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&")
        }
        if let subpath { text += "#" + subpath.split(separator: "/").map { Self.encode(String($0)) }.joined(separator: "/") }
        return text
    }

    public static func == (lhs: PackageURL, rhs: PackageURL) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// Percent-encodes everything but the unreserved characters (and `:` which the spec leaves bare).
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// Percent-decodes; nil on a malformed escape or invalid UTF-8.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first < utf8.endIndex else { return nil }
                let second = utf8.index(after: first)
                guard second < utf8.endIndex,
                    let value = UInt8(String(decoding: [utf8[first], utf8[second]], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                index = utf8.index(after: second)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
