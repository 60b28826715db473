import Foundation
import SrooterTestSupport
import Testing

/// The tests' own process runner stops a program that overruns its time limit and reports what
/// it printed, so a hung child fails its test instead of hanging the run.
@Suite struct CommandRunnerTests {
    @Test func aProgramPastItsLimitIsKilledAndItsOutputReported() async throws {
        let start = ContinuousClock.now
        do {
            let result = try await CommandRunner.run("sh", ["-c", "echo started; echo complaint >&2; sleep 30; echo finished"], timeLimit: 1)
            Issue.record("returned instead of timing out: \(result)")
        } catch let timedOut as CommandTimedOut {
            #expect(timedOut.stdout == "started\n" && timedOut.stderr == "complaint\n", "\(timedOut)")
            #expect(timedOut.description.contains("did not finish within 1.0 s"), "\(timedOut)")
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func aProgramThatIgnoresSIGTERMIsKilledAnyway() async throws {
        let start = ContinuousClock.now
        await #expect(throws: CommandTimedOut.self) {
            try await CommandRunner.run("sh", ["-c", "trap '' TERM; echo started; sleep 30"], timeLimit: 1)
        }
        #expect(ContinuousClock.now - start < .seconds(15))
    }

    @Test func aProgramWithinItsLimitReturnsItsStatusAndOutput() async throws {
        let result = try await CommandRunner.run("sh", ["-c", "cat; echo err >&2; exit 3"], stdin: "piped", timeLimit: 10)
        #expect(result.status == 3 && result.stdout == "piped" && result.stderr == "err\n")
    }
}
