/// What changed between two SBOMs: components added, removed, or at another version.
///
/// Components are matched by their purl without its version (so a Debian package keeps its
/// identity across a security update), or by type, group and name when they have no purl.
public struct SBOMDiff: Sendable, Equatable {
    /// A component as the diff shows it.
    public struct Entry: Sendable, Equatable, Comparable {
        public let key: String
        public let name: String
        public let version: String?

        public static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.key, lhs.version ?? "") < (rhs.key, rhs.version ?? "") }
    }

    /// A component present in both, with different versions.
    public struct Change: Sendable, Equatable {
        public let key: String
        public let name: String
        public let oldVersion: String?
        public let newVersion: String?
    }

    public let added: [Entry]
    public let removed: [Entry]
    public let changed: [Change]

    /// Whether the two documents list the same components at the same versions.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// Compares the components (nested ones included) of two parsed documents.
    public init(old: JSONValue, new: JSONValue) {
        let before = Self.entries(old)
        let after = Self.entries(new)
        var added: [Entry] = []
        var removed: [Entry] = []
        var changed: [Change] = []
        for key in Set(before.keys).union(after.keys).sorted() {
            let was = before[key, default: []]
            let now = after[key, default: []]
            let wasVersions = Set(was.map(\.version))
            let nowVersions = Set(now.map(\.version))
            if was.count == 1, now.count == 1 {
                if was[0].version != now[0].version {
                    changed.append(Change(key: key, name: now[0].name, oldVersion: was[0].version, newVersion: now[0].version))
                }
                continue
            }
            // Several of one package (rare): report versions that appear on one side only.
            added += now.filter { !wasVersions.contains($0.version) }
            removed += was.filter { !nowVersions.contains($0.version) }
        }
        self.added = added.sorted()
        self.removed = removed.sorted()
        self.changed = changed
    }

    /// The report, one line per difference: `+ name version (key)`, `- ...`, `~ name old -> new (key)`.
    public var lines: [String] {
        added.map { "+ \($0.name) \($0.version ?? "-") (\($0.key))" }
            + removed.map { "- \($0.name) \($0.version ?? "-") (\($0.key))" }
            + changed.map { "~ \($0.name) \($0.oldVersion ?? "-") -> \($0.newVersion ?? "-") (\($0.key))" }
    }

    /// Every component of a document by its matching key.
    static func entries(_ document: JSONValue) -> [String: [Entry]] {
        var result: [String: [Entry]] = [:]
        var stack = document["components"]?.array ?? []
        while let component = stack.popLast() {
            stack += component["components"]?.array ?? []
            guard let name = component["name"]?.string else { continue }
            let purl = component["purl"]?.string.flatMap(PackageURL.init(parsing:))
            let version = component["version"]?.string ?? purl?.version
            let key: String
            if let purl {
                key = PackageURL(
                    type: purl.type, namespace: purl.namespace, name: purl.name, version: nil,
                    qualifiers: Dictionary(uniqueKeysWithValues: purl.qualifiers.map { ($0.key, $0.value) }),
                    subpath: purl.subpath
                ).description
            } else {
                let type = component["type"]?.string ?? "component"
                key = [type, component["group"]?.string, name].compactMap { $0 }.joined(separator: "/")
            }
            result[key, default: []].append(Entry(key: key, name: name, version: version))
        }
        return result
    }
}
