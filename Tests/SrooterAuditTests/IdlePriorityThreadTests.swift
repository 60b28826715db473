import Glibc
@testable import SrooterStore
import Synchronization
import Testing

/// The checkpointer's thread: jobs run in order, at nice 19, on a thread of their own.
@Suite struct IdlePriorityThreadTests {
    @Test func runsJobsInOrderAtTheLowestPriority() async {
        let thread = IdlePriorityThread()
        let seen = Mutex<[Int]>([])
        let niceness = Mutex<Set<Int32>>([])
        for index in 0..<50 {
            thread.async {
                seen.withLock { $0.append(index) }
                niceness.withLock { _ = $0.insert(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)) }
            }
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in thread.async { done.resume() } }
        #expect(seen.withLock { $0 } == Array(0..<50))
        #expect(niceness.withLock { $0 } == [19])
        // The test's own thread keeps its priority.
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == 0)
    }
}
