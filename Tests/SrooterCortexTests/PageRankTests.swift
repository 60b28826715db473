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
}
