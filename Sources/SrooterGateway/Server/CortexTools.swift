import Foundation
import SrooterCortex

/// The four Cortex tools as MCP describes them, and their calls over a loaded graph.
enum CortexTools {
    static let names: Set<String> = ["cortex_search", "cortex_map", "cortex_neighbours", "cortex_path"]

    private static func schema(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties.merging(["repo": ["type": "string", "description": "The repository's name."]]) { $1 },
         "required": ["repo"] + required, "additionalProperties": false]
    }

    static var definitions: [[String: Any]] { [
        ["name": "cortex_search", "description": "Where symbols of a name are declared: kind, file, lines, scope (exact name, then case-insensitive).",
         "inputSchema": schema(["name": ["type": "string"]], required: ["name"])],
        ["name": "cortex_map", "description": "The files and symbols that matter most for the focus (paths or symbol names), ranked by personalised PageRank and cut to a token budget. Names and line numbers only.",
         "inputSchema": schema(["focus": ["type": "array", "items": ["type": "string"]], "budget": ["type": "integer", "minimum": 0, "maximum": 100_000]], required: [])],
        ["name": "cortex_neighbours", "description": "A symbol's callers, callees, definers, importers and inheritance.",
         "inputSchema": schema(["symbol": ["type": "string"]], required: ["symbol"])],
        ["name": "cortex_path", "description": "How file `from` depends on file `to`: the shortest chain of imports and references.",
         "inputSchema": schema(["from": ["type": "string"], "to": ["type": "string"]], required: ["from", "to"])],
    ] }

    /// The tool's answer as JSON text.
    static func run(_ tool: String, arguments: [String: Any], queries: CortexQueries) throws(CortexError) -> String {
        func string(_ key: String) throws(CortexError) -> String {
            guard let value = arguments[key] as? String, !value.isEmpty, value.utf8.count <= 4096 else { throw .badArgument(key) }
            return value
        }
        switch tool {
        case "cortex_search":
            return encode(try queries.search(try string("name")))
        case "cortex_map":
            let focus = (arguments["focus"] as? [Any] ?? []).prefix(64).compactMap { $0 as? String }
            let budget = min(max((arguments["budget"] as? Int) ?? 1024, 0), 100_000)
            return try queries.map(focus: Array(focus), budget: budget).text
        case "cortex_neighbours":
            return encode(try queries.neighbours(try string("symbol")))
        default:
            let forward = try queries.path(from: try string("from"), to: try string("to"))
            return forward.map(encode) ?? "null"
        }
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
