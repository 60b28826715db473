import Synchronization

/// Personalised PageRank (damping 0.85): the random walk restarts at the focus nodes (everywhere
/// when there is no focus), rank flows along edges in proportion to their weights, and dangling nodes
/// send their rank to the restart set.
///
/// Built once per loaded graph, in compressed rows: a node's edges to nodes, and its edges to groups
/// (a module: what reaches a group is shared evenly by its members, so an import of a 300-file module
/// is one edge, not 300). Weights are divided by the node's total once, here.
///
/// Two ways to compute it. `rank` is power iteration over every node: O(iterations × (N + E)), used
/// without a focus (the same for every query, so computed once per graph: `RankCache`). `push` is
/// forward push (Andersen, Chung and Lang, 2006), used with a focus: rank spreads outwards from the
/// focus and a node passes its pending rank on only while that is at least `epsilon` per edge, so the
/// work is O(1 / ((1 − d) · epsilon)) edge visits whatever the size of the graph (at most 6.7 million
/// for 1e-7, and 2 thousand to 0.7 million measured on a 10,000-file index, where power iteration
/// visited 50 × 0.95 million). Every node's rank is under its exact value by at most the pending rank
/// left when it stops; files left with none are those the focus does not reach, or reaches with a rank
/// of that order.
struct PageRank: Sendable {
    typealias Edge = (to: Int, weight: Double)
    typealias GroupEdge = (group: Int, weight: Double)

    let offsets: FlatArray<Int32>
    let targets: FlatArray<Int32>
    let shares: FlatArray<Double>
    let groupOffsets: FlatArray<Int32>
    let groupTargets: FlatArray<Int32>
    let groupShares: FlatArray<Double>
    let memberOffsets: FlatArray<Int32>
    let members: FlatArray<Int32>
    /// Each node's edge count (at least 1): `push` passes a node's pending rank on once it is `epsilon` per edge.
    let degrees: FlatArray<Double>

    /// `outgoing[n]`: node n's edges to nodes; `toGroups[n]` (empty, or one list per node): its edges to
    /// groups; `groups[g]`: group g's member nodes.
    init(outgoing: [[Edge]], toGroups: [[GroupEdge]] = [], groups: [[Int]] = []) {
        var offsets: [Int32] = [0], targets: [Int32] = [], shares: [Double] = []
        var groupOffsets: [Int32] = [0], groupTargets: [Int32] = [], groupShares: [Double] = []
        offsets.reserveCapacity(outgoing.count + 1)
        groupOffsets.reserveCapacity(outgoing.count + 1)
        for (node, edges) in outgoing.enumerated() {
            let grouped = node < toGroups.count ? toGroups[node].filter { !groups[$0.group].isEmpty } : []
            let total = edges.reduce(0) { $0 + $1.weight } + grouped.reduce(0) { $0 + $1.weight }
            if total > 0 {
                for edge in edges where edge.weight > 0 {
                    targets.append(Int32(edge.to))
                    shares.append(edge.weight / total)
                }
                for edge in grouped where edge.weight > 0 {
                    groupTargets.append(Int32(edge.group))
                    groupShares.append(edge.weight / total / Double(groups[edge.group].count))
                }
            }
            offsets.append(Int32(targets.count))
            groupOffsets.append(Int32(groupTargets.count))
        }
        var memberOffsets: [Int32] = [0], members: [Int32] = []
        for group in groups {
            members += group.map(Int32.init)
            memberOffsets.append(Int32(members.count))
        }
        self.offsets = FlatArray(offsets)
        self.targets = FlatArray(targets)
        self.shares = FlatArray(shares)
        self.groupOffsets = FlatArray(groupOffsets)
        self.groupTargets = FlatArray(groupTargets)
        self.groupShares = FlatArray(groupShares)
        self.memberOffsets = FlatArray(memberOffsets)
        self.members = FlatArray(members)
        var degrees: [Double] = []
        degrees.reserveCapacity(outgoing.count)
        for node in outgoing.indices {
            let edges = Int(offsets[node + 1] - offsets[node]) + Int(groupOffsets[node + 1] - groupOffsets[node])
            degrees.append(Double(max(1, edges)))
        }
        self.degrees = FlatArray(degrees)
    }

    var count: Int { offsets.count - 1 }
    var groupCount: Int { memberOffsets.count - 1 }

    /// The ranks, and the nodes that have one.
    struct Ranking: Sendable {
        let values: [Double]
        let reached: [Int32]
    }

