/// The languages Cortex recognises, by file extension; Swift goes through swift-syntax, the rest through Universal Ctags.
public enum Language {
    static let byExtension: [String: String] = [
        "swift": "swift", "c": "c", "h": "c", "cc": "c++", "cpp": "c++", "cxx": "c++", "hpp": "c++", "hh": "c++", "hxx": "c++",
        "m": "objc", "mm": "objc", "py": "python", "js": "javascript", "mjs": "javascript", "cjs": "javascript", "jsx": "javascript",
        "ts": "typescript", "tsx": "typescript", "go": "go", "rs": "rust", "java": "java", "kt": "kotlin", "rb": "ruby",
        "php": "php", "cs": "c#", "scala": "scala", "lua": "lua", "sh": "sh", "pl": "perl", "ex": "elixir", "exs": "elixir",
        "erl": "erlang", "hs": "haskell", "ml": "ocaml", "sql": "sql", "proto": "protobuf", "zig": "zig",
    ]

    /// The language of `path`, or nil for files Cortex does not index.
    public static func of(_ path: String) -> String? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return byExtension[path[path.index(after: dot)...].lowercased()]
    }

    /// The name other files import `path` by: a Swift target (`Sources/NAME/…`, `Tests/NAME/…`), a C header's
    /// file name, a Python module's dotted path, a Go package's folder; nil when there is none.
    static func module(of path: String, language: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        switch language {
        case "swift":
            if let index = parts.firstIndex(where: { $0 == "Sources" || $0 == "Tests" }), index + 2 < parts.count { return parts[index + 1] }
            return nil
        case "c", "c++", "objc":
            guard let name = parts.last, name.hasSuffix(".h") || name.hasSuffix(".hpp") || name.hasSuffix(".hh") else { return nil }
            return name
        case "python":
            var names = parts
            guard let last = names.popLast() else { return nil }
            let stem = String(last.dropLast(3))
            if stem != "__init__" { names.append(stem) }
            return names.isEmpty ? nil : names.joined(separator: ".")
        case "go":
            return parts.count > 1 ? parts.dropLast().joined(separator: "/") : nil
        default:
            return nil
        }
    }
}
