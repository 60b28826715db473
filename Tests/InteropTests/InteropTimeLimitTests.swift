import Foundation
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

    /// A test's SIGTERM reaches the programs it starts: they start with no signal blocked, although
    /// the threads tests run on block nearly all. `timeout` is the case that leaked (it does not
    /// unblock, so a served `srooter serve` outlived its suite).
    @Test func aStartedProgramSeesSIGTERM() async throws {
        let folder = TemporaryDirectory()
        let program = try BackgroundProcess("/usr/bin/timeout", ["-k", "60", "120", "sleep", "120"], log: folder.file("sleep.log"))
        let blocked = try String(contentsOfFile: "/proc/\(program.process.processIdentifier)/status", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("SigBlk:") }
        #expect(blocked == "SigBlk:\t0000000000000000", "\(blocked ?? "no SigBlk line")")
        // Ended by the SIGTERM it forwarded (status 15), not by the SIGKILL that follows the grace (9).
        let status = await program.stop(grace: 30)
        #expect(status == SIGTERM || status == 143, "status \(status): SIGTERM was not seen")
    }
}
