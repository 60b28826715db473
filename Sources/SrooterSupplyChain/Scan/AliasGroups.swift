/// Groups advisories that describe one vulnerability: two advisories belong together when the
/// id or an alias of one equals the id or an alias of the other (transitively). `upstream` and
/// `related` ids are not aliases and do not merge (a Debian DSA covers several CVEs).
struct AliasGroups {
    private var parent: [Int: Int] = [:]

    /// Groups the advisories (given with their indices in the index).
    init(_ advisories: [OSVAdvisory], indices: [Int]) {
        var owner: [String: Int] = [:]
        for (advisory, index) in zip(advisories, indices) {
            if parent[index] == nil { parent[index] = index }
            for id in [advisory.id] + advisory.aliases {
                let key = id.uppercased()
                if let other = owner[key] { union(index, other) } else { owner[key] = index }
            }
        }
    }

    /// The representative of an advisory's group.
    mutating func group(of index: Int) -> Int {
        var root = index
        while let next = parent[root], next != root { root = next }
        var node = index
        while let next = parent[node], next != root {
            parent[node] = root
            node = next
        }
        return root
    }

    /// Every group: representative → sorted advisory indices.
    mutating func all() -> [Int: [Int]] {
        var groups: [Int: [Int]] = [:]
        for index in parent.keys.sorted() { groups[group(of: index), default: []].append(index) }
        return groups
    }

    private mutating func union(_ a: Int, _ b: Int) {
        let ra = group(of: a)
        let rb = group(of: b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }

    /// The id to report for merged advisories (the smallest CVE id among all their ids and
    /// aliases, else the smallest record id) and the other ids.
    static func identity(of advisories: [OSVAdvisory]) -> (id: String, aliases: [String]) {
        var all: [String] = []
        var seen = Set<String>()
        for id in advisories.flatMap({ [$0.id] + $0.aliases }) where seen.insert(id.uppercased()).inserted {
            all.append(id)
        }
        let cves = all.filter { $0.uppercased().hasPrefix("CVE-") }.sorted()
        let id = cves.first ?? advisories.map(\.id).sorted().first ?? ""
        return (id, all.filter { $0 != id }.sorted())
    }
}
