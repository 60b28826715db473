// swift-tools-version:6.2
// Every dependency is pinned with `exact:` and recorded in sbom/pins.json; `srooter pins check` enforces it.
import PackageDescription

let package = Package(
    name: "srooter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "srooter", targets: ["srooter"]),
        .library(name: "SrooterSupplyChain", targets: ["SrooterSupplyChain"]),
        .library(name: "SrooterGateway", targets: ["SrooterGateway"]),
        .library(name: "SrooterStore", targets: ["SrooterStore"]),
        .library(name: "SrooterPolicy", targets: ["SrooterPolicy"]),
        .library(name: "SrooterAudit", targets: ["SrooterAudit"]),
        .library(name: "SrooterVault", targets: ["SrooterVault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // `serve` runs Swift concurrency's jobs on the NIO event loops (no thread hop per await).
        .target(name: "CEventLoopExecutor"),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Issue 18: the one hex encoder and the one RFC 8785 writer (prompt hash, audit chain), under every module that hashes or seals.
        .target(name: "SrooterEncoding"),
        .target(
            name: "SrooterSupplyChain",
            dependencies: [
                "CSodium", "CArchive", "SrooterEncoding",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "SrooterStore",
            dependencies: [
                "CSQLite", "SrooterEncoding",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Issue 7: the credential vault and the tamper-evident audit trail (Gateway → Audit → Vault → Store).
        .target(
            name: "SrooterVault",
            dependencies: ["SrooterStore", "SrooterEncoding", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "SrooterAudit",
            dependencies: ["SrooterStore", "SrooterVault", "SrooterEncoding", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "SrooterPolicy",
            dependencies: ["SrooterStore"]
        ),
        .target(
            name: "SrooterGateway",
            dependencies: [
                "SrooterStore",
                "SrooterPolicy",
                "SrooterAudit", "SrooterVault", "SrooterWire", "SrooterEncoding", "CEventLoopExecutor", "SrooterCortex", "SrooterRouting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Issue 20: routing decisions (routes, trivial score, fallback breakers), pure: no I/O.
        .target(name: "SrooterRouting"),
        // Issue 19: translation between the three wires, pure state machines (the gateway's dispatch and relay use them).
        .target(name: "SrooterWire", dependencies: ["SrooterEncoding"]),
        // Issue 21: Cortex, a repository's graph of symbols and dependencies (names only, never contents).
        .target(
            name: "SrooterCortex",
            dependencies: [
                "SrooterStore", "SrooterEncoding",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ]
        ),
        .executableTarget(
            name: "srooter",
            dependencies: [
                "SrooterSupplyChain",
                "SrooterGateway",
                "SrooterStore",
                "SrooterPolicy",
                "SrooterAudit", "SrooterVault", "SrooterEncoding", "SrooterCortex", "SrooterRouting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "SrooterTestSupport",
            dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "SrooterSupplyChainTests",
            dependencies: ["SrooterSupplyChain", "SrooterEncoding", "SrooterTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SrooterGatewayTests",
            dependencies: [
                "SrooterGateway", "SrooterStore", "SrooterVault", "SrooterEncoding", "SrooterWire", "SrooterTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "SrooterPolicyTests",
            dependencies: [
                "srooter", "SrooterPolicy", "SrooterGateway", "SrooterStore", "SrooterAudit", "SrooterVault", "SrooterTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SrooterAuditTests",
            dependencies: [
                "SrooterAudit", "SrooterVault", "SrooterStore", "SrooterGateway", "SrooterEncoding", "SrooterTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SrooterWireTests",
            dependencies: ["SrooterWire", "SrooterTestSupport"]
        ),
        .testTarget(
            name: "SrooterRoutingTests",
            dependencies: [
                "srooter", "SrooterRouting", "SrooterGateway", "SrooterPolicy", "SrooterStore", "SrooterAudit", "SrooterVault", "SrooterTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SrooterVaultTests",
            dependencies: ["SrooterVault", "SrooterStore", "SrooterTestSupport"]
        ),
        .testTarget(
            name: "SrooterCortexTests",
            dependencies: ["srooter", "SrooterCortex", "SrooterStore", "SrooterAudit", "SrooterVault", "SrooterTestSupport"],
            exclude: ["mcp_cortex_check.py"]
        ),
        .testTarget(
            name: "InteropTests",
            dependencies: ["srooter", "SrooterSupplyChain", "SrooterEncoding", "SrooterStore", "SrooterAudit", "SrooterTestSupport"],
            exclude: ["requirements.txt", "make-tar.py", "gateway_sdk_check.py", "gateway_translation_check.py", "passthrough_upstream.py"]
        ),
    ]
)
