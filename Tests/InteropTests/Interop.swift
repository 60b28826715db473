import Glibc
import SrooterSupplyChain
import SrooterTestSupport

/// Where the interop tests find the project, the built `srooter`, Python, and a SwiftPM build
/// folder of their own.
enum Interop {
    /// The package root: three levels above this file (`Tests/InteropTests/Interop.swift`).
    static let packageRoot: String = {
        var path = #filePath
        for _ in 0..<3 { path = PathName.directory(of: path) }
        return path
    }()

    /// The folder of the running test executable, where SwiftPM also puts `srooter`.
    static let productsFolder: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        precondition(count > 0, "cannot read /proc/self/exe")
        return PathName.directory(of: String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }()

    /// The `srooter` built with the tests.
    static var srooter: String { "\(productsFolder)/srooter" }

    /// A SwiftPM build folder for the `srooter` runs, apart from the one `swift test` holds locked.
    static var scratch: String { "\(productsFolder)/../../srooter-interop" }

    /// Python with `cyclonedx-python-lib`: `SROOTER_PYTHON`, else the venv `make deps` makes.
    static var python: String {
        if let value = getenv("SROOTER_PYTHON"), value.pointee != 0 { return String(cString: value) }
        return "\(packageRoot)/.build/venv/bin/python"
    }

    /// Runs `srooter` with `arguments` and extra environment variables, killed after `timeLimit` seconds.
    static func srooter(_ arguments: [String], environment: [String: String] = [:], timeLimit: Int = 120) async throws -> Subprocess.Outcome {
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return try await run("env", assignments + [srooter] + arguments, timeLimit: timeLimit)
    }

    /// Runs `program` under coreutils' `timeout`: past `timeLimit` seconds it gets SIGTERM (SIGKILL
    /// 5 s later) and this throws `TimedOut` with what it printed, so a hung child fails the test
    /// instead of hanging it. It takes one of the ``ProcessSlots``; the wait is on a thread of its own (``OwnThread``).
    static func run(_ program: String, _ arguments: [String], timeLimit: Int, slots: ProcessSlots = .shared) async throws -> Subprocess.Outcome {
        let (outcome, ranFor) = try await ProcessSlots.run(in: slots) {
            try await OwnThread.run {
                let started = ContinuousClock.now
                let outcome = try Subprocess.run("timeout", ["--kill-after=5", String(timeLimit), program] + arguments)
                return (outcome, ContinuousClock.now - started)
            }
        }
        if outcome.status == 124 || outcome.status == 128 + 9 {
            throw TimedOut(
                command: ([program] + arguments).joined(separator: " "), seconds: timeLimit, stdout: outcome.output,
                stderr: String(decoding: outcome.stderr, as: UTF8.self), ranFor: ranFor)
        }
        return outcome
    }

    /// A program that `run` killed at its time limit.
    struct TimedOut: Error, CustomStringConvertible {
        let command: String
        let seconds: Int
        let stdout: String
        let stderr: String
        /// How long it ran (timed on the thread that waited for it).
        let ranFor: Duration
        var description: String { "\(command) did not finish within \(seconds) s (killed after \(ranFor)); stdout: \(stdout.suffix(2000)) stderr: \(stderr.suffix(2000))" }
    }

    /// `sbom generate` for this project and the test's own `srooter`, into `output`.
    static func generateSBOM(to output: String, epoch: String = "1700000000") async throws -> Subprocess.Outcome {
        try await srooter(
            ["sbom", "generate", "--package-path", packageRoot, "--scratch-path", scratch, "--binary", srooter, "--output", output],
            environment: ["SOURCE_DATE_EPOCH": epoch], timeLimit: 300)
    }

    /// The text of a file.
    static func read(_ path: String) throws -> String {
        String(decoding: try FileReader.read(path, limit: 64 << 20), as: UTF8.self)
    }

    /// The lines a program printed on stderr.
    static func errorLines(_ outcome: Subprocess.Outcome) -> [Substring] {
        String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n")
    }
}

/// A fresh temporary folder, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() {
        var template = Array("/tmp/srooter-interop-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { _ = try? Subprocess.run("rm", ["-rf", path]) }
}
