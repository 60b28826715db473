import Yams

/// One thing wrong with a configuration file, with its line (1-based; 0 when not tied to one).
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

/// The configuration could not be used; `problems` lists every one found.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let problems: [ConfigProblem]
    public var description: String {
        "\(path): \(problems.count) problem\(problems.count == 1 ? "" : "s"): "
            + problems.map { $0.description }.joined(separator: "; ")
    }
}

/// Reads `srooter.yaml`, collecting every problem (with its line) rather than stopping at the first.
///
/// Example:
/// ```swift
/// let config = try ConfigLoader.load(text: yaml, path: "srooter.yaml", environment: [:])
/// ```
public enum ConfigLoader {
    /// Parses and validates configuration text.
    public static func load(text: String, path: String, environment: [String: String]) throws(ConfigError) -> GatewayConfig {
        var reader = ConfigReader(environment: environment)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(path: path, problems: [ConfigProblem(line: yamlLine(error), message: "not valid YAML: \(yamlMessage(error))")])
        } catch {
            throw ConfigError(path: path, problems: [ConfigProblem(line: 0, message: "not valid YAML: \(error)")])
        }
        var config = GatewayConfig()
        if let root { reader.read(root, into: &config) }
        reader.validate(&config)
        guard reader.problems.isEmpty else { throw ConfigError(path: path, problems: reader.problems) }
        return config
    }

    private static func yamlLine(_ error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 0
        }
    }

    private static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)"
        }
    }
}

extension ConfigLoader {
    /// Only the `database:` value, read leniently (for the CLI's `access` commands).
    public static func databasePath(text: String) -> String? {
        guard let root = try? Yams.compose(yaml: text), let value = root["database"]?.string, !value.isEmpty else { return nil }
        return value
    }
}
