import Testing

@testable import SrooterSupplyChain

/// The parsers of what SwiftPM, ldd and dpkg print.
@Suite struct InventoryParsingTests {
    static let graphJSON = """
        {"identity": "srooter", "name": "srooter", "url": "/src/srooter", "version": "unspecified", "path": "/src/srooter",
         "dependencies": [
           {"identity": "swift-nio", "name": "swift-nio", "url": "https://github.com/apple/swift-nio.git", "version": "2.101.3",
            "path": "/src/srooter/.build/checkouts/swift-nio",
            "dependencies": [{"identity": "swift-atomics", "name": "swift-atomics", "url": "https://github.com/apple/swift-atomics",
                              "version": "1.3.0", "dependencies": []}]},
           {"identity": "swift-log", "name": "swift-log", "url": "https://github.com/apple/swift-log", "version": "1.16.2",
            "dependencies": [{"identity": "swift-atomics", "name": "swift-atomics", "url": "https://github.com/apple/swift-atomics",
                              "version": "1.3.0", "dependencies": []}]}
         ]}
        """

    static let resolvedJSON = """
        {"originHash": "x", "version": 3, "pins": [
          {"identity": "swift-atomics", "kind": "remoteSourceControl", "location": "https://github.com/apple/swift-atomics",
           "state": {"revision": "\(String(repeating: "1", count: 40))", "version": "1.3.0"}},
          {"identity": "swift-log", "kind": "remoteSourceControl", "location": "https://github.com/apple/swift-log",
           "state": {"revision": "\(String(repeating: "2", count: 40))", "version": "1.16.2"}},
          {"identity": "swift-nio", "kind": "remoteSourceControl", "location": "https://github.com/Apple/swift-nio.git",
           "state": {"revision": "\(String(repeating: "3", count: 40))", "version": "2.101.3"}}
        ]}
        """

    @Test func graphListsSharedPackagesOnce() throws {
        let graph = try SwiftPackageGraph(json: Array(Self.graphJSON.utf8))
        #expect(graph.directDependencies == ["swift-log", "swift-nio"])
        #expect(graph.packages.map(\.identity) == ["swift-atomics", "swift-log", "swift-nio"])
        #expect(graph.packages.first { $0.identity == "swift-nio" }?.dependencies == ["swift-atomics"])
    }

    @Test func resolvedV3Pins() throws {
        let resolved = try PackageResolved(bytes: Array(Self.resolvedJSON.utf8), path: "Package.resolved")
        #expect(resolved.pins.count == 3)
        #expect(resolved.pin(identity: "swift-nio")?.location == "https://github.com/Apple/swift-nio.git")
        #expect(resolved.pin(identity: "swift-nio")?.state.version == "2.101.3")
    }

