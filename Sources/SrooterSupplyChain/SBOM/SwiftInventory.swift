/// A Swift dependency as resolved and checked out: what the SBOM and the pins record of it.
public struct ResolvedSwiftPackage: Sendable, Equatable {
    public let identity: String
    /// The package's name as SwiftPM prints it.
    public let name: String
    /// The repository URL from `Package.resolved`, with its original case.
    public let location: String
    /// The version tag, or nil for a branch or revision pin.
    public let version: String?
    public let revision: String
    /// The git tree hash of the revision (see ``SourceTree``).
    public let treeHash: String
    public let license: DetectedLicense?
    /// Identities of its direct dependencies, sorted.
    public let dependencies: [String]

    public init(
        identity: String, name: String, location: String, version: String?, revision: String, treeHash: String,
        license: DetectedLicense?, dependencies: [String]
    ) {
        self.identity = identity
        self.name = name
        self.location = location
        self.version = version
        self.revision = revision
        self.treeHash = treeHash
        self.license = license
        self.dependencies = dependencies
    }

    /// The version to show: the tag, else the revision.
    public var displayVersion: String { version ?? revision }

    /// `pkg:swift/HOST/OWNER/REPO@VERSION`, or nil when the location is not a repository URL.
    public var purl: PackageURL? { PackageURL.swift(location: location, version: displayVersion) }
}

/// The Swift side of an inventory: the root package and every resolved dependency, from
/// `swift package show-dependencies`, `Package.resolved` and the checkouts.
public struct SwiftInventory: Sendable, Equatable {
    /// The root package's name (from Package.swift).
    public let rootName: String
    /// The root's direct dependencies' identities, sorted.
    public let directDependencies: [String]
    /// Every dependency once, sorted by identity.
    public let packages: [ResolvedSwiftPackage]

    public init(rootName: String, directDependencies: [String], packages: [ResolvedSwiftPackage]) {
        self.rootName = rootName
        self.directDependencies = directDependencies
        self.packages = packages
    }

    /// Joins the graph with the pins, asking `treeHash` and `license` about each checkout.
    public static func combine(
        graph: SwiftPackageGraph, resolved: PackageResolved, resolvedPath: String, checkoutsFolder: String,
        treeHash: (_ identity: String, _ checkout: String, _ revision: String) throws(InventoryError) -> String,
        license: (_ checkout: String) -> DetectedLicense?
    ) throws(InventoryError) -> SwiftInventory {
        var packages: [ResolvedSwiftPackage] = []
        for node in graph.packages {
            guard let pin = resolved.pin(identity: node.identity), let revision = pin.state.revision else {
                throw .unpinned(identity: node.identity, resolvedPath: resolvedPath)
            }
            let checkout = node.checkoutPath ?? "\(checkoutsFolder)/\(checkoutName(location: pin.location))"
            packages.append(
                ResolvedSwiftPackage(
                    identity: node.identity, name: node.name, location: pin.location, version: pin.state.version,
                    revision: revision, treeHash: try treeHash(node.identity, checkout, revision),
                    license: license(checkout), dependencies: node.dependencies))
        }
        return SwiftInventory(rootName: graph.root.name, directDependencies: graph.directDependencies, packages: packages)
    }

    /// SwiftPM's checkout folder name: the URL's last component without `.git`.
    static func checkoutName(location: String) -> String {
        var name = PathName.base(of: location)
        if name.hasSuffix(".git") { name.removeLast(4) }
        return name
    }

    /// Gathers the inventory of the package at `packagePath`.
    /// - Parameter scratchPath: SwiftPM's build folder when it is not `<packagePath>/.build`.
    public static func load(packagePath: String, scratchPath: String?) throws(InventoryError) -> SwiftInventory {
        let package = PathName.absolute(packagePath)
        let resolvedPath = "\(package)/Package.resolved"
        guard FileReader.exists("\(package)/Package.swift") else { throw .notASwiftPackage(path: packagePath) }
        let resolved = try PackageResolved(contentsOf: resolvedPath)
        let scratch = scratchPath.map(PathName.absolute) ?? "\(package)/.build"
        var arguments = ["package"]
        if let scratchPath { arguments += ["--scratch-path", PathName.absolute(scratchPath)] }
        // Only the versions in Package.resolved: an SBOM describes what was pinned, never a new resolution.
        arguments += ["--force-resolved-versions", "show-dependencies", "--format", "json"]
        let command = "swift " + arguments.joined(separator: " ")
        let outcome: Subprocess.Outcome
        // SwiftPM keys its cache of compiled manifests on the whole environment: with the release's
        // SOURCE_DATE_EPOCH (a new one each commit) it would compile every package's manifest again.
        do { outcome = try Subprocess.run("swift", arguments, in: package, unsetting: ["SOURCE_DATE_EPOCH"]) } catch {
            throw .commandFailed(command: command, message: error.description)
        }
        guard outcome.status == 0 else { throw .commandFailed(command: command, message: lastErrorLine(outcome)) }
        let graph: SwiftPackageGraph
        do { graph = try SwiftPackageGraph(json: outcome.stdout) } catch {
            throw .unexpectedOutput(command: command, reason: error.reason)
        }
        return try combine(
            graph: graph, resolved: resolved, resolvedPath: resolvedPath, checkoutsFolder: "\(scratch)/checkouts",
            treeHash: { (identity, checkout, revision) throws(InventoryError) in
                try SourceTree.treeHash(checkout: checkout, revision: revision, identity: identity)
            },
            license: LicenseDetector.detect(inDirectory:))
    }

    /// SwiftPM prints progress before its error: the last `error:` line says what went wrong.
    static func lastErrorLine(_ outcome: Subprocess.Outcome) -> String {
        let lines = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n")
        let line = lines.last { $0.contains("error:") } ?? lines.last ?? "exit status \(outcome.status)"
        return String(line.trimmedOfWhitespace)
    }
}
