import Foundation
import SrooterTestSupport
import Testing

/// `srooter cortex index` and its queries on a small repository, through the real binary.
@Suite struct CortexIndexTests {
    struct Hit: Decodable, Equatable {
        let name: String
        let kind: String
        let path: String
        let line: Int
        let exported: Bool
        let scope: String?
    }

    struct Neighbours: Decodable {
        let symbol: Hit
        let definers: [String]
        let callers: [Hit]
        let callees: [Hit]
        let importers: [String]
        let inherits: [Hit]
        let inheritors: [Hit]
    }

    struct MapFile: Decodable { let path: String; let symbols: [Hit] }
    struct Map: Decodable { let files: [MapFile]; let estimatedTokens: Int }

    func decode<T: Decodable>(_ type: T.Type, _ result: CommandResult) throws -> T {
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(T.self, from: Data(result.stdout.utf8))
    }

    @Test func indexesDeclarationsEdgesAndSkipsIgnoredVendoredAndBinaryFiles() async throws {
        let fixture = try await CortexFixture()
        let index = try await fixture.srooter(["index", fixture.repo, "--repo", "shapes"])
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stderr.contains("cortex: 7 source files"), "\(index.stderr)")

        let circle = try await decode([Hit].self, fixture.srooter(["search", "Circle", "--repo", "shapes", "--json"]))
        #expect(circle.first == Hit(name: "Circle", kind: "struct", path: "Sources/Shapes/Circle.swift",
                               line: try await fixture.line(of: "public struct Circle", in: "Sources/Shapes/Circle.swift"), exported: true, scope: nil))
        let lower = try await decode([Hit].self, fixture.srooter(["search", "circle", "--repo", "shapes", "--json"]))
        #expect(lower.map(\.path).contains("Sources/Shapes/Circle.swift"))
        for hidden in ["IgnoredThing", "vendored_fn", "BinaryThing"] {
            #expect(try decode([Hit].self, await fixture.srooter(["search", hidden, "--repo", "shapes", "--json"])).isEmpty, "\(hidden) was indexed")
        }

        let scale = try await decode([Neighbours].self, fixture.srooter(["neighbours", "helperScale", "--repo", "shapes", "--json"]))
        #expect(scale.first?.callers.map { "\($0.scope ?? "").\($0.name)" } == ["Circle.area"])
        let shape = try await decode([Neighbours].self, fixture.srooter(["neighbours", "Shape", "--repo", "shapes", "--json"]))
        #expect(shape.first?.inheritors.map(\.name) == ["Circle"])
        #expect(shape.first?.importers == ["Sources/App/main.swift"])

        let render = try await decode([Neighbours].self, fixture.srooter(["neighbours", "format_total", "--repo", "shapes", "--json"]))
        #expect(render.first?.symbol.line == (try await fixture.line(of: "def format_total", in: "tools/report.py")))
        #expect(render.first?.callers.map(\.name) == ["render"])
        let step = try await decode([Neighbours].self, fixture.srooter(["neighbours", "hidden_step", "--repo", "shapes", "--json"]))
        #expect(step.first?.symbol.exported == false)
        #expect(step.first?.callers.map(\.name) == ["visible_entry"])
        // The prototype in the header is a declaration, not a second definition: callers still resolve.
        let entry = try await decode([Neighbours].self, fixture.srooter(["neighbours", "visible_entry", "--repo", "shapes", "--json"]))
        #expect(entry.map(\.symbol.path) == ["native/util.c"])
        #expect(entry.first?.definers == ["native/util.c", "native/util.h"])
        let include = try await fixture.srooter(["path", "native/util.c", "native/util.h", "--repo", "shapes"])
        #expect(include.stdout.contains("-> native/util.h  (imports)"), "\(include.stdout)")

        let path = try await fixture.srooter(["path", "Sources/Shapes/Circle.swift", "Sources/Shapes/Helpers.swift", "--repo", "shapes"])
        #expect(path.status == 0, "\(path.stderr)")
        #expect(path.stdout.contains("-> Sources/Shapes/Helpers.swift  (references helperScale)"), "\(path.stdout)")
        #expect(path.stdout.contains("Sources/Shapes/Helpers.swift does not depend on Sources/Shapes/Circle.swift"), "\(path.stdout)")
        let imports = try await fixture.srooter(["path", "Sources/App/main.swift", "Sources/Shapes/Helpers.swift", "--repo", "shapes"])
        #expect(imports.stdout.contains("-> Sources/Shapes/Helpers.swift  (imports)"), "\(imports.stdout)")

        let map = try await decode(Map.self, fixture.srooter(["map", "--repo", "shapes", "--focus", "Sources/App/main.swift", "--budget", "40", "--json"]))
        #expect(map.files.first?.path == "Sources/App/main.swift")
        #expect(map.files.map(\.path).contains("Sources/Shapes/Circle.swift"))
        #expect(!map.files.map(\.path).contains("tools/report.py"), "an unrelated file outranked the budget: \(map.files.map(\.path))")
        // Personalised: files the focus does not reach (Python, C) are not on its map, however large the budget.
        let wide = try await decode(Map.self, fixture.srooter(["map", "--repo", "shapes", "--focus", "Sources/App/main.swift", "--budget", "4000", "--json"]))
        #expect(Set(wide.files.map(\.path)) == ["Sources/App/main.swift", "Sources/Shapes/Circle.swift", "Sources/Shapes/Helpers.swift", "Sources/Shapes/Shape.swift"])
        let unfocused = try await decode(Map.self, fixture.srooter(["map", "--repo", "shapes", "--budget", "4000", "--json"]))
        #expect(unfocused.files.count == 7)
        let text = try await fixture.srooter(["map", "--repo", "shapes", "--focus", "Sources/App/main.swift", "--budget", "40"])
        #expect(text.stdout.utf8.count <= 40 * 4, "\(text.stdout)")

        let unknown = try await fixture.srooter(["search", "Circle", "--repo", "nope"])
        #expect(unknown.status == 2 && unknown.stderr.contains("repository 'nope' is not indexed"), "\(unknown.stderr)")
    }

    @Test func namesThatCouldForgeOutputLinesAreNotIndexed() async throws {
        let folder = TemporaryDirectory()
        let repo = folder.file("repo")
        try FileManager.default.createDirectory(atPath: repo + "/tools", withIntermediateDirectories: true)
        _ = folder.write("repo/tools/ok.py", "def plain_name():\n    return 1\n")
        _ = folder.write("repo/tools/evil\u{202E}yp.py", "def behind_override():\n    return 2\n")
        _ = folder.write("repo/tools/line\nbreak.py", "def behind_newline():\n    return 3\n")
        let location = ["--database", folder.file("data/srooter.db"), "--config", folder.file("none.yaml")]
        let index = try await CommandRunner.srooter(["cortex", "index", repo, "--repo", "evil"] + location, in: folder.path)
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stdout.contains("1 files, 1 parsed"), "\(index.stdout)")
        for name in ["behind_override", "behind_newline"] {
            let search = try await CommandRunner.srooter(["cortex", "search", name, "--repo", "evil"] + location, in: folder.path)
            #expect(search.status == 0 && search.stdout.isEmpty, "\(name): \(search.stdout)")
        }
    }

    /// Names resolve to a declaration by name alone, so a parameter called `context` would reach the one
    /// `context` declared in a test target, and `@available` the one `case available`. Swift cannot mean
    /// either: a library cannot import a test target, and `available` in an attribute is the language's.
    @Test func referencesTheLanguageCannotMeanAreNotEdges() async throws {
        let folder = TemporaryDirectory()
        for path in ["Sources/Lib", "Sources/Core", "Tests/LibTests"] {
            try FileManager.default.createDirectory(atPath: folder.file("repo/" + path), withIntermediateDirectories: true)
        }
        _ = folder.write("repo/Sources/Lib/Router.swift", """
            import Core

            @available(macOS 10.15, *)
            public struct Router {
                public func handle(context: Int) -> Flag { context > 0 ? Flag.macOS : Flag.on }
            }
            """)
        _ = folder.write("repo/Sources/Core/Flag.swift", "public enum Flag {\n    case available\n    case macOS\n    case on\n}\n")
        _ = folder.write("repo/Tests/LibTests/TestSpan.swift", "import Lib\n\nstruct TestSpan {\n    let context: Int\n    var router: Router?\n}\n\nenum Flag {\n    case off\n}\n")
        let location = ["--database", folder.file("data/srooter.db"), "--config", folder.file("none.yaml")]
        func cortex(_ arguments: [String]) async throws -> CommandResult {
            try await CommandRunner.srooter(["cortex"] + arguments + ["--repo", "lib"] + location, in: folder.path, timeLimit: 120)
        }
        #expect(try await cortex(["index", folder.file("repo"), "--quiet"]).status == 0)
        // What Router does name: the enum and its cases, through `import Core`; and the test uses Router.
        let flag = try decode([Neighbours].self, await cortex(["neighbours", "on", "--json"]))
        #expect(flag.first?.callers.map(\.name) == ["handle"])
        let router = try decode([Neighbours].self, await cortex(["neighbours", "Router", "--json"]))
        #expect(router.first?.callers.map(\.name) == ["router"])
        // `Flag` is declared twice; Router's is the one of the module it imports.
        let flags = try decode([Neighbours].self, await cortex(["neighbours", "Flag", "--json"]))
        #expect(flags.first { $0.symbol.path == "Sources/Core/Flag.swift" }?.callers.map(\.name) == ["handle"], "\(flags.map(\.callers))")
        #expect(flags.first { $0.symbol.path == "Tests/LibTests/TestSpan.swift" }?.callers == [])
        // What it does not: the test target's `context`, and `case available` through the attribute.
        let context = try decode([Neighbours].self, await cortex(["neighbours", "context", "--json"]))
        #expect(context.first?.callers == [], "\(context.first?.callers ?? [])")
        let available = try decode([Neighbours].self, await cortex(["neighbours", "available", "--json"]))
        #expect(available.first?.callers == [], "\(available.first?.callers ?? [])")
        let map = try decode(Map.self, await cortex(["map", "--focus", "Sources/Lib/Router.swift", "--budget", "4000", "--json"]))
        #expect(map.files.map(\.path) == ["Sources/Lib/Router.swift", "Sources/Core/Flag.swift"])
    }

    @Test func reindexParsesOnlyChangedFilesAndRemovesDeletedOnes() async throws {
        let fixture = try await CortexFixture()
        #expect(try await fixture.srooter(["index", fixture.repo, "--repo", "shapes"]).status == 0)
        let again = try await fixture.srooter(["index", fixture.repo, "--repo", "shapes"])
        #expect(again.stdout.contains("7 files, 0 parsed, 0 removed"), "\(again.stdout)")

        fixture.write("Sources/Shapes/Helpers.swift", "func helperScale(_ value: Double) -> Double { value * 3.14 }\nfunc helperTwice() -> Int { 2 }\n")
        try FileManager.default.removeItem(atPath: fixture.repo + "/Sources/App/main.swift")
        // A new file declaring a name an unchanged file already uses: that file's references are rescanned.
        fixture.write("tools/base.py", "class Base:\n    pass\n")
        let changed = try await fixture.srooter(["index", fixture.repo, "--repo", "shapes"])
        #expect(changed.stdout.contains("7 files, 2 parsed, 1 removed"), "\(changed.stdout)")
        #expect(changed.stderr.contains("1 rescanned"), "\(changed.stderr)")
        #expect(try decode([Hit].self, await fixture.srooter(["search", "helperTwice", "--repo", "shapes", "--json"])).map(\.line) == [2])
        let base = try await decode([Neighbours].self, fixture.srooter(["neighbours", "Base", "--repo", "shapes", "--json"]))
        #expect(base.first?.inheritors.map(\.name) == ["Report"])
        let shape = try await decode([Neighbours].self, fixture.srooter(["neighbours", "Shape", "--repo", "shapes", "--json"]))
        #expect(shape.first?.importers == [])
    }
}
