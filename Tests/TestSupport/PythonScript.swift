import Foundation

/// The repository's Python checks (the official SDKs driving a real gateway), run with the test
/// venv's Python: `SROOTER_PYTHON`, else `.build/venv/bin/python`, which `make deps` makes.
public enum PythonScript {
    /// The package root: two levels above this file (`Tests/TestSupport/PythonScript.swift`).
    public static let packageRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// The test venv's interpreter.
    public static var python: String {
        ProcessInfo.processInfo.environment["SROOTER_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(packageRoot)/.build/venv/bin/python"
    }

    /// Runs `script` (a path under the package root, e.g. `Tests/InteropTests/gateway_sdk_check.py`)
    /// with `arguments`, killed after `timeLimit` seconds (`CommandTimedOut` then, with what it printed).
    public static func run(_ script: String, _ arguments: [String], timeLimit: Double) async throws -> CommandResult {
        try await CommandRunner.run(python, ["\(packageRoot)/\(script)"] + arguments, timeLimit: timeLimit)
    }
}
