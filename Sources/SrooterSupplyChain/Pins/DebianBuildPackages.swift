/// The Debian packages srooter builds against: the `-dev` packages Package.swift names as apt
/// providers of its system library targets, and the runtime libraries each pins exactly.
public enum DebianBuildPackages {
    /// The apt provider names of the package's system library targets, from `swift package dump-package`.
    public static func aptProviders(dumpPackageJSON bytes: [UInt8]) throws(JSONCodingError) -> [String] {
        let manifest = try StableJSON.decode(JSONValue.self, from: bytes)
        var names: Set<String> = []
        for target in manifest["targets"]?.array ?? [] {
            for provider in target["providers"]?.array ?? [] {
                for group in provider["apt"]?.array ?? [] {
                    for name in group.array ?? [] { if let name = name.string { names.insert(name) } }
                }
            }
        }
        return names.sorted()
    }

    /// The packages a `Depends:` field pins to an exact version (`libsodium23 (= 1.0.18-1)`):
    /// the runtime library a `-dev` package belongs to.
    public static func exactDependencies(dependsField text: String) -> [String] {
        text.split(separator: ",").compactMap { entry in
            let first = entry.split(separator: "|").first.map { $0.trimmedOfWhitespace } ?? ""
            guard first.contains("(= ") || first.contains("(=") else { return nil }
            let name = first.prefix { !$0.isWhitespace && $0 != "(" && $0 != ":" }
            return name.isEmpty ? nil : String(name)
        }
    }

    /// Asks SwiftPM and dpkg; packages that are not installed are left out.
    /// - Parameter scratchPath: SwiftPM's build folder, when not `<packagePath>/.build`.
    public static func installed(packagePath: String, scratchPath: String?) throws(InventoryError) -> [DebianPackage] {
        let command = "swift package dump-package"
        var arguments = ["package"]
        if let scratchPath { arguments += ["--scratch-path", PathName.absolute(scratchPath)] }
        let dump: Subprocess.Outcome
        do { dump = try Subprocess.run("swift", arguments + ["dump-package"], in: packagePath) } catch {
            throw .commandFailed(command: command, message: error.description)
        }
        guard dump.status == 0 else { throw .commandFailed(command: command, message: SwiftInventory.lastErrorLine(dump)) }
        let providers: [String]
        do { providers = try aptProviders(dumpPackageJSON: dump.stdout) } catch {
            throw .unexpectedOutput(command: command, reason: error.reason)
        }
        guard !providers.isEmpty else { return [] }
        let depends: Subprocess.Outcome
        do { depends = try Subprocess.run("dpkg-query", ["-W", "-f=${Package}\\t${Depends}\\n"] + providers) } catch {
            throw .commandFailed(command: "dpkg-query -W", message: error.description)
        }
        var names = Set(providers)
        for line in depends.output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            if fields.count == 2 { names.formUnion(exactDependencies(dependsField: String(fields[1]))) }
        }
        return try DebianPackage.query(names.sorted()).sorted { $0.name < $1.name }
    }
}
