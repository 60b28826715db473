import Foundation

/// Declarations of every language but Swift, from Universal Ctags. Only these fields are asked for:
/// name, file, line, end line, kind, scope, inherits, roles, extras, file scope and access; the
/// pattern, signature and type fields, which quote source text, are never requested.
enum CtagsDeclarations {
    static let arguments = ["--output-format=json", "--fields=NFnKseirEfa", "--extras=+r", "--kinds-C=+p", "--kinds-C++=+p", "--excmd=number", "--sort=no", "-L", "-", "-f", "-"]

    /// One ctags JSON line. Fields are read by type leniently (`inherits` is `false` when there is none).
    private struct Tag {
        let name: String?
        let path: String?
        let line: Int?
        let end: Int?
        let kind: String?
        let scope: String?
        let inherits: String?
        let roles: String?
        let extras: String?
        let access: String?
        let file: Bool?

        init?(_ line: Data) {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else { return nil }
            name = object["name"] as? String
            path = object["path"] as? String
            self.line = object["line"] as? Int
            end = object["end"] as? Int
            kind = object["kind"] as? String
            scope = object["scope"] as? String
            inherits = object["inherits"] as? String
            roles = object["roles"] as? String
            extras = object["extras"] as? String
            access = object["access"] as? String
            file = object["file"] as? Bool
        }
    }

    /// Runs ctags over `paths` (relative to `root`) and groups its tags by path.
    static func parse(_ paths: [String], root: URL) throws(CortexError) -> [String: ParsedFile] {
        guard !paths.isEmpty else { return [:] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ctags"] + arguments
        process.currentDirectoryURL = root
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw .ctagsFailed("\(error)") }
        let list = Data(paths.joined(separator: "\n").utf8 + [10])
        let writer = Thread {
            input.fileHandleForWriting.write(list)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        _ = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw .ctagsFailed("exit status \(process.terminationStatus)") }
        var tagsByPath: [String: [Tag]] = [:]
        for line in data.split(separator: 10) {
            guard let tag = Tag(Data(line)), let path = tag.path, tag.name != nil else { continue }
            tagsByPath[path, default: []].append(tag)
        }
        return tagsByPath.mapValues(parsedFile)
    }

    private static let importKinds: Set<String> = ["module", "header", "package", "namespace", "unknown"]

    private static func parsedFile(_ tags: [Tag]) -> ParsedFile {
        var parsed = ParsedFile()
        var byQualifiedName: [String: Int] = [:]
        for tag in tags.sorted(by: { ($0.line ?? 0) < ($1.line ?? 0) }) {
            guard let name = tag.name, let line = tag.line else { continue }
            let isReference = tag.extras?.contains("reference") == true && tag.roles != "def"
            if isReference {
                if importKinds.contains(tag.kind ?? ""), let roles = tag.roles, roles != "def" {
                    if tag.kind == "unknown" { continue }  // `from m import name`: the module has its own tag
                    parsed.imports.append(name)
                }
                continue
            }
            let parent = tag.scope.flatMap { byQualifiedName[$0] ?? byQualifiedName[String($0.split(separator: ".").last ?? "")] }
            let exported = tag.access.map { $0 == "public" } ?? !(tag.file ?? false)
            let index = parsed.symbols.count
            parsed.symbols.append(.init(name: name, kind: tag.kind ?? "unknown", lineStart: line, lineEnd: tag.end ?? line, scope: tag.scope, parent: parent, exported: exported))
            byQualifiedName[tag.scope.map { "\($0).\(name)" } ?? name] = index
            if byQualifiedName[name] == nil { byQualifiedName[name] = index }
            for base in (tag.inherits ?? "").split(separator: ",") {
                let trimmed = base.trimmingCharacters(in: .whitespaces)
                let last = trimmed.split(whereSeparator: { ".:<> ".contains($0) }).last.map(String.init) ?? trimmed
                if !last.isEmpty { parsed.inherits.append((index, last)) }
            }
        }
        return parsed
    }
}
