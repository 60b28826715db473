/// The resolved package graph as `swift package show-dependencies --format json` prints it:
/// the root package and, nested, every dependency with its own dependencies.
public struct SwiftPackageGraph: Sendable, Equatable {
    /// One package of the printed tree.
    public struct Node: Sendable, Equatable, Decodable {
        public let identity: String
        public let name: String
        public let url: String
        public let version: String
        /// Where SwiftPM checked the package out (absent in older toolchains).
        public let path: String?
        public let dependencies: [Node]

        public init(identity: String, name: String, url: String, version: String, path: String?, dependencies: [Node]) {
            self.identity = identity
            self.name = name
            self.url = url
            self.version = version
            self.path = path
            self.dependencies = dependencies
        }
    }

    /// A dependency with the identities of its direct dependencies.
    public struct Package: Sendable, Equatable {
        public let identity: String
        public let name: String
        public let url: String
        public let version: String
        public let checkoutPath: String?
        /// Direct dependencies' identities, sorted.
        public let dependencies: [String]
    }

    /// The package that was asked about.
    public let root: Node

    public init(root: Node) { self.root = root }

    /// Parses show-dependencies' JSON output.
    public init(json bytes: [UInt8]) throws(JSONCodingError) {
        root = try StableJSON.decode(Node.self, from: bytes)
    }

    /// The root's direct dependencies' identities, sorted.
    public var directDependencies: [String] { Set(root.dependencies.map(\.identity)).sorted() }

    /// Every package below the root once (the tree repeats shared ones), sorted by identity.
    public var packages: [Package] {
        var seen: [String: Package] = [:]
        var stack = root.dependencies
        while let node = stack.popLast() {
            if seen[node.identity] != nil { continue }
            seen[node.identity] = Package(
                identity: node.identity, name: node.name, url: node.url, version: node.version, checkoutPath: node.path,
                dependencies: Set(node.dependencies.map(\.identity)).sorted())
            stack.append(contentsOf: node.dependencies)
        }
        return seen.values.sorted { $0.identity < $1.identity }
    }
}
