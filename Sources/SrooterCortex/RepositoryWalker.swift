import Foundation

/// The source files of a repository: `git ls-files` (tracked and untracked, minus what `.gitignore`
/// excludes) when it is a git work tree, else a walk of the folder; vendored and build folders and
/// files over `maxSize` are skipped, and so are binaries (a NUL byte in the first 8 KiB, checked when read).
struct RepositoryWalker {
    let root: URL
    static let maxSize = 2 << 20
    static let vendored: Set<String> = [
        ".git", ".build", ".swiftpm", "node_modules", "vendor", "Vendor", "third_party", "third-party", "Pods", "Carthage",
        "build", "dist", "target", "__pycache__", ".venv", "venv", ".tox", "DerivedData", "checkouts",
    ]

    /// Relative paths of candidate source files, sorted.
    func files() throws(CortexError) -> [String] {
        let listed = (try? gitFiles()) ?? walk()
        return listed.filter { path in
            Language.of(path) != nil && Self.printable(path) && !path.split(separator: "/").dropLast().contains { Self.vendored.contains(String($0)) }
        }.sorted()
    }

    /// Whether a name is safe to store and print: no control characters, line separators or
    /// bidirectional overrides (a hostile repository could forge or hide lines of `cortex` output).
    static func printable(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 4096 && !name.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: true
            default: false
            }
        }
    }

    private func gitFiles() throws -> [String]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    private func walk() -> [String] {
        var result: [String] = []
        let base = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else { return [] }
        for case let url as URL in enumerator {
            if Self.vendored.contains(url.lastPathComponent) { enumerator.skipDescendants(); continue }
            guard let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey]), values.isRegularFile == true, values.isSymbolicLink != true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            result.append(String(path.dropFirst(base.count + 1)))
        }
        return result
    }
}
