import ArgumentParser
import SrooterGateway
import SrooterSupplyChain

/// `srooter config ...`: the gateway's configuration file.
struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a gateway configuration file.",
        discussion: """
            Example:
              srooter config check srooter.yaml
            """,
        subcommands: [Check.self]
    )

    /// `srooter config check FILE`
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a configuration file and print every problem with its line.",
            discussion: """
                Checks the YAML syntax, every key and value, that each model names a known provider, and \
                that the environment variables named by `credential: env:NAME` are set. Exit code 0 when \
                the file is usable, 2 otherwise.

                Example:
                  srooter config check srooter.yaml
                """
        )

        @Argument(help: "The configuration file.")
        var file: String

        func run() throws {
            try reportingFailures {
                guard FileReader.exists(file) else { throw UsageError(description: "\(file) does not exist") }
                let text = String(decoding: try FileReader.read(file, limit: 4 << 20), as: UTF8.self)
                do {
                    let config = try ConfigLoader.load(text: text, path: file, environment: ProcessInfoLite.environment)
                    print("\(file): OK (\(config.providers.count) providers, \(config.models.count) models, \(config.routes.routes.count) routes, listening on \(config.host):\(config.port))")
                    for route in config.routes.routes.values.sorted(by: { $0.name < $1.name }) {
                        guard let weights = route.learned.weightsFile, route.strategy == .learned else { continue }
                        do throws(WeightsFile.Problem) {
                            try WeightsFile.checkFormat(weights)
                        } catch {
                            printWarning("route '\(route.name)': \(error.description); its default serves until srooter router train writes it")
                        }
                    }
                } catch let error as ConfigError {
                    for problem in error.problems { printError("\(file):\(problem.line): \(problem.message)") }
                    throw ExitCode(2)
                }
            }
        }
    }
}
