/// Personalised PageRank (power iteration, damping 0.85): the random walk restarts at the focus
/// nodes (everywhere when there is no focus), rank flows along edges in proportion to their weights,
/// and dangling nodes send their rank to the restart set.
///
/// The graph is kept in compressed rows (one array of targets and one of weights already divided by
/// the node's total), built once per loaded graph, so an iteration is one pass over flat arrays.
struct PageRank: Sendable {
    let offsets: [Int]
    let targets: [Int32]
    let shares: [Double]

    init(outgoing: [[(to: Int, weight: Double)]]) {
        var offsets = [0]
        var targets: [Int32] = []
        var shares: [Double] = []
        offsets.reserveCapacity(outgoing.count + 1)
        for edges in outgoing {
            let total = edges.reduce(0) { $0 + $1.weight }
            if total > 0 {
                for edge in edges {
                    targets.append(Int32(edge.to))
                    shares.append(edge.weight / total)
                }
            }
            offsets.append(targets.count)
        }
        self.offsets = offsets
        self.targets = targets
        self.shares = shares
    }

    var count: Int { offsets.count - 1 }

    /// The rank of every node; stops after `iterations` or when an iteration moves less than `tolerance` (L1).
    func rank(focus: [Int], damping: Double = 0.85, iterations: Int = 50, tolerance: Double = 1e-6) -> [Double] {
        let count = self.count
        guard count > 0 else { return [] }
        var restart = [Double](repeating: 0, count: count)
        if focus.isEmpty {
            for index in 0..<count { restart[index] = 1 / Double(count) }
        } else {
            for node in focus { restart[node] += 1 / Double(focus.count) }
        }
        var rank = restart
        var next = [Double](repeating: 0, count: count)
        for _ in 0..<iterations {
            var dangling = 0.0
            for index in 0..<count { next[index] = 0 }
            targets.withUnsafeBufferPointer { targets in
                shares.withUnsafeBufferPointer { shares in
                    for node in 0..<count {
                        let start = offsets[node], end = offsets[node + 1]
                        if start == end { dangling += rank[node]; continue }
                        let mass = rank[node]
                        if mass == 0 { continue }
                        for edge in start..<end { next[Int(targets[edge])] += mass * shares[edge] }
                    }
                }
            }
            var delta = 0.0
            for index in 0..<count {
                let value = (1 - damping) * restart[index] + damping * (next[index] + dangling * restart[index])
                delta += abs(value - rank[index])
                rank[index] = value
            }
            if delta < tolerance { break }
        }
        return rank
    }
}
