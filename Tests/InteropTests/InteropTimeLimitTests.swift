import SrooterTestSupport
import Testing

/// `Interop.run` (coreutils' `timeout` around a program) fails with what the program printed
/// when it overruns its limit.
@Suite struct InteropTimeLimitTests {
    /// The program has a slot of its own, and would run 300 s unkilled: the bound of 60 s leaves room
    /// for a busy parallel run to resume the test late.
    @Test func anOverrunIsReportedWithItsOutput() async throws {
        let start = ContinuousClock.now
        do {
            let outcome = try await Interop.run("sh", ["-c", "echo started; sleep 300"], timeLimit: 1, slots: ProcessSlots(count: 1))
            Issue.record("returned instead of timing out: status \(outcome.status)")
        } catch let timedOut as Interop.TimedOut {
            #expect(timedOut.stdout == "started\n", "\(timedOut)")
        }
        #expect(ContinuousClock.now - start < .seconds(60))
    }
}
