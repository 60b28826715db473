import Foundation
import SrooterTestSupport
import Testing

/// `srooter router bench` (what bench/router-decision.sh runs on a release build): on this debug
/// build, only that it decides as `route explain` does and prints sane percentiles.
@Suite struct RouterBenchCLITests {
    @Test func benchPrintsTheDecisionAndItsPercentiles() async throws {
        let live = try LiveRouting { live in
            """
            providers:
              mock: {kind: mock}
            models:
              dear: {provider: mock, upstream: mock-gpt-1, price: {input: 3, output: 15}}
              cheap: {provider: mock, upstream: mock-gpt-mini, price: {input: 1, output: 5}}
            routes:
              auto: {strategy: trivial, candidates: [dear, cheap]}
              smart:
                strategy: learned
                candidates: [dear, cheap]
                learned: {weights: \(live.folder.file("weights.json")), threshold: 0.5}
            """
        }
        let body = live.folder.file("body.json")
        try #"{"model":"auto","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}"#.write(toFile: body, atomically: true, encoding: .utf8)
        let trained = try await live.cli(["router", "train", "--samples", LearnedLiveTests.synthetic, "--config", live.config, "--output", live.folder.file("weights.json")])
        try #require(trained.status == 0, "\(trained.stderr)")
        // The same decisions `route explain` shows for this body (p 0.886 ≥ 0.5 for the learned route: LearnedLiveTests).
        for (route, decision) in [("auto", "trivial → cheap"), ("smart", "learned → cheap")] {
            let result = try await live.cli(["router", "bench", "--config", live.config, "--model", route, "--body", body, "--iterations", "300"])
            #expect(result.status == 0, "\(result.stderr)")
            let pattern = #"^route \#(route): \#(decision); 300 decisions: p50 ([0-9]+\.[0-9]{2}) µs, p99 ([0-9]+\.[0-9]{2}) µs, max ([0-9]+\.[0-9]{2}) µs\n$"#
            let regex = try Regex(pattern)
            let match = try #require(result.stdout.wholeMatch(of: regex), "\(result.stdout)")
            let figures = (1...3).compactMap { match.output[$0].substring.flatMap { Double($0) } }
            #expect(figures.count == 3 && figures[0] > 0 && figures[0] <= figures[1] && figures[1] <= figures[2], "\(result.stdout)")
        }
        let bad = try await live.cli(["router", "bench", "--config", live.config, "--model", "nope", "--body", body, "--iterations", "10"])
        #expect(bad.status == 2 && bad.stderr.contains("'nope' is neither a model nor a route"), "\(bad.stderr)")
    }
}
