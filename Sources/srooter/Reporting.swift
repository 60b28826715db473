import ArgumentParser
import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// Runs a command body, turning srooter's typed errors into one line on stderr and the exit
/// code their kind calls for (1: a check failed, 2: the input was unusable).
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as any SrooterError {
        printError(error.singleLine)
        throw ExitCode(error.kind.exitCode)
    }
}

/// `reportingFailures`, for async commands.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as any SrooterError {
        printError(error.singleLine)
        throw ExitCode(error.kind.exitCode)
    }
}

/// Prints `srooter: error: <message>` on stderr.
func printError(_ message: String) {
    var stderr = StandardError()
    print("srooter: error: \(message)", to: &stderr)
}

/// Prints `srooter: warning: <message>` on stderr.
func printWarning(_ message: String) {
    var stderr = StandardError()
    print("srooter: warning: \(message)", to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

/// The command line's own mistakes that ArgumentParser cannot see (exit code 2).
struct UsageError: SrooterError {
    let description: String
    var kind: FailureKind { .unusableInput }
}
