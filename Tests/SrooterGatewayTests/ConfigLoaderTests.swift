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

    /// Every value differs from its default, so a loader that ignored a key would be caught.
    @Test func everyValueIsRead() throws {
        let text = """
            listen: {host: 0.0.0.0, port: 8443}
            tls: {certificate: /etc/srooter/cert.pem, key: /etc/srooter/key.pem}
            database: /var/lib/srooter/gw.db
            limits: {max_body_bytes: 1048576}
            timeouts: {connect_seconds: 3, idle_seconds: 45, total_seconds: 600, drain_seconds: 7}
            providers:
              claude: {kind: anthropic, base_url: "https://api.anthropic.com", credential: "env:TEST_ANTHROPIC_KEY"}
              gpt: {kind: openai, base_url: "https://api.openai.com/v1", credential: "vault:openai-prod"}
              local: {kind: openai-compatible, base_url: "http://127.0.0.1:11434/v1"}
              sub: {kind: anthropic, base_url: "https://api.anthropic.com", credential: passthrough}
            models:
              sonnet: {provider: claude, upstream: claude-sonnet-4-5, price: {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75}}
              llama: {provider: local}
            """
        let config = try ConfigLoader.load(text: text, path: "x.yaml", environment: ["TEST_ANTHROPIC_KEY": "sk-test"])
        #expect(config.host == "0.0.0.0" && config.port == 8443)
        #expect(config.tlsCertificate == "/etc/srooter/cert.pem" && config.tlsKey == "/etc/srooter/key.pem")
        #expect(config.databasePath == "/var/lib/srooter/gw.db")
        #expect(config.maxBodyBytes == 1_048_576)
        #expect(config.timeouts.connect == 3 && config.timeouts.idle == 45 && config.timeouts.total == 600 && config.timeouts.drain == 7)
        #expect(config.providers["claude"] == ProviderConfig(name: "claude", kind: .anthropic, baseURL: "https://api.anthropic.com", credential: .environment(name: "TEST_ANTHROPIC_KEY")))
        #expect(config.providers["gpt"]?.kind == .openai && config.providers["gpt"]?.credential == .vault(name: "openai-prod"))
        #expect(config.providers["local"]?.kind == .openAICompatible && config.providers["local"]?.credential == ProviderConfig.Credential.none)
        #expect(config.providers["sub"]?.credential == .passthrough)
        #expect(config.models["sonnet"] == ModelConfig(
            name: "sonnet", provider: "claude", upstreamModel: "claude-sonnet-4-5",
            prices: .init(input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75)))
        #expect(config.models["llama"]?.upstreamModel == "llama", "the upstream id defaults to the public name")
        #expect(config.models["llama"]?.prices == ModelConfig.Prices())
        #expect(config.providers.count == 4 && config.models.count == 2)
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
            Issue.record("an unclosed YAML list loaded")
        } catch {
            #expect(error.problems.count == 1 && error.problems[0].line > 0)
        }
    }
}
