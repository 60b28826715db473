// swift-tools-version:6.2
// Every dependency is pinned with `exact:` and recorded in sbom/pins.json; `srooter pins check` enforces it.
import PackageDescription

let package = Package(
    name: "srooter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "srooter", targets: ["srooter"]),
        .library(name: "SrooterSupplyChain", targets: ["SrooterSupplyChain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
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
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "SrooterSupplyChain",
            dependencies: [
                "CSodium", "CArchive",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "srooter",
            dependencies: [
                "SrooterSupplyChain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "SrooterTestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "SrooterSupplyChainTests",
            dependencies: ["SrooterSupplyChain", "SrooterTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "InteropTests",
            dependencies: ["srooter", "SrooterSupplyChain", "SrooterTestSupport"],
            exclude: ["requirements.txt", "make-tar.py"]
        ),
    ]
)
