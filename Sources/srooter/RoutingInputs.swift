import SrooterGateway
import SrooterSupplyChain

/// What the routing commands (`route explain|summary`, `router bench|train|eval`) read from the
/// command line: the gateway configuration and the wire of a request body, with one-line errors.
enum RoutingInputs {
    /// The configuration at `path`, or a usage error naming its first problem.
    static func config(_ path: String) throws -> GatewayConfig {
        guard FileReader.exists(path) else { throw UsageError(description: "\(path) does not exist") }
        let text = String(decoding: try FileReader.read(path, limit: 4 << 20), as: UTF8.self)
        do throws(ConfigError) {
            return try ConfigLoader.load(text: text, path: path, environment: ProcessInfoLite.environment)
        } catch {
            throw UsageError(description: "\(error.description) (srooter config check \(path) lists them)")
        }
    }

    /// The model-call surface `name` (not `anthropic-count-tokens`, which no route serves).
    static func surface(_ name: String) throws -> Surface {
        guard let surface = Surface(rawValue: name), surface != .anthropicCountTokens else {
            throw UsageError(description: "unknown surface '\(name)' (anthropic-messages, openai-chat or openai-responses)")
        }
        return surface
    }
}
