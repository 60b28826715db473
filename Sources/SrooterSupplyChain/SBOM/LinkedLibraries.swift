#if canImport(Glibc)
import Glibc
#endif

/// The shared libraries a binary links, found with `ldd` and mapped to the Debian packages
/// that own them with `dpkg -S` and `dpkg-query`.
public enum LinkedLibraries {
    /// A library `ldd` resolved: its file name and where it was found.
    public struct Library: Sendable, Equatable {
        public let name: String
        public let path: String

        public init(name: String, path: String) {
            self.name = name
            self.path = path
        }
    }

    /// Parses `ldd` output (`libsodium.so.23 => /lib/x86_64-linux-gnu/libsodium.so.23 (0x...)`
    /// and `/lib64/ld-linux-x86-64.so.2 (0x...)`); the vDSO and unresolved names are skipped.
    public static func parse(lddOutput text: String) -> [Library] {
        var libraries: [Library] = []
        for rawLine in text.split(separator: "\n") {
            var line = rawLine.trimmedOfWhitespace
            if let paren = line.firstRange(of: " (0x") { line = line[..<paren.lowerBound] }
            let path: Substring
            let name: Substring
            if let arrow = line.firstRange(of: " => ") {
                name = line[..<arrow.lowerBound]
                path = line[arrow.upperBound...].trimmedOfWhitespace
            } else {
                path = line
                name = Substring(PathName.base(of: String(line)))
            }
            guard path.hasPrefix("/") else { continue }
            libraries.append(Library(name: String(name), path: String(path)))
        }
        return libraries
    }

    /// Parses `dpkg -S` output into path → owning package names (`libc6:amd64: /lib/.../libm.so.6`).
    public static func parse(dpkgSearchOutput text: String) -> [String: [String]] {
        var owners: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("diversion by") {
            guard let separator = line.firstRange(of: ": /") else { continue }
            let path = String(line[line.index(after: separator.lowerBound)...].trimmedOfWhitespace)
            let packages = line[..<separator.lowerBound].split(separator: ",").map { entry in
                String(entry.trimmedOfWhitespace.split(separator: ":").first ?? "")
            }
            owners[path, default: []].append(contentsOf: packages.filter { !$0.isEmpty })
        }
        return owners
    }

    /// The paths dpkg may have recorded for a library: as given, resolved through symlinks, and
    /// each with and without `/usr` (Debian 12 merges `/lib` into `/usr/lib`).
    public static func candidatePaths(_ path: String, resolved: String?) -> [String] {
        var paths: [String] = []
        for base in [path, resolved].compactMap({ $0 }) {
            for candidate in [base, base.hasPrefix("/usr/") ? String(base.dropFirst(4)) : "/usr" + base]
            where !paths.contains(candidate) {
                paths.append(candidate)
            }
        }
        return paths
    }

    /// What a binary links: the Debian packages owning its libraries, and the libraries no
    /// package owns (the Swift runtime of a toolchain unpacked in /opt, say).
    public struct Inventory: Sendable, Equatable {
        /// Sorted by name, each with its license and the files the binary links.
        public var packages: [DebianPackage]
        /// Sorted by name.
        public var unowned: [Library]

        public init(packages: [DebianPackage], unowned: [Library]) {
            self.packages = packages
            self.unowned = unowned
        }
    }

    /// Runs `ldd` on `binary` and maps each library to its Debian package.
    public static func inventory(of binary: String) throws(InventoryError) -> Inventory {
        let libraries = try ldd(binary)
        guard !libraries.isEmpty else { return Inventory(packages: [], unowned: []) }
        var candidates: [String: [String]] = [:]
        for library in libraries where isSystemLibraryPath(library.path) {
            candidates[library.path] = candidatePaths(library.path, resolved: realPath(library.path))
        }
        let owners = try owners(of: Set(candidates.values.joined()).sorted())
        var files: [String: Set<String>] = [:]
        var unowned: [Library] = []
        for library in libraries {
            guard let owner = candidates[library.path]?.lazy.compactMap({ owners[$0]?.first }).first else {
                unowned.append(library)
                continue
            }
            files[owner, default: []].insert(library.name)
        }
        var packages = try DebianPackage.query(files.keys.sorted())
        for index in packages.indices {
            packages[index].linkedFiles = files[packages[index].name, default: []].sorted()
            packages[index].license = DebianCopyright.license(ofPackage: packages[index].name)
        }
        return Inventory(packages: packages.sorted { $0.name < $1.name }, unowned: unowned.sorted { $0.name < $1.name })
    }

    /// Whether a package of the distribution may own the path: Debian installs shared libraries
    /// under /lib* and /usr/lib*, never under /opt, /usr/local or a home folder, which dpkg need
    /// not be asked about (asking is slow: it reads every package's file list).
    public static func isSystemLibraryPath(_ path: String) -> Bool {
        let trimmed = path.hasPrefix("/usr/") ? String(path.dropFirst(4)) : path
        return trimmed.hasPrefix("/lib") && !path.hasPrefix("/usr/local/")
    }

    /// Asks `dpkg -S` which packages own the paths, all in one run.
    static func owners(of paths: [String]) throws(InventoryError) -> [String: [String]] {
        guard !paths.isEmpty else { return [:] }
        let outcome: Subprocess.Outcome
        do { outcome = try Subprocess.run("dpkg", ["-S"] + paths) } catch {
            throw .commandFailed(command: "dpkg -S", message: error.description)
        }
        // Exit status 1 means some path is owned by no package, which is expected here.
        guard outcome.status <= 1 else { throw .commandFailed(command: "dpkg -S", message: outcome.firstErrorLine) }
        return parse(dpkgSearchOutput: outcome.output)
    }

    /// Runs `ldd`; a static binary links nothing.
    static func ldd(_ binary: String) throws(InventoryError) -> [Library] {
        let outcome: Subprocess.Outcome
        do { outcome = try Subprocess.run("ldd", [binary]) } catch {
            throw .commandFailed(command: "ldd \(binary)", message: error.description)
        }
        let all = outcome.output + String(decoding: outcome.stderr, as: UTF8.self)
        if all.contains("not a dynamic executable") || all.contains("statically linked") { return [] }
        guard outcome.status == 0 else { throw .commandFailed(command: "ldd \(binary)", message: outcome.firstErrorLine) }
        return parse(lddOutput: outcome.output)
    }

    /// The path with every symlink resolved, or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
