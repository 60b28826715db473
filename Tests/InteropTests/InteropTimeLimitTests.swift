import SrooterTestSupport
import Testing

/// `Interop.run` (coreutils' `timeout` around a program) fails with what the program printed
/// when it overruns its limit.
@Suite struct InteropTimeLimitTests {
    /// Unkilled, the program would run 300 s; killed at its 1 s limit (SIGKILL 5 s later at most),
    /// it runs a few seconds, as timed on the thread that waited for it.
    @Test func anOverrunIsReportedWithItsOutput() async throws {
        do {
            let outcome = try await Interop.run("sh", ["-c", "echo started; sleep 300"], timeLimit: 1, slots: ProcessSlots(count: 1))
            Issue.record("returned instead of timing out: status \(outcome.status)")
        } catch let timedOut as Interop.TimedOut {
            #expect(timedOut.stdout == "started\n", "\(timedOut)")
            #expect(timedOut.ranFor < .seconds(30), "\(timedOut)")
        }
    }
}
