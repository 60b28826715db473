import Foundation
import SrooterTestSupport
import Testing

/// `srooter pins check` hashes what would be compiled, the files in `SCRATCH/checkouts/PKG` as
/// they are on disk (issue 15, Medium 4), not the committed tree of the pinned revision. A tiny
/// package depends on a local git repository, so SwiftPM resolves it without a network.
@Suite struct PinsOnDiskTests {
    func git(_ arguments: [String], in directory: String) async throws {
        let result = try await CommandRunner.run(
            "git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"] + arguments, in: directory)
        try #require(result.status == 0, "git \(arguments): \(result.stderr)")
    }

    func srooter(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner.srooter(arguments, timeLimit: 300)
    }

    @Test func editedOrAddedFilesInACheckoutFailTheCheck() async throws {
        let dir = TemporaryDirectory()
        let dep = dir.file("dep")
        try FileManager.default.createDirectory(atPath: "\(dep)/Sources/Dep", withIntermediateDirectories: true)
        dir.write("dep/Package.swift", """
            // swift-tools-version:5.9
            import PackageDescription
            let package = Package(name: "dep", products: [.library(name: "Dep", targets: ["Dep"])], targets: [.target(name: "Dep")])
            """)
        dir.write("dep/Sources/Dep/Dep.swift", "public func answer() -> Int { 42 }\n")
        try await git(["init", "-q", "-b", "main"], in: dep)
        try await git(["add", "-A"], in: dep)
        try await git(["commit", "-q", "-m", "dep 1.0.0"], in: dep)
        try await git(["tag", "1.0.0"], in: dep)

        let root = dir.file("root")
        try FileManager.default.createDirectory(atPath: "\(root)/Sources/Root", withIntermediateDirectories: true)
        dir.write("root/Package.swift", """
            // swift-tools-version:5.9
            import PackageDescription
            let package = Package(
                name: "root", dependencies: [.package(url: "file://\(dep)", exact: "1.0.0")],
                targets: [.executableTarget(name: "Root", dependencies: [.product(name: "Dep", package: "dep")])])
            """)
        dir.write("root/Sources/Root/main.swift", "import Dep\nprint(answer())\n")
        let scratch = dir.file("scratch")
        let resolve = try await CommandRunner.run("swift", ["package", "--scratch-path", scratch, "resolve"], in: root, timeLimit: 300)
        try #require(resolve.status == 0, "\(resolve.stderr)")
        let package = ["--package-path", root, "--scratch-path", scratch]
        let generate = try await srooter(["pins", "generate"] + package)
        try #require(generate.status == 0, "\(generate.stderr)")

        let clean = try await srooter(["pins", "check"] + package)
        #expect(clean.status == 0, "\(clean.stderr)")
        let checkout = "\(scratch)/checkouts/dep"
        #expect(FileManager.default.fileExists(atPath: "\(checkout)/Sources/Dep/Dep.swift"))

        // An untracked file, which SwiftPM would compile into the target.
        dir.write("scratch/checkouts/dep/Sources/Dep/Backdoor.swift", "public let backdoor = true\n")
        let added = try await srooter(["pins", "check"] + package)
        #expect(added.status == 1, "\(added.stderr)")
        #expect(added.stderr.contains("checkout of dep differs") && added.stderr.contains("Sources/Dep/Backdoor.swift"), "\(added.stderr)")
        try FileManager.default.removeItem(atPath: "\(checkout)/Sources/Dep/Backdoor.swift")

        // An ignored file counts too.
        dir.write("scratch/checkouts/dep/.git/info/exclude", "Hidden.swift\n")
        dir.write("scratch/checkouts/dep/Sources/Dep/Hidden.swift", "public let hidden = true\n")
        let ignored = try await srooter(["pins", "check"] + package)
        #expect(ignored.status == 1 && ignored.stderr.contains("Sources/Dep/Hidden.swift"), "\(ignored.stderr)")
        try FileManager.default.removeItem(atPath: "\(checkout)/Sources/Dep/Hidden.swift")

        // A tracked file edited in place.
        dir.write("scratch/checkouts/dep/Sources/Dep/Dep.swift", "public func answer() -> Int { 41 }\n")
        let edited = try await srooter(["pins", "check"] + package)
        #expect(edited.status == 1, "\(edited.stderr)")
        #expect(edited.stderr.contains("Sources/Dep/Dep.swift"), "\(edited.stderr)")

        // Restored, it passes again, and the checkout's own index was never touched.
        try await git(["checkout", "--", "."], in: checkout)
        let restored = try await srooter(["pins", "check"] + package)
        #expect(restored.status == 0, "\(restored.stderr)")
        let status = try await CommandRunner.run("git", ["status", "--porcelain"], in: checkout)
        #expect(status.stdout.isEmpty, "\(status.stdout)")
    }
}
