import Foundation

extension Process {
    /// Starts the program with no signal blocked.
    ///
    /// A child inherits the signal mask of the thread that starts it, and the threads tests run on
    /// (Swift's cooperative pool, libdispatch's workers, and ``OwnThread``'s threads made from them)
    /// block almost every signal. A program that does not unblock them itself (`timeout`, Python,
    /// Node) then never sees the SIGTERM a test sends: `timeout` kept its `srooter serve` running
    /// after the suite that started it had ended.
    public func runWithSignalsUnblocked() throws {
        var none = sigset_t()
        var previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try run()
    }
}
