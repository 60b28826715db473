import Foundation

/// Runs blocking work (waiting for a process, reading its output, polling) on a thread of its own
/// and suspends the calling task until it is done.
///
/// Swift's cooperative pool has one thread per core, two on the CI machine. A test that waited for
/// a CLI or a real agent on one of them held it for seconds, and in the parallel run the in-process
/// servers of other suites starved (their requests timed out at 60 s). Work handed to `OwnThread`
/// leaves the pool free.
public enum OwnThread {
    /// Runs `work` on a new thread and returns what it returned, or throws what it threw.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result(catching: work)) }.start()
        }
    }

    /// Runs `work`, which cannot fail, on a new thread and returns what it returned.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}
