import Foundation
import SrooterTestSupport
import Testing

/// `srooter route explain` run as the real binary on the shipped example configuration.
@Suite struct RouteExplainCLITests {
    static var example: String {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path + "/srooter.example.yaml"
    }

    func explain(_ body: String, _ extra: [String]) async throws -> CommandResult {
        let folder = TemporaryDirectory()
        let file = folder.file("request.json")
        try body.write(toFile: file, atomically: true, encoding: .utf8)
        return try await CommandRunner.run(CommandRunner.srooter, ["route", "explain", "--config", Self.example, "--body", file] + extra)
    }

    @Test func aTrivialRequestIsExplainedFactorByFactor() async throws {
        let result = try await explain(
            #"{"model":"srooter/auto","max_tokens":200,"messages":[{"role":"user","content":"Name three colours."}]}"#, [])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("route: srooter/auto, strategy trivial"))
        #expect(lines.contains("  mock-claude-small: provider mock, price 6"))
        #expect(lines.contains("  +1 small_output: output limit 200 ≤ 1024"))
        #expect(lines.contains("   3 side_call: agent side call: no (not met)"))
        #expect(lines.contains("  = score 6 ≥ 6: trivial"))
        #expect(lines.last == "decision: trivial → mock-claude-small (provider mock, upstream mock-claude-haiku-1): route srooter/auto: trivial: score 6 ≥ 6")
    }

    @Test func theModelOptionOverridesTheBodysAndFallbackShowsTheChain() async throws {
        let result = try await explain(#"{"model":"whatever","messages":[{"role":"user","content":"hi"}]}"#, ["--model", "mock-claude-safe", "--surface", "openai-chat"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("chain: mock-claude → mock-gpt\n"))
        #expect(result.stdout.contains("breaker per provider: open after 5 failures in 30 s, one probe after 30 s"))
        #expect(result.stdout.hasSuffix("decision: direct → mock-claude (provider mock, upstream mock-claude-1): route mock-claude-safe: fallback: first allowed candidate\n"))
    }

    @Test func aCouncilShowsItsSeats() async throws {
        let result = try await explain(#"{"model":"srooter/council","messages":[{"role":"user","content":"hi"}]}"#, ["--surface", "openai-chat"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(
            "council: members mock-claude, mock-gpt, mock-claude-small answer, then rank the anonymous answers; chair mock-claude writes the answer; each member call within 60 s\n"))
        #expect(result.stdout.hasSuffix(
            "decision: council → mock-claude (provider mock, upstream mock-claude-1): route srooter/council: council: members mock-claude, mock-gpt, mock-claude-small; chair mock-claude\n"))
    }

    @Test func badInputIsOneLineAndExitTwo() async throws {
        let unknown = try await explain(#"{"model":"nonesuch","messages":[]}"#, [])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "srooter: error: 'nonesuch' is neither a model nor a route of the configuration (known: mock-claude, mock-claude-safe, mock-claude-small, mock-gpt, srooter/auto, srooter/council)\n")
        let broken = try await explain("{not json", ["--model", "srooter/auto"])
        #expect(broken.status == 2 && broken.stderr.hasPrefix("srooter: error: the body cannot be read") && broken.stderr.split(separator: "\n").count == 1)
        let surface = try await explain("{}", ["--model", "srooter/auto", "--surface", "smtp"])
        #expect(surface.status == 2 && surface.stderr.contains("unknown surface 'smtp'"))
    }
}
