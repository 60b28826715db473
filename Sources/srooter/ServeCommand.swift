import ArgumentParser
import Logging
import SrooterGateway
import SrooterStore
import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// `srooter serve`: the gateway, after the release self-check.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the gateway, after checking that this binary is the one its release signed.",
        discussion: """
            The self-check (the same as `srooter verify --self`, with the configuration's trust_dir: \
            as the trust folder) runs first and serve refuses to start on any failure. A development build without a release folder starts only with \
            --allow-unverified, which is logged loudly on every start.

            The gateway serves Anthropic's /v1/messages (and count_tokens), OpenAI's \
            /v1/chat/completions and /v1/responses, and /v1/models, for callers holding an access key \
            (`srooter access create`). SIGTERM stops accepting, lets streams in flight finish (up to \
            timeouts.drain_seconds), writes the last audit records and exits 0. Log level: \
            SROOTER_LOG_LEVEL (trace, debug, info, notice, warning, error). At start serve raises its \
            open-file limit to the hard limit and warns when that is short of what limits.max_connections needs.

            Example:
              /opt/srooter/current/bin/srooter serve --config /etc/srooter/srooter.yaml
            """
    )

    @Option(help: "The configuration file.")
    var config = "srooter.yaml"

    @Flag(help: "Start a development build that has no signed release folder (logged loudly).")
    var allowUnverified = false

    @Flag(help: "Start on a database that users other than its owner may read (normally refused: chmod 600 it and its -wal and -shm).")
    var allowInsecurePermissions = false

    func run() async throws {
        let onEventLoops = EventLoopExecutor.install()
        let level = ProcessInfoLite.environment["SROOTER_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        GatewayLogging.bootstrap(level: level)
        let logger = Logger(label: "srooter")
        if !onEventLoops { logger.notice("Swift concurrency stays on its own thread pool (another executor hook was installed)") }
        var settings: GatewayConfig!
        try reportingFailures {
            // The configuration may name the trust folder; the self-check still speaks first.
            let loaded = Result { try loadConfig(config) }
            do {
                let result = try SelfCheck.run(trustDir: (try? loaded.get())?.trustDir)
                logger.info("self-check passed", metadata: ["srooter.version": "\(result.version)", "srooter.signer": "\(result.signer)"])
            } catch let error as ReleaseError where allowUnverified {
                printWarning("starting an UNVERIFIED build (--allow-unverified): \(error.singleLine)")
                logger.warning("UNVERIFIED BUILD: the release self-check failed and --allow-unverified was given")
            }
            settings = try loaded.get()
            do throws(StoreError) {
                try DatabaseFiles.checkPrivate(settings.databasePath)
            } catch let error where allowInsecurePermissions {
                printWarning("starting on a database other users can read (--allow-insecure-permissions): \(error.description)")
            } catch {
                throw UsageError(description: error.description)
            }
        }
        guard let settings else { return }
        checkOpenFileLimit(maxConnections: settings.connections.maxConnections, logger: logger)
        let server = GatewayServer(config: settings, logger: logger)
        do {
            try await server.run(environment: ProcessInfoLite.environment) { port in
                let scheme = settings.tlsCertificate == nil ? "http" : "https"
                print("srooter: listening on \(scheme)://\(settings.host):\(port)")
                fflush(nil)
            }
        } catch let error as GatewayServer.StartError {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

/// Raises the open-file limit to the hard limit, and warns when that is short of what
/// `limits.max_connections` needs (see `OpenFileLimit`).
private func checkOpenFileLimit(maxConnections: Int, logger: Logger) {
    guard let files = OpenFileLimit.raiseToHardLimit() else { return }
    let needed = OpenFileLimit.needed(maxConnections: maxConnections)
    if files.after < needed {
        let message = "open files: this process may open \(files.after), and limits.max_connections \(maxConnections) needs about \(needed) "
            + "(a client and a provider connection each): raise the hard limit (systemd LimitNOFILE=, ulimit -Hn) or lower max_connections"
        logger.warning("\(message)")
    } else if files.after != files.before {
        logger.info("open files: soft limit raised from \(files.before) to \(files.after)")
    }
}

/// Reads and validates a configuration file, or fails with every problem listed.
func loadConfig(_ path: String) throws -> GatewayConfig {
    guard FileReader.exists(path) else {
        throw UsageError(description: "\(path) does not exist; copy srooter.example.yaml to \(path) (make run does it) or pass --config FILE")
    }
    let text = String(decoding: try FileReader.read(path, limit: 4 << 20), as: UTF8.self)
    do {
        return try ConfigLoader.load(text: text, path: path, environment: ProcessInfoLite.environment)
    } catch {
        throw UsageError(description: error.description)
    }
}

/// The process environment without Foundation.
enum ProcessInfoLite {
    static var environment: [String: String] {
        var out: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                out[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return out
    }
}
