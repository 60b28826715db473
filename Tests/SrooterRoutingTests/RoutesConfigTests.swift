import Foundation
import SrooterRouting
import Testing
@testable import SrooterGateway

/// The `routes:` section of srooter.yaml, read by `ConfigLoader` and checked with the models.
@Suite struct RoutesConfigTests {
    static let models = """
        providers: {mock: {kind: mock}}
        models:
          big: {provider: mock, price: {input: 3, output: 15}}
          small: {provider: mock, price: {input: 0.25, output: 1.25}}

        """

    @Test func everyValueIsRead() throws {
        let config = try ConfigLoader.load(text: Self.models + """
            routes:
              auto:
                strategy: trivial
                candidates: [big, small]
                trivial: {max_output_tokens: 500, max_input_tokens: 900, max_turn_chars: 300, min_score: 4}
              safe:
                strategy: fallback
                candidates: [auto, big]
                fallback: {max_retry_after_seconds: 1.5, breaker_failures: 3, breaker_window_seconds: 20, breaker_cooldown_seconds: 40}
            """, path: "x.yaml", environment: [:])
        let auto = try #require(config.routes["auto"])
        #expect(auto.strategy == .trivial && auto.candidates == ["big", "small"])
        #expect(auto.trivial.maxOutputTokens == 500 && auto.trivial.maxInputTokens == 900 && auto.trivial.maxTurnChars == 300 && auto.trivial.minScore == 4)
        let safe = try #require(config.routes["safe"])
        #expect(safe.strategy == .fallback && safe.candidates == ["auto", "big"] && safe.fallback.maxRetryAfterSeconds == 1.5)
        #expect(safe.fallback.breaker == BreakerSettings(failures: 3, windowSeconds: 20, cooldownSeconds: 40))
    }

    @Test func theExamplesRoutesLoad() throws {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        let config = try ConfigLoader.load(text: try String(contentsOfFile: path + "/srooter.example.yaml", encoding: .utf8), path: "srooter.example.yaml", environment: [:])
        #expect(config.routes["srooter/auto"]?.candidates == ["mock-claude", "mock-claude-small"])
        #expect(config.routes["mock-claude-safe"]?.strategy == .fallback)
        #expect(config.routes["srooter/council"]?.strategy == .council && config.routes["srooter/council"]?.council.chair == "mock-claude")
    }

    /// Each problem with its line (1-based, the route's own line for cross-references).
    @Test func problemsAreReportedWithTheirLines() {
        let text = Self.models + """
            routes:
              loose:
                strategy: trivial
                candidates: [big, nonesuch]
              one:
                strategy: council
                candidates: [big]
              odd: {strategy: random, candidates: [big]}
              bare: {candidates: [big]}
              knobs: {strategy: fallback, candidates: [big], fallback: {max_retry_after_seconds: 600, breaker_failures: 2.5}, extra: 1}
            """
        do {
            _ = try ConfigLoader.load(text: text, path: "x.yaml", environment: [:])
            Issue.record("expected problems")
        } catch {
            let found = error.problems.map { "\($0.line): \($0.message)" }
            #expect(found.contains("7: route 'loose': candidate 'nonesuch' is neither a model nor a route (models: big, small)"), "\(found)")
            #expect(found.contains("10: route 'one': a council needs at least two member models (has 1)"), "\(found)")
            #expect(found.contains("12: route 'odd': unknown strategy 'random' (trivial, fallback, council, learned)"), "\(found)")
            #expect(found.contains("13: route 'bare' needs a strategy (trivial, fallback, council, learned)"), "\(found)")
            #expect(found.contains { $0.hasPrefix("14: route 'knobs': unknown key 'extra'") }, "\(found)")
            #expect(found.contains("14: route 'knobs'.fallback.max_retry_after_seconds must be at most 60"), "\(found)")
            #expect(found.contains("14: route 'knobs'.fallback.breaker_failures must be a whole number"), "\(found)")
            #expect(found.count == 7, "\(found)")
        }
    }

    @Test func aLearnedRouteNeedsWeightsAndAProbability() throws {
        let config = try ConfigLoader.load(text: Self.models + """
            routes:
              smart: {strategy: learned, candidates: [big, small], learned: {weights: /var/lib/srooter/w.json, threshold: 0.55}}
            """, path: "x.yaml", environment: [:])
        #expect(config.routes["smart"]?.learned == LearnedSettings(weightsFile: "/var/lib/srooter/w.json", threshold: 0.55))
        do {
            _ = try ConfigLoader.load(text: Self.models + """
                routes:
                  smart: {strategy: learned, candidates: [big, small], learned: {threshold: 1.5}}
                """, path: "x.yaml", environment: [:])
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.map(\.message) == [
                "route 'smart'.learned.threshold must be a probability from 0 to 1",
                "route 'smart': a learned route needs learned.weights (the file srooter router train writes)",
            ])
        }
    }

    @Test func aCouncilIsReadAndChecked() throws {
        let config = try ConfigLoader.load(text: Self.models + """
            routes:
              panel: {strategy: council, candidates: [big, small], council: {members: [small, big], chair: small, member_timeout_seconds: 12.5}}
              plain: {strategy: council, candidates: [big, small]}
            """, path: "x.yaml", environment: [:])
        #expect(config.routes["panel"]?.council == CouncilSettings(members: ["small", "big"], chair: "small", memberTimeoutSeconds: 12.5))
        // Without a council map: every candidate sits, the default chairs, 60 s per member call.
        #expect(config.routes["plain"]?.council == CouncilSettings(members: [], chair: nil, memberTimeoutSeconds: 60))
        do {
            _ = try ConfigLoader.load(text: Self.models + """
                routes:
                  panel: {strategy: council, candidates: [big, small], council: {members: [big, big, other], chair: boss, member_timeout_seconds: 0}}
                """, path: "x.yaml", environment: [:])
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.map(\.message) == [
                "route 'panel'.council.member_timeout_seconds must be more than 0 and at most 600",
                "route 'panel': council.members names 'big' twice",
                "route 'panel': council member 'other' is not a model of the route (its models: big, small)",
                "route 'panel': a council needs at least two member models (has 1)",
                "route 'panel': council chair 'boss' is not a model of the route (its models: big, small)",
            ], "\(error.problems)")
        }
    }

    @Test func aRouteNamedTwiceIsRefused() {
        let text = Self.models + """
            routes:
              auto: {strategy: trivial, candidates: [big, small]}
              auto: {strategy: fallback, candidates: [big]}
            """
        #expect(throws: ConfigError.self) { try ConfigLoader.load(text: text, path: "x.yaml", environment: [:]) }
    }
}
