import ArgumentParser
import Foundation
import SrooterAudit
import SrooterCortex
import SrooterEncoding
import SrooterStore

/// `srooter cortex ...`: a repository's graph of symbols and dependencies (issue 21). Names,
/// kinds, lines and edges only; no line of source text is stored or printed.
struct CortexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cortex",
        abstract: "Index a repository's symbols and dependencies, and query the graph.",
        discussion: """
            Example:
              srooter cortex index ~/src/app --repo app --team platform
              srooter cortex map --repo app --focus Sources/App/Server.swift --budget 1024
              srooter cortex search Router --repo app
            """,
        subcommands: [Index.self, Map.self, Search.self, Neighbours.self, PathQuery.self, Repos.self])

    struct Index: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index (or re-index: only changed files are parsed) a repository.",
            discussion: "Example:\n  srooter cortex index . --repo srooter --team platform")
        @OptionGroup var location: Access.Location
        @Argument(help: "The repository's root folder.") var path: String
        @Option(help: "The repository's name (default: the folder's name).") var repo: String?
        @Option(help: "The team the repository belongs to (kept from the last run when omitted).") var team: String?
        @Flag(help: "No progress lines on stderr.") var quiet = false

        func run() async throws {
            let name = repo ?? URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
            let quiet = quiet
            try await CortexCLI.run(location, action: "cortex.index", repository: name) { store throws(CortexError) in
                if let team {
                    let directory: DirectorySnapshot
                    do throws(StoreError) { directory = try await store.directory() } catch { throw .store(error) }
                    if !directory.teams.isEmpty, !directory.teams.contains(where: { $0.name == team }) { throw .notFound("team '\(team)' (create it with srooter team create)") }
                }
                let started = Date()
                let summary = try await CortexIndexer(store: store, repository: name, team: team, root: path) { line in
                    if !quiet { var stderr = StandardError(); print(line, to: &stderr) }
                }.run()
                print("Indexed \(name): \(summary.files) files, \(summary.parsed) parsed, \(summary.deleted) removed, \(summary.symbols) symbols in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            }
        }
    }

    struct Map: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A name-only map of the files and symbols that matter most for the focus, cut to a token budget.",
            discussion: "Example:\n  srooter cortex map --repo app --focus Sources/App/Router.swift --focus Route --budget 2048")
        @OptionGroup var location: Access.Location
        @Option(help: "The repository.") var repo: String
        @Option(help: "A file path or symbol name to personalise the ranking on (repeatable).") var focus: [String] = []
        @Option(help: "The most tokens the map may take (about 4 characters each).") var budget = 1024
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CortexCLI.query(location, action: "cortex.map", repository: repo) { queries throws(CortexError) in
                let map = try queries.map(focus: focus, budget: max(0, budget))
                return json ? try CortexCLI.json(map) : map.text
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Where symbols of a name are declared.", discussion: "Example:\n  srooter cortex search Router --repo app")
        @OptionGroup var location: Access.Location
        @Argument(help: "The symbol name (exact, then case-insensitive).") var name: String
        @Option(help: "The repository.") var repo: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let (name, json) = (name, json)
            try await CortexCLI.run(location, action: "cortex.search", repository: repo) { store throws(CortexError) in
                // By blind index, without loading the graph.
                let hits = try await CortexQueries.loadForSearch(store: store, repository: repo, name: name).search(name)
                let output = json ? try CortexCLI.json(hits) : hits.map(CortexCLI.line).joined(separator: "\n")
                if !output.isEmpty { print(output) }
            }
        }
    }

    struct Neighbours: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A symbol's callers, callees, definers, importers and inheritance.", discussion: "Example:\n  srooter cortex neighbours Router --repo app")
        @OptionGroup var location: Access.Location
        @Argument(help: "The symbol name.") var symbol: String
        @Option(help: "The repository.") var repo: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CortexCLI.query(location, action: "cortex.neighbours", repository: repo) { queries throws(CortexError) in
                let all = try queries.neighbours(symbol)
                if json { return try CortexCLI.json(all) }
                return all.map { item in
                    var lines = [CortexCLI.line(item.symbol)]
                    lines += item.definers.map { "  definer   \($0)" }
                    lines += item.callers.map { "  caller    " + CortexCLI.line($0) }
                    lines += item.callees.map { "  callee    " + CortexCLI.line($0) }
                    lines += item.importers.map { "  importer  \($0)" }
                    lines += item.inherits.map { "  inherits  " + CortexCLI.line($0) }
                    lines += item.inheritors.map { "  inheritor " + CortexCLI.line($0) }
                    return lines.joined(separator: "\n")
                }.joined(separator: "\n")
            }
        }
    }

    struct PathQuery: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "path", abstract: "How file A depends on file B (and B on A).", discussion: "Example:\n  srooter cortex path Sources/A.swift Sources/B.swift --repo app")
        @OptionGroup var location: Access.Location
        @Argument(help: "The first file (a path in the repository).") var from: String
        @Argument(help: "The second file.") var to: String
        @Option(help: "The repository.") var repo: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CortexCLI.query(location, action: "cortex.path", repository: repo) { queries throws(CortexError) in
                let forward = try queries.path(from: from, to: to)
                let backward = try queries.path(from: to, to: from)
                if json { return try CortexCLI.json([forward, backward]) }
                return [forward.map(CortexCLI.lines) ?? "\(from) does not depend on \(to)",
                        backward.map(CortexCLI.lines) ?? "\(to) does not depend on \(from)"].joined(separator: "\n")
            }
        }
    }

    struct Repos: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List indexed repositories.", discussion: "Example:\n  srooter cortex repos")
        @OptionGroup var location: Access.Location

        func run() async throws {
            try await CortexCLI.run(location, action: "cortex.repos", repository: "*") { store throws(CortexError) in
                let repos: [CortexRepository]
                do throws(StoreError) { repos = try await store.cortexRepositories() } catch { throw .store(error) }
                AdminCLI.table(["REPOSITORY", "TEAM", "INDEXED"], repos.map { [$0.name, $0.team ?? "-", $0.indexedAt] })
            }
        }
    }
}

