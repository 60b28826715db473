/// Personalised PageRank (power iteration, damping 0.85): the random walk restarts at the focus
/// nodes (everywhere when there is no focus), rank flows along edges in proportion to their weights,
/// and dangling nodes send their rank to the restart set.
enum PageRank {
    static func rank(outgoing: [[(to: Int, weight: Double)]], focus: [Int], damping: Double = 0.85, iterations: Int = 40, tolerance: Double = 1e-7) -> [Double] {
        let count = outgoing.count
        guard count > 0 else { return [] }
        var restart = [Double](repeating: 0, count: count)
        if focus.isEmpty {
            for index in 0..<count { restart[index] = 1 / Double(count) }
        } else {
            for node in focus { restart[node] += 1 / Double(focus.count) }
        }
        let totals = outgoing.map { $0.reduce(0) { $0 + $1.weight } }
        var rank = restart
        var next = [Double](repeating: 0, count: count)
        for _ in 0..<iterations {
            var dangling = 0.0
            for index in 0..<count { next[index] = 0 }
            for node in 0..<count {
                let edges = outgoing[node]
                if edges.isEmpty || totals[node] <= 0 { dangling += rank[node]; continue }
                let share = rank[node] / totals[node]
                for edge in edges { next[edge.to] += share * edge.weight }
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
