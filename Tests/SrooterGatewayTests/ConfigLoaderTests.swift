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
        #expect(config.connections == ConnectionLimits(), "the example shows the connection limits' defaults")
    }

    @Test func connectionLimitsAreReadAndChecked() throws {
        let config = try ConfigLoader.load(
            text: "limits: {max_connections: 8, header_seconds: 2.5, keep_alive_seconds: 9, min_body_bytes_per_second: 0, max_buffered_body_bytes: 65536}\n",
            path: "x.yaml", environment: [:])
        #expect(config.connections.maxConnections == 8 && config.connections.headerSeconds == 2.5 && config.connections.keepAliveSeconds == 9)
        #expect(config.connections.minBodyBytesPerSecond == 0 && config.connections.maxBufferedBodyBytes == 65536)
        do {
            _ = try ConfigLoader.load(text: "limits:\n  max_connections: 0.5\n  header_seconds: 0\n  idle: 3\n", path: "x.yaml", environment: [:])
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.map(\.line) == [2, 3, 4], "\(error.problems)")
        }
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
