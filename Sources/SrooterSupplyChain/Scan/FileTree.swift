#if canImport(Glibc)
import Glibc
#endif

/// Lists files under a folder with POSIX calls: recursive, sorted, symlinked folders not followed.
enum FileTree {
    enum Kind { case missing, directory, file, other }

    struct Failure: Error {
        let reason: String
    }

    /// What a path names (symlinks followed).
    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        default: return .other
        }
    }

    /// Regular files under `root` whose names end with one of `suffixes`, sorted by path.
    static func files(under root: String, suffixes: [String], maxDepth: Int = 16, maxFiles: Int = 4_000_000) throws(Failure) -> [String] {
        var found: [String] = []
        var folders: [(String, Int)] = [(root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root, 0)]
        while let (folder, depth) = folders.popLast() {
            guard let directory = opendir(folder) else {
                throw Failure(reason: "cannot list \(folder): \(FileError.reason(errno))")
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) {
                    String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
                }
                if name == "." || name == ".." || name.hasPrefix(".") { continue }
                let path = "\(folder)/\(name)"
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                let type = info.st_mode & S_IFMT
                if type == S_IFDIR {
                    if depth + 1 <= maxDepth { folders.append((path, depth + 1)) }
                } else if suffixes.contains(where: name.hasSuffix), type == S_IFREG || (type == S_IFLNK && kind(of: path) == .file) {
                    found.append(path)
                    if found.count > maxFiles { throw Failure(reason: "more than \(maxFiles) files") }
                }
            }
        }
        return found.sorted()
    }
}
