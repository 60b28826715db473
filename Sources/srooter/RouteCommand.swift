import ArgumentParser
import SrooterGateway
import SrooterSupplyChain

/// `srooter route ...`: the gateway's routes (`routes:` in srooter.yaml).
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Explain the routing decisions of a gateway configuration.",
        discussion: """
            Example:
              srooter route explain --config srooter.yaml --model srooter/auto --body request.json
            """,
        subcommands: [Explain.self]
    )

    /// `srooter route explain --config F --model M --body request.json`
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Print the decision for a request body, with every feature and threshold behind it, without sending anything.",
            discussion: """
                The decision is made by the same router `srooter serve` runs. Policy is not consulted \
                (every candidate counts as allowed) and session affinity starts empty, as in a gateway \
                that has just started. Exit code 0 with the explanation; 2 when the configuration, the \
                body or the model cannot be used.

                Example:
                  srooter route explain --config srooter.yaml --model srooter/auto --body request.json
                  srooter route explain --config srooter.yaml --model srooter/auto --body chat.json --surface openai-chat
                """
        )

        @Option(help: "The configuration file.")
        var config: String

        @Option(help: "The model or route asked for (default: the body's own model).")
        var model: String?

        @Option(help: "The request body (JSON) as a client would send it.")
        var body: String

        @Option(help: "The wire of the body: anthropic-messages, openai-chat or openai-responses.")
        var surface: String = "anthropic-messages"

        func run() throws {
            try reportingFailures {
                guard let surface = Surface(rawValue: surface), surface != .anthropicCountTokens else {
                    throw UsageError(description: "unknown surface '\(self.surface)' (anthropic-messages, openai-chat or openai-responses)")
                }
                for file in [config, body] where !FileReader.exists(file) { throw UsageError(description: "\(file) does not exist") }
                let text = String(decoding: try FileReader.read(config, limit: 4 << 20), as: UTF8.self)
                let gateway: GatewayConfig
                do throws(ConfigError) {
                    gateway = try ConfigLoader.load(text: text, path: config, environment: ProcessInfoLite.environment)
                } catch {
                    throw UsageError(description: "\(error.description) (srooter config check \(config) lists them)")
                }
                let bytes = try FileReader.read(body, limit: 32 << 20)
                do throws(RouteExplanation.Problem) {
                    for line in try RouteExplanation.explain(config: gateway, model: model, body: bytes, surface: surface) { print(line) }
                } catch {
                    throw UsageError(description: error.description)
                }
            }
        }
    }
}
