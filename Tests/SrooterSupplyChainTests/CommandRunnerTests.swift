import Foundation
import SrooterTestSupport
import Testing

/// The tests' own process runner stops a program that overruns its time limit and reports what
/// it printed, so a hung child fails its test instead of hanging the run. The timed programs have a
/// slot of their own (``ProcessSlots``) and would run 300 s unkilled; how long they ran is timed on
/// the thread that waited for them, which a busy parallel run cannot delay.
@Suite struct CommandRunnerTests {
    @Test func aProgramPastItsLimitIsKilledAndItsOutputReported() async throws {
        do {
            let result = try await CommandRunner.run(
                "sh", ["-c", "echo started; echo complaint >&2; sleep 300; echo finished"], timeLimit: 1, slots: ProcessSlots(count: 1))
            Issue.record("returned instead of timing out: \(result)")
        } catch let timedOut as CommandTimedOut {
            #expect(timedOut.stdout == "started\n" && timedOut.stderr == "complaint\n", "\(timedOut)")
            #expect(timedOut.description.contains("did not finish within 1.0 s"), "\(timedOut)")
            #expect(timedOut.ranFor < .seconds(30), "\(timedOut)")
        }
    }

    @Test func aProgramThatIgnoresSIGTERMIsKilledAnyway() async throws {
        do {
            let result = try await CommandRunner.run("sh", ["-c", "trap '' TERM; echo started; sleep 300"], timeLimit: 1, slots: ProcessSlots(count: 1))
            Issue.record("returned instead of timing out: \(result)")
        } catch let timedOut as CommandTimedOut {
            #expect(timedOut.stdout == "started\n" && timedOut.ranFor < .seconds(30), "\(timedOut)")
        }
    }

    @Test func aProgramWithinItsLimitReturnsItsStatusAndOutput() async throws {
        let result = try await CommandRunner.run("sh", ["-c", "cat; echo err >&2; exit 3"], stdin: "piped", timeLimit: 10)
        #expect(result.status == 3 && result.stdout == "piped" && result.stderr == "err\n")
    }

    /// While programs run, Swift's cooperative threads stay free for other tasks: with more programs
    /// running than the pool has threads (one a core), a task that needs a cooperative thread still
    /// runs before any of them ends. (Waits on the pool held it for the programs' whole run, and the
    /// parallel test run's in-process servers starved.) The programs have slots of their own, so
    /// the rest of the run cannot make them wait.
    @Test func runningProgramsLeaveTheCooperativeThreadsFree() async throws {
        let folder = TemporaryDirectory()
        let path = folder.path
        let programs = ProcessInfo.processInfo.activeProcessorCount + 1
        let slots = ProcessSlots(count: programs)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<programs {
                group.addTask {
                    let run = try await CommandRunner.run(
                        "sh", ["-c", #"touch "$1.started"; sleep 30; touch "$1.ended""#, "sh", "\(path)/\(index)"], timeLimit: 60, slots: slots)
                    #expect(run.status == 0, "\(run.stderr)")
                }
            }
            // Every program has started (noticing it takes a cooperative thread)...
            let deadline = ContinuousClock.now + .seconds(60)
            while folder.names().filter({ $0.hasSuffix(".started") }).count < programs, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            // ...and a fresh task gets a thread while they all still run.
            await Task.detached {}.value
            let names = folder.names()
            #expect(names.filter { $0.hasSuffix(".started") }.count == programs, "\(names)")
            #expect(!names.contains { $0.hasSuffix(".ended") }, "a program had ended before a task could run beside them: \(names)")
            try await group.waitForAll()
        }
    }
}
