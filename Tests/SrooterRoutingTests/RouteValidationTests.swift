import SrooterRouting
import Testing

/// `RoutingTable.problems(models:)`: what `srooter config check` reports about routes.
@Suite struct RouteValidationTests {
    let models: Set = ["big", "small", "other"]

    @Test func aWellFormedTableHasNoProblems() {
        let table = RoutingTable(routes: [
            "auto": Route(name: "auto", strategy: .trivial, candidates: ["big", "small"]),
            "safe": Route(name: "safe", strategy: .fallback, candidates: ["auto", "other"]),
        ])
        #expect(table.problems(models: models).isEmpty)
        // A nested route is expanded in place, each model once.
        #expect(table.models(of: table["safe"]!) == ["big", "small", "other"])
    }

    @Test func unknownCandidatesAreNamed() {
        let table = RoutingTable(routes: ["auto": Route(name: "auto", strategy: .trivial, candidates: ["big", "nonesuch"])])
        let problems = table.problems(models: models)
        #expect(problems.count == 1)
        #expect(problems.first?.description == "route 'auto': candidate 'nonesuch' is neither a model nor a route (models: big, other, small)")
    }

    @Test func cyclesAreFoundWithTheirPath() {
        let table = RoutingTable(routes: [
            "a": Route(name: "a", strategy: .fallback, candidates: ["big", "b"]),
            "b": Route(name: "b", strategy: .fallback, candidates: ["c"]),
            "c": Route(name: "c", strategy: .fallback, candidates: ["a", "small"]),
        ])
        let messages = table.problems(models: models).map(\.description)
        #expect(messages.contains("route 'a': its candidates loop back to it (a → b → c → a)"))
        #expect(messages.contains("route 'b': its candidates loop back to it (b → c → a → b)"))
        #expect(messages.count == 3)
        // Expansion still ends, each model once.
        #expect(table.models(of: table["a"]!) == ["big", "small"])
    }

    @Test func aSelfLoopIsACycle() {
        let table = RoutingTable(routes: ["a": Route(name: "a", strategy: .fallback, candidates: ["a", "big"])])
        #expect(table.problems(models: models).map(\.description) == ["route 'a': its candidates loop back to it (a → a)"])
    }

    @Test func aCouncilOfOneIsRefused() {
        // The same model twice through a nested route is still one member.
        let table = RoutingTable(routes: [
            "one": Route(name: "one", strategy: .council, candidates: ["big", "inner"]),
            "inner": Route(name: "inner", strategy: .fallback, candidates: ["big"]),
        ])
        let messages = table.problems(models: models).map(\.description)
        #expect(messages.contains("route 'one': a council needs at least two member models (has 1)"))
    }

    @Test func otherMistakes() {
        let table = RoutingTable(routes: [
            "big": Route(name: "big", strategy: .trivial, candidates: ["small", "small"]),
            "empty": Route(name: "empty", strategy: .fallback, candidates: []),
        ])
        let messages = table.problems(models: models).map(\.description)
        #expect(messages == [
            "route 'big': has the same name as a model; give the route or the model another name",
            "route 'big': names the candidate 'small' twice",
            "route 'empty': has no candidates",
        ])
    }
}
