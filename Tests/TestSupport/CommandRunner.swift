import Foundation

/// What a finished program printed and how it exited.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// A program that ran past its time limit; it was killed, and this carries what it had printed.
public struct CommandTimedOut: Error, CustomStringConvertible {
    public let command: String
    public let seconds: Double
    public let stdout: String
    public let stderr: String
    /// How long it ran, from its start to its end (timed on the thread that waited for it, so a
    /// busy test run that resumes the test late does not count).
    public let ranFor: Duration

    public var description: String {
        "\(command) did not finish within \(seconds) s and was killed after \(ranFor); stdout: \(stdout.suffix(2000)) stderr: \(stderr.suffix(2000))"
    }
}

/// Runs real programs (the built `srooter`, Debian's `minisign`, python) as a person would.
public enum CommandRunner {
    /// How long a program may run unless the caller says otherwise: a few times what the slowest
    /// ordinary command (packing or installing a release of the real binary) takes while the whole
    /// suite runs in parallel.
    public static let defaultTimeLimit: Double = 120

    /// The `srooter` executable SwiftPM built beside this test bundle.
    public static var srooter: String {
        if let override = ProcessInfo.processInfo.environment["SROOTER_BIN"] { return override }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("srooter").path
    }

    /// Runs `program` (a path, or a name looked up on PATH) and waits for it, at most `timeLimit`
    /// seconds: it runs under coreutils' `timeout`, which past the limit sends SIGTERM to the
    /// program and everything it started (SIGKILL 5 s later, for one that ignores SIGTERM), and
    /// then `CommandTimedOut` is thrown with what it printed.
    /// The child's environment is this process's without `SROOTER_KEY_PASSWORD`, plus `environment`.
    /// It starts once one of `slots` is free, and the wait for it is on a thread of its own
    /// (``OwnThread``), never on one of Swift's cooperative threads.
    public static func run(
        _ program: String, _ arguments: [String], stdin: String? = nil,
        environment: [String: String] = [:], in directory: String? = nil, timeLimit: Double = defaultTimeLimit,
        slots: ProcessSlots = .shared
    ) async throws -> CommandResult {
        try await ProcessSlots.run(in: slots) {
            try await OwnThread.run {
                try runBlocking(program, arguments, stdin: stdin, environment: environment, in: directory, timeLimit: timeLimit)
            }
        }
    }

    private static func runBlocking(
        _ program: String, _ arguments: [String], stdin: String?, environment: [String: String], in directory: String?,
        timeLimit: Double
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=5", String(timeLimit), program] + arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SROOTER_KEY_PASSWORD")
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        let started = ContinuousClock.now
        try process.runWithSignalsUnblocked()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let ranFor = ContinuousClock.now - started
        try out.close()
        try err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        // `timeout` exits 124 when the limit passed; when it had to send SIGKILL, that killed it too.
        let timedOut = process.terminationReason == .exit
            ? [124, 137].contains(process.terminationStatus) : process.terminationStatus == SIGKILL
        if timedOut {
            let command = ([program] + arguments).joined(separator: " ")
            throw CommandTimedOut(command: command, seconds: timeLimit, stdout: stdout, stderr: stderr, ranFor: ranFor)
        }
        return CommandResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// Runs the built `srooter`.
    public static func srooter(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: String? = nil,
        timeLimit: Double = defaultTimeLimit
    ) async throws -> CommandResult {
        try await run(srooter, arguments, stdin: stdin, environment: environment, in: directory, timeLimit: timeLimit)
    }
}