/// Opening the store, one-line errors, and each command's audit record (metadata: action and repository).
enum CortexCLI {
    static func run(_ location: Access.Location, action: String, repository: String, _ body: (Store) async throws(CortexError) -> Void) async throws {
        let store: Store
        do { store = try await location.open() } catch {
            printError(String(describing: error))
            throw ExitCode(2)
        }
        var status = 200
        do throws(CortexError) {
            try await body(store)
        } catch {
            status = 400
            printError(error.description)
        }
        await audit(location, action: action, repository: repository, status: status)
        if status != 200 { throw ExitCode(2) }
    }

    static func query(_ location: Access.Location, action: String, repository: String, _ body: @escaping (CortexQueries) throws(CortexError) -> String) async throws {
        try await run(location, action: action, repository: repository) { store throws(CortexError) in
            let output = try body(try await CortexQueries.load(store: store, repository: repository))
            if !output.isEmpty { print(output.hasSuffix("\n") ? String(output.dropLast()) : output) }
        }
    }

    private static func audit(_ location: Access.Location, action: String, repository: String, status: Int) async {
        let record = AuditRecord.adminAction(
            actor: "cli:\(AdminCLI.login)", keyID: nil, requestID: "adm_cli_" + Hex.encode(SecureRandom.bytes(8)),
            action: action, target: "repo:\(repository)", status: status, latencyMs: 0)
        do {
            let log = try await AuditLog.reader(databasePath: try location.databasePath(), environment: ProcessInfoLite.environment)
            try log.appendBlocking([record])
        } catch {
            printWarning("the action could not be written to the audit trail: \(error)")
        }
    }

    static func line(_ hit: CortexSymbolHit) -> String {
        hit.kind == "file" ? "file \(hit.path)" : "\(hit.kind) \(hit.scope.map { $0 + "." } ?? "")\(hit.name)  \(hit.path):\(hit.line)-\(hit.endLine)"
    }

    static func lines(_ path: CortexPath) -> String {
        ([path.from] + path.steps.map { "  -> \($0.to)  (\($0.via))" }).joined(separator: "\n")
    }

    static func json(_ value: some Encodable) throws(CortexError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
