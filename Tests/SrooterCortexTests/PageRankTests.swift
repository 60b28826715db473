@testable import SrooterCortex
import Testing

/// Personalised PageRank against values worked out by hand (d = 0.85).
@Suite struct PageRankTests {
    @Test func twoNodeCycleFocusedOnTheFirst() {
        // r0 = (1 - d) + d·r1, r1 = d·r0  ⇒  r0 = 1 / (1 + d), r1 = d / (1 + d)
        let rank = PageRank(outgoing: [[(1, 1)], [(0, 1)]]).rank(focus: [0], iterations: 400, tolerance: 1e-13)
        #expect(abs(rank[0] - 1 / 1.85) < 1e-9 && abs(rank[1] - 0.85 / 1.85) < 1e-9, "\(rank)")
    }

    @Test func danglingRankReturnsToTheFocus() {
        // 0 → 1, 1 has no edges: its rank restarts at 0, so the values are those of the cycle.
        let rank = PageRank(outgoing: [[(1, 1)], []]).rank(focus: [0], iterations: 400, tolerance: 1e-13)
        #expect(abs(rank[0] - 1 / 1.85) < 1e-9 && abs(rank[1] - 0.85 / 1.85) < 1e-9, "\(rank)")
    }

    @Test func weightsSplitTheFlow() {
        // 0 → 1 (weight 3), 0 → 2 (weight 1); 1 and 2 dangle. r1 = 3·r2 and nothing reaches 3.
        let rank = PageRank(outgoing: [[(1, 3), (2, 1)], [], [], []]).rank(focus: [0], iterations: 400, tolerance: 1e-13)
        #expect(abs(rank[1] - 3 * rank[2]) < 1e-9 && rank[3] == 0, "\(rank)")
        #expect(abs(rank.reduce(0, +) - 1) < 1e-9)
    }

    @Test func aGroupSharesWhatReachesItAmongItsMembers() {
        // 0 imports the group {1, 2}; 1 and 2 dangle, so their rank returns to 0:
        // r1 = r2 = d·r0 / 2, r0 = (1 - d) + d·(r1 + r2)  ⇒  r0 = 1 / (1 + d), r1 = r2 = d / (2 (1 + d)).
        let graph = PageRank(outgoing: [[], [], []], toGroups: [[(0, 1)], [], []], groups: [[1, 2]])
        for rank in [graph.rank(focus: [0], iterations: 400, tolerance: 1e-13), graph.push(focus: [0], epsilon: 1e-15).values] {
            #expect(abs(rank[0] - 1 / 1.85) < 1e-9 && abs(rank[1] - 0.85 / 3.7) < 1e-9 && abs(rank[2] - rank[1]) < 1e-12, "\(rank)")
        }
    }

    @Test func pushGivesTheHandWorkedValues() {
        let cycle = PageRank(outgoing: [[(1, 1)], [(0, 1)]]).push(focus: [0], epsilon: 1e-15)
        #expect(abs(cycle.values[0] - 1 / 1.85) < 1e-9 && abs(cycle.values[1] - 0.85 / 1.85) < 1e-9, "\(cycle.values)")
        let dangling = PageRank(outgoing: [[(1, 1)], []]).push(focus: [0], epsilon: 1e-15)
        #expect(abs(dangling.values[0] - 1 / 1.85) < 1e-9 && abs(dangling.values[1] - 0.85 / 1.85) < 1e-9, "\(dangling.values)")
        // Node 3 is not reached: it has no rank and is not listed.
        let split = PageRank(outgoing: [[(1, 3), (2, 1)], [], [], []]).push(focus: [0], epsilon: 1e-15)
        #expect(abs(split.values[1] - 3 * split.values[2]) < 1e-9 && split.values[3] == 0, "\(split.values)")
        #expect(abs(split.values.reduce(0, +) - 1) < 1e-9)
        #expect(Set(split.reached) == [0, 1, 2])
    }

    @Test func pushStopsWithinItsBound() {
        // A 2,000-node ring with chords: push stops once no node holds epsilon per edge of pending rank,
        // so it is short of the converged power iteration by at most epsilon × (4,000 edges + 2 focus nodes), in L1.
        let count = 2000
        let outgoing = (0..<count).map { node in [(to: (node + 1) % count, weight: 1.0), (to: (node * 7 + 3) % count, weight: 0.5)] }
        let graph = PageRank(outgoing: outgoing)
        let exact = graph.rank(focus: [5, 17], iterations: 400, tolerance: 1e-14)
        let pushed = graph.push(focus: [5, 17]).values
        let error = zip(exact, pushed).reduce(0) { $0 + abs($1.0 - $1.1) }
        #expect(error <= 1e-7 * 4002 && error > 0, "L1 error \(error)")
        #expect(zip(exact, pushed).allSatisfy { $0.1 <= $0.0 + 1e-12 }, "push never overshoots")
    }
}