    @Test func resolvedV1IsRefused() {
        let v1 = #"{"object": {"pins": []}, "version": 1}"#
        #expect(throws: InventoryError.resolvedMalformed(path: "P", reason: "format version 1 is not 2 or 3")) {
            try PackageResolved(bytes: Array(v1.utf8), path: "P")
        }
        #expect(throws: InventoryError.self) { try PackageResolved(bytes: Array("nope".utf8), path: "P") }
    }

    @Test func combineJoinsGraphPinsAndCheckouts() throws {
        let graph = try SwiftPackageGraph(json: Array(Self.graphJSON.utf8))
        let resolved = try PackageResolved(bytes: Array(Self.resolvedJSON.utf8), path: "P")
        var asked: [String] = []
        let inventory = try SwiftInventory.combine(
            graph: graph, resolved: resolved, resolvedPath: "P", checkoutsFolder: "/scratch/checkouts",
            treeHash: { (identity, checkout, revision) throws(InventoryError) in
                asked.append(checkout)
                return String(revision.reversed())
            },
            license: { _ in .spdx("Apache-2.0") })
        #expect(inventory.rootName == "srooter")
        #expect(inventory.packages.map(\.identity) == ["swift-atomics", "swift-log", "swift-nio"])
        // SwiftPM's own checkout path when printed, else the checkouts folder and the repository name.
        #expect(asked == ["/scratch/checkouts/swift-atomics", "/scratch/checkouts/swift-log", "/src/srooter/.build/checkouts/swift-nio"])
        let nio = try #require(inventory.packages.last)
        #expect(nio.purl?.description == "pkg:swift/github.com/Apple/swift-nio@2.101.3")
        #expect(nio.revision == String(repeating: "3", count: 40))
    }

    @Test func combineRefusesAnUnpinnedPackage() throws {
        let graph = try SwiftPackageGraph(json: Array(Self.graphJSON.utf8))
        let resolved = PackageResolved(pins: [])
        #expect(throws: InventoryError.unpinned(identity: "swift-atomics", resolvedPath: "P")) {
            try SwiftInventory.combine(
                graph: graph, resolved: resolved, resolvedPath: "P", checkoutsFolder: "/c",
                treeHash: { (_, _, _) throws(InventoryError) in "" }, license: { _ in nil })
        }
    }

    @Test func lddOutput() {
        let text = """
            \tlinux-vdso.so.1 (0x00007ffc)
            \tlibsodium.so.23 => /lib/x86_64-linux-gnu/libsodium.so.23 (0x00007f71)
            \tlibswiftCore.so => /opt/swift/usr/lib/swift/linux/libswiftCore.so (0x00007f72)
            \tlibmissing.so.1 => not found
            \t/lib64/ld-linux-x86-64.so.2 (0x00007f73)
            """
        #expect(
            LinkedLibraries.parse(lddOutput: text) == [
                .init(name: "libsodium.so.23", path: "/lib/x86_64-linux-gnu/libsodium.so.23"),
                .init(name: "libswiftCore.so", path: "/opt/swift/usr/lib/swift/linux/libswiftCore.so"),
                .init(name: "ld-linux-x86-64.so.2", path: "/lib64/ld-linux-x86-64.so.2"),
            ])
    }

    @Test func dpkgSearchOutput() {
        let text = """
            libc6:amd64: /lib/x86_64-linux-gnu/libm.so.6
            diversion by foo from: /usr/bin/bar
            libstdc++6:amd64: /usr/lib/x86_64-linux-gnu/libstdc++.so.6
            pkg-a, pkg-b: /usr/lib/shared.so
            """
        let owners = LinkedLibraries.parse(dpkgSearchOutput: text)
        #expect(owners["/lib/x86_64-linux-gnu/libm.so.6"] == ["libc6"])
        #expect(owners["/usr/lib/x86_64-linux-gnu/libstdc++.so.6"] == ["libstdc++6"])
        #expect(owners["/usr/lib/shared.so"] == ["pkg-a", "pkg-b"])
        #expect(owners.count == 3)
    }

    @Test func candidatePathsCoverMergedUsr() {
        #expect(
            LinkedLibraries.candidatePaths("/lib/x86_64-linux-gnu/libsodium.so.23", resolved: "/usr/lib/x86_64-linux-gnu/libsodium.so.23.3.0")
                == [
                    "/lib/x86_64-linux-gnu/libsodium.so.23", "/usr/lib/x86_64-linux-gnu/libsodium.so.23",
                    "/usr/lib/x86_64-linux-gnu/libsodium.so.23.3.0", "/lib/x86_64-linux-gnu/libsodium.so.23.3.0",
                ])
        #expect(LinkedLibraries.isSystemLibraryPath("/lib64/ld-linux-x86-64.so.2"))
        #expect(LinkedLibraries.isSystemLibraryPath("/usr/lib/x86_64-linux-gnu/libc.so.6"))
        #expect(!LinkedLibraries.isSystemLibraryPath("/opt/swift/usr/lib/swift/linux/libswiftCore.so"))
        #expect(!LinkedLibraries.isSystemLibraryPath("/usr/local/lib/libfoo.so"))
    }

    @Test func dpkgQueryOutput() {
        let text = "libc6\tamd64\t2.36-9+deb12u14\tglibc\t2.36-9+deb12u14\tii \nlibsodium23\tamd64\t1.0.18-1\t\t\tii \ngone\tamd64\t1.0\tgone\t1.0\trc \n"
        let packages = DebianPackage.parse(dpkgQueryOutput: text)
        #expect(packages.map(\.name) == ["libc6", "libsodium23"])
        #expect(packages[0].sourceName == "glibc")
        // An empty source field means the source package has the binary package's name.
        #expect(packages[1].sourceName == "libsodium23" && packages[1].sourceVersion == "1.0.18-1")
    }

    @Test func swiftVersionOutput() {
        let toolchain = SwiftToolchain(versionOutput: "Swift version 6.3.1 (swift-6.3.1-RELEASE)\nTarget: x86_64-unknown-linux-gnu\n")
        #expect(toolchain == SwiftToolchain(version: "6.3.1", versionLine: "Swift version 6.3.1 (swift-6.3.1-RELEASE)", target: "x86_64-unknown-linux-gnu"))
        let apple = SwiftToolchain(versionOutput: "swift-driver version: 1.120.5 Apple Swift version 6.2 (swiftlang-6.2.0.19.9)\n")
        #expect(apple?.version == "6.2")
        #expect(SwiftToolchain(versionOutput: "bash: swift: command not found") == nil)
    }

    @Test func debianBuildPackagesFromManifestAndDepends() throws {
        let dump = #"{"targets": [{"name": "CSodium", "providers": [{"apt": [["libsodium-dev"]]}]}, {"name": "X"}, {"name": "CSQLite", "providers": [{"apt": [["libsqlite3-dev"]]}, {"brew": [["sqlite"]]}]}]}"#
        #expect(try DebianBuildPackages.aptProviders(dumpPackageJSON: Array(dump.utf8)) == ["libsodium-dev", "libsqlite3-dev"])
        #expect(DebianBuildPackages.exactDependencies(dependsField: "libsqlite3-0 (= 3.40.1-2+deb12u2), libc-dev") == ["libsqlite3-0"])
        #expect(DebianBuildPackages.exactDependencies(dependsField: "libfoo1:any (= 1.0) | libbar, zlib1g (>= 1.2)") == ["libfoo1"])
    }
}
