import Testing
@testable import SrooterGateway

@Suite struct ConfigLoaderTests {
    @Test func theExampleLoads() throws {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        let text = try String(contentsOfFile: path + "/srooter.example.yaml", encoding: .utf8)
        let config = try ConfigLoader.load(text: text, path: "srooter.example.yaml", environment: [:])
        #expect(config.port == 4000 && config.host == "127.0.0.1")
        #expect(config.databasePath == "./data/srooter.db")
        #expect(config.providers["mock"]?.kind == .mock)
        #expect(config.models["mock-claude"]?.prices.cacheWrite == 3.75)
    }

    @Test func everyProblemWithItsLine() {
        let text = """
            listen:
              port: 99999
            providers:
              a:
                kind: antropic
              b:
                kind: openai
                credential: env:NOT_SET_ANYWHERE
            models:
              m:
                provider: nowhere
                colour: blue
            """
        do {
            _ = try ConfigLoader.load(text: text, path: "x.yaml", environment: [:])
            Issue.record("expected problems")
        } catch {
            let lines = error.problems.map { $0.line }
            #expect(lines == [2, 5, 8, 11, 12], "\(error.problems)")
        }
    }

    @Test func yamlSyntaxErrorHasALine() {
        do {
            _ = try ConfigLoader.load(text: "listen:\n  host: [\n", path: "x.yaml", environment: [:])
        } catch {
            #expect(error.problems.count == 1 && error.problems[0].line > 0)
        }
    }
}
