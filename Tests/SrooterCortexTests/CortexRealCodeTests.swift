import Foundation
import SrooterTestSupport
import Testing

/// Cortex on a real repository: hummingbird as SwiftPM checked it out for this build. Expected
/// values come from `git grep` over the same checkout, never from Cortex.
@Suite(IndexedHummingbird()) struct CortexRealCodeTests {
    struct Hit: Decodable { let name: String; let kind: String; let path: String; let line: Int; let endLine: Int; let scope: String? }
    struct Neighbours: Decodable { let symbol: Hit; let callers: [Hit]; let importers: [String] }

    /// `<scratch>/checkouts/hummingbird`, beside the folder this test bundle was built in.
    static var checkout: String? {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var url = URL(fileURLWithPath: exe)
        for _ in 0..<6 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("checkouts/hummingbird")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(".git").path) { return candidate.path }
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fallback = source.appendingPathComponent(".build/checkouts/hummingbird").path
        return FileManager.default.fileExists(atPath: fallback) ? fallback : nil
    }

    func grep(_ checkout: String, _ arguments: [String]) async throws -> [String] {
        let result = try await CommandRunner.run("git", ["-C", checkout, "grep"] + arguments + ["--", "*.swift"])
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// hummingbird's checkout indexed once for the suite (a debug build parses it in seconds); the
    /// tests only read the index.
    final class IndexedCheckout: @unchecked Sendable {
        let checkout: String
        let folder = TemporaryDirectory()
        /// The index the suite's tests share (set by ``IndexedHummingbird`` around them).
        @TaskLocal static var shared: IndexedCheckout?

        init() async throws {
            checkout = try #require(CortexRealCodeTests.checkout, "no hummingbird checkout beside the build")
            let index = try await cortex(["index", checkout, "--quiet"])
            try #require(index.status == 0, "\(index.stderr)")
        }

        func cortex(_ arguments: [String]) async throws -> CommandResult {
            let location = ["--database", folder.file("data/srooter.db"), "--config", folder.file("none.yaml")]
            return try await CommandRunner.srooter(["cortex"] + arguments + ["--repo", "hummingbird"] + location, in: folder.path, timeLimit: 300)
        }
    }

    @Test func knownDefinitionsImportersAndCallersOfHummingbird() async throws {
        let indexed = try #require(IndexedCheckout.shared)
        let checkout = indexed.checkout
        let cortex = indexed.cortex

        // A type's definition file and line.
        let definition = try #require(try await grep(checkout, ["-n", "public struct RouterBuilder<"]).first)
        let parts = definition.split(separator: ":")
        let search = try JSONDecoder().decode([Hit].self, from: Data(try await cortex(["search", "RouterBuilder", "--json"]).stdout.utf8))
        #expect(search.first.map { "\($0.path):\($0.line) \($0.kind)" } == "\(parts[0]):\(parts[1]) struct")

        // The importers of a module: every file with an import declaration of HummingbirdCore
        // (attributes with arguments, `@_spi(Internal) import`, and `import struct M.T` included).
        let importPattern = #"^\s*(@[A-Za-z_]+(\([^)]*\))?\s+)*((public|package|internal|private|fileprivate)\s+)?import\s+((struct|class|enum|protocol|typealias|func|var|let)\s+)?HummingbirdCore(\.|\s|$)"#
        let importers = Set(try await grep(checkout, ["-l", "-E", importPattern]))
        #expect(importers.count > 10)
        let writer = try JSONDecoder().decode([Neighbours].self, from: Data(try await cortex(["neighbours", "ResponseBodyWriter", "--json"]).stdout.utf8))
        #expect(writer.first?.symbol.path == "Sources/HummingbirdCore/Response/ResponseBodyWriter.swift")
        #expect(Set(writer.first?.importers ?? []) == importers)

        // A type's callers: every use outside its own file lies inside a caller's lines, in that file.
        let uses = try await grep(checkout, ["-n", "MiddlewareResponder("]).filter { !$0.hasPrefix("Sources/Hummingbird/Middleware/Middleware.swift:") }
        #expect(!uses.isEmpty)
        let responder = try JSONDecoder().decode([Neighbours].self, from: Data(try await cortex(["neighbours", "MiddlewareResponder", "--json"]).stdout.utf8))
        let callers = try #require(responder.first?.callers)
        for use in uses {
            let fields = use.split(separator: ":")
            let path = String(fields[0]), line = Int(fields[1]) ?? 0
            #expect(callers.contains { $0.path == path && $0.line <= line && line <= $0.endLine }, "no caller covers \(path):\(line): \(callers)")
        }
        // And each caller's first line declares it, by name, in the file as checked out.
        for caller in callers {
            let text = try String(contentsOfFile: checkout + "/" + caller.path, encoding: .utf8)
            let declaration = text.split(separator: "\n", omittingEmptySubsequences: false)[caller.line - 1]
            #expect(declaration.contains(caller.name), "\(caller.path):\(caller.line) does not declare \(caller.name)")
        }
    }

    /// The map for hummingbird's `Router.swift` ranks first the files declaring the types that file names,
    /// and leaves out files it cannot depend on: test targets (no library imports one) and
    /// `AvailableConnectionsHandler.swift`, whose only name Router.swift spells is `available`, in `@available`.
    @Test func mapOfTheRouterRanksWhatItUsesAndLeavesOutUnrelatedFiles() async throws {
        let indexed = try #require(IndexedCheckout.shared)
        let checkout = indexed.checkout
        let cortex = indexed.cortex
        let focus = "Sources/Hummingbird/Router/Router.swift"

        // Types Router.swift names (read from the file), and the files declaring them, by git grep.
        let used = ["RouterMethods", "RouterPathTrieBuilder", "EndpointResponders", "MiddlewareGroup", "RequestContext", "RouterResponder",
                    "RouterPath", "MiddlewareProtocol", "HTTPError", "HTTPResponder", "Request", "Response"]
        var declaring = Set<String>()
        for name in used {
            let named = try await CommandRunner.run("git", ["-C", checkout, "grep", "-l", "-w", name, "--", focus])
            #expect(named.stdout.contains(focus), "\(focus) does not name \(name)")
            declaring.formUnion(try await grep(checkout, ["-l", "-E", "(struct|class|protocol|enum|actor|typealias) \(name)\\b"]).filter { $0.hasPrefix("Sources/") })
        }
        #expect(declaring.count >= 10, "\(declaring)")

        let map = try await cortex(["map", "--focus", focus, "--budget", "4000", "--json"])
        #expect(map.status == 0, "\(map.stderr)")
        struct MapFile: Decodable { let path: String }
        struct Map: Decodable { let files: [MapFile] }
        let ranked = try JSONDecoder().decode(Map.self, from: Data(map.stdout.utf8)).files.map(\.path)
        #expect(ranked.first == focus)
        let top = Array(ranked.dropFirst().prefix(10))
        #expect(top.count == 10, "\(ranked)")
        #expect(top.filter(declaring.contains).count >= 7, "first ten: \(top); declaring what the router names: \(declaring.sorted())")
        #expect(!top.contains { $0.hasPrefix("Tests/") }, "a test target's file among the first ten: \(top)")
        #expect(!top.contains("Sources/HummingbirdCore/Server/AvailableConnectionsHandler.swift"), "\(top)")
    }
}

/// Indexes hummingbird once for ``CortexRealCodeTests`` and shares the index with its tests.
struct IndexedHummingbird: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let indexed = try await CortexRealCodeTests.IndexedCheckout()
        try await CortexRealCodeTests.IndexedCheckout.$shared.withValue(indexed) { try await function() }
    }
}
