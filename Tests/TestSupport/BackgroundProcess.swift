import Foundation

/// A server the test starts and leaves running (`srooter serve`, `srooter mock-upstream`, a stand-in
/// upstream in Python), its stdout and stderr in a log file; stopped with SIGTERM, then SIGKILL.
/// Every wait for it to exit runs on a thread of its own (``OwnThread``).
public final class BackgroundProcess: @unchecked Sendable {
    public let process = Process()
    public let log: String
    /// The arguments it was started with (`serve`, `mock-upstream`... first for `srooter`).
    public let arguments: [String]

    /// Starts `program` with this process's environment plus `environment`; the log is created,
    /// or appended to when `appendingToLog` and it exists (a restarted server keeps one log).
    public init(
        _ program: String, _ arguments: [String], log: String, environment: [String: String] = [:], appendingToLog: Bool = false
    ) throws {
        self.log = log
        self.arguments = arguments
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if !appendingToLog || !FileManager.default.fileExists(atPath: log) {
            _ = FileManager.default.createFile(atPath: log, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.runWithSignalsUnblocked()
    }

    /// Starts the built `srooter` with `arguments`.
    public static func srooter(_ arguments: [String], log: String, environment: [String: String] = [:], appendingToLog: Bool = false) throws
        -> BackgroundProcess
    {
        try BackgroundProcess(CommandRunner.srooter, arguments, log: log, environment: environment, appendingToLog: appendingToLog)
    }

    public var isRunning: Bool { process.isRunning }

    /// What it has written to its log so far.
    public var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// SIGTERM, and nil once it has exited with status 0 within `grace` seconds; otherwise what went
    /// wrong, with the end of its log (tests expect nil, so a failure shows it). The grace is three
    /// times a drain of five seconds, for a machine busy with the whole parallel test run. (No
    /// `Issue.record` here: this target is built in release builds too, where Testing is absent.)
    public func stopProblem(grace: Double = 15) async -> String? {
        let status = await stop(grace: grace)
        guard status != 0 else { return nil }
        let how = process.terminationReason == .uncaughtSignal ? "signal" : "exit status"
        return "SIGTERM: \(how) \(status), not exit status 0; its log ends: \(logText.suffix(2000))"
    }

    /// SIGTERM, then SIGKILL if it has not exited within `grace` seconds; returns its exit status.
    @discardableResult
    public func stop(grace: Double = 10) async -> Int32 {
        let process = self.process
        return await OwnThread.run { Self.stop(process, grace: grace) }
    }

    /// SIGKILL (a crash: nothing runs on the way out), and waits for it to go.
    public func kill() async {
        let process = self.process
        await OwnThread.run {
            if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// Waits at most `seconds` for it to exit by itself; returns whether it did.
    public func waitForExit(seconds: Double) async -> Bool {
        let process = self.process
        return await OwnThread.run {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            return !process.isRunning
        }
    }

    /// Sends `signal` (SIGTERM, else SIGKILL) now and returns at once; a thread of its own waits for
    /// the exit (and sends SIGKILL after 10 s). For a test's `defer`, which cannot wait.
    public func terminate(signal: Int32 = SIGTERM) {
        guard process.isRunning else { return }
        let process = self.process
        Foundation.kill(process.processIdentifier, signal)
        Thread { _ = Self.stop(process, grace: 10) }.start()
    }

    private static func stop(_ process: Process, grace: Double) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        Foundation.kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A test that ended without stopping it (it threw first): as ``terminate(signal:)``.
    deinit { terminate() }
}