    /// Power iteration: the rank of every node; stops after `iterations` or when an iteration moves less than `tolerance` (L1).
    func rank(focus: [Int], damping: Double = 0.85, iterations: Int = 50, tolerance: Double = 1e-6) -> [Double] {
        let count = self.count
        guard count > 0 else { return [] }
        var start = [Double](repeating: 0, count: count)
        if focus.isEmpty {
            for index in 0..<count { start[index] = 1 / Double(count) }
        } else {
            for node in focus { start[node] += 1 / Double(focus.count) }
        }
        let restart = FlatArray(start), rank = FlatArray(start), next = FlatArray(repeating: 0.0, count: count)
        let inflow = FlatArray(repeating: 0.0, count: groupCount)
        for _ in 0..<iterations {
            var dangling = 0.0
            for node in 0..<count {
                let mass = rank[node]
                let start = Int(offsets[node]), end = Int(offsets[node + 1])
                let groupStart = Int(groupOffsets[node]), groupEnd = Int(groupOffsets[node + 1])
                if start == end && groupStart == groupEnd { dangling += mass; continue }
                if mass == 0 { continue }
                for edge in start..<end { next[Int(targets[edge])] += mass * shares[edge] }
                for edge in groupStart..<groupEnd { inflow[Int(groupTargets[edge])] += mass * groupShares[edge] }
            }
            for group in 0..<groupCount where inflow[group] != 0 {
                let each = inflow[group]
                inflow[group] = 0
                for member in Int(memberOffsets[group])..<Int(memberOffsets[group + 1]) { next[Int(members[member])] += each }
            }
            var delta = 0.0
            for node in 0..<count {
                let value = (1 - damping) * restart[node] + damping * (next[node] + dangling * restart[node])
                delta += abs(value - rank[node])
                rank[node] = value
                next[node] = 0
            }
            if delta < tolerance { break }
        }
        return rank.array
    }

    /// `rank` without a focus, as a ``Ranking`` of every node.
    func unfocused() -> Ranking {
        Ranking(values: rank(focus: []), reached: Array(0..<Int32(count)))
    }

    /// Forward push from `focus` (not empty): each node holds its rank and its pending rank; pushing a
    /// node keeps (1 − d) of its pending rank and hands d of it on along its edges (to the focus when it
    /// has none). Groups and the restart are extra nodes that only hand on what reaches them.
    func push(focus: [Int], damping: Double = 0.85, epsilon: Double = 1e-7) -> Ranking {
        let count = self.count, groupCount = self.groupCount
        guard count > 0, !focus.isEmpty else { return Ranking(values: [], reached: []) }
        let restartNode = count + groupCount
        var restartShare: [Int: Double] = [:]
        for node in focus { restartShare[node, default: 0] += 1 / Double(focus.count) }
        let restartTargets = restartShare.sorted { $0.key < $1.key }
        let rank = FlatArray(repeating: 0.0, count: count)
        let pending = FlatArray(repeating: 0.0, count: restartNode + 1)
        let queued = FlatArray(repeating: false, count: restartNode + 1)
        // A node is queued at most once at a time, so a ring of every node's size never overflows.
        let queue = FlatArray(repeating: Int32(0), count: restartNode + 1)
        var head = 0, length = 0
        var reached: [Int32] = []
        func add(_ node: Int, _ mass: Double) {
            pending[node] += mass
            if queued[node] { return }
            let threshold = node < count ? epsilon * degrees[node] : node == restartNode ? epsilon * Double(restartTargets.count) : epsilon
            guard pending[node] >= threshold else { return }
            queued[node] = true
            queue[(head + length) % queue.count] = Int32(node)
            length += 1
        }
        add(restartNode, 1)
        while length > 0 {
            let node = Int(queue[head])
            head = (head + 1) % queue.count
            length -= 1
            queued[node] = false
            let mass = pending[node]
            pending[node] = 0
            if node == restartNode {
                for (target, share) in restartTargets { add(target, mass * share) }
            } else if node >= count {
                let group = node - count
                for member in Int(memberOffsets[group])..<Int(memberOffsets[group + 1]) { add(Int(members[member]), mass) }
            } else {
                if rank[node] == 0 { reached.append(Int32(node)) }
                rank[node] += (1 - damping) * mass
                let onward = damping * mass
                let start = Int(offsets[node]), end = Int(offsets[node + 1])
                let groupStart = Int(groupOffsets[node]), groupEnd = Int(groupOffsets[node + 1])
                if start == end && groupStart == groupEnd { add(restartNode, onward); continue }
                for edge in start..<end { add(Int(targets[edge]), onward * shares[edge]) }
                for edge in groupStart..<groupEnd { add(count + Int(groupTargets[edge]), onward * groupShares[edge]) }
            }
        }
        return Ranking(values: rank.array, reached: reached)
    }
}

/// A fixed-size array read and written without bounds checks in optimised builds (the hot loop's
/// indexes come from the compressed rows built with it). Its memory is freed with it.
final class FlatArray<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked: the graph's arrays are written only in `init`; a query's own arrays never leave it.
    private let buffer: UnsafeMutableBufferPointer<Element>

    init(_ array: [Element]) {
        buffer = .allocate(capacity: array.count)
        _ = buffer.initialize(from: array)
    }

    init(repeating value: Element, count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: value)
    }

    deinit { buffer.deallocate() }

    var count: Int { buffer.count }
    var array: [Element] { Array(buffer) }

    subscript(index: Int) -> Element {
        get { buffer[index] }
        set { buffer[index] = newValue }
    }
}

/// One graph's unfocused ranking, computed on first use and kept with the graph.
final class RankCache: Sendable {
    private let stored = Mutex<PageRank.Ranking?>(nil)

    func ranking(_ compute: () -> PageRank.Ranking) -> PageRank.Ranking {
        if let cached = stored.withLock({ $0 }) { return cached }
        let computed = compute()
        stored.withLock { $0 = computed }
        return computed
    }
}
