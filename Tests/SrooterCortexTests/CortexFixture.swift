import Foundation
import SrooterTestSupport
import Testing

/// A small git repository in Swift, Python and C with canary strings in comments, string
/// literals, function bodies and the commit message; no canary is the name of a declaration.
struct CortexFixture {
    static let canaries = ["CANARYcomment", "CANARYstring", "CANARYbody", "CANARYcommit", "CANARYpython", "CANARYcfile", "CANARYdoc"]

    let folder = TemporaryDirectory()
    var repo: String { folder.file("repo") }
    var database: String { folder.file("data/srooter.db") }
    var location: [String] { ["--database", database, "--config", folder.file("none.yaml")] }

    static let files: [String: String] = [
        "Sources/Shapes/Shape.swift": """
            // CANARYcomment: shapes have an area
            public protocol Shape {
                func area() -> Double
            }
            let banner = "CANARYstring"
            """,
        "Sources/Shapes/Circle.swift": """
            import Foundation

            /// CANARYdoc
            public struct Circle: Shape {
                let radius: Double
                public func area() -> Double {
                    let note = "CANARYbody"; _ = note
                    CANARYbodyCall()
                    return helperScale(radius)
                }
            }
            """,
        "Sources/Shapes/Helpers.swift": """
            func helperScale(_ value: Double) -> Double { value * 3.14 }
            """,
        "Sources/App/main.swift": """
            import Shapes

            let circle = Circle(radius: 1)
            print(circle.area())
            """,
        "tools/report.py": """
            import os

            class Report(Base):
                def render(self):
                    return format_total()  # CANARYpython

            def format_total():
                return "CANARYpython"
            """,
        "native/util.h": "int visible_entry(void);\n",
        "native/util.c": """
            #include "util.h"
            static int hidden_step(int a) { return a; /* CANARYcfile */ }
            int visible_entry(void) { return hidden_step(2); }
            """,
        ".gitignore": "ignored/\n",
        "ignored/Secret.swift": "struct IgnoredThing {}\n",
        "vendor/lib.py": "def vendored_fn():\n    pass\n",
    ]

    init() async throws {
        for (path, text) in Self.files { write(path, text) }
        var binary = Array("struct BinaryThing {}\n".utf8)
        binary += [0, 1, 2, 0]
        writeBytes("Sources/Shapes/Blob.swift", binary)
        _ = try await CommandRunner.run("mkdir", ["-p", folder.file("data")])
        _ = try await CommandRunner.run("git", ["init", "-q", repo])
        _ = try await CommandRunner.run("git", ["-C", repo, "add", "-A"])
        let commit = try await CommandRunner.run("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first CANARYcommit"])
        // A failed fixture fails its test (a precondition would end the whole test process).
        try #require(commit.status == 0, "git commit: \(commit.stderr)")
    }

    func write(_ path: String, _ text: String) { writeBytes(path, Array(text.utf8)) }

    func writeBytes(_ path: String, _ bytes: [UInt8]) {
        let url = URL(fileURLWithPath: repo).appendingPathComponent(path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
    }

    func srooter(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner.srooter(["cortex"] + arguments + location, in: folder.path, timeLimit: 120)
    }

    /// The 1-based line of the first line of `path` containing `text` (read here, not by Cortex).
    func line(of text: String, in path: String) async throws -> Int {
        let result = try await CommandRunner.run("grep", ["-n", "-m1", "-F", text, URL(fileURLWithPath: repo).appendingPathComponent(path).path])
        return Int(result.stdout.split(separator: ":").first ?? "") ?? -1
    }
}
