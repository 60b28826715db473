import NIOCore
import Testing
@testable import SrooterGateway

/// The connection flags of ``UpstreamFlow`` without a channel or a clock: times are deadlines
/// the test picks, and the expected answers follow from the rules in `UpstreamConnection`'s
/// documentation (reads stop while the relay is behind; the idle timeout counts from the last
/// byte, and not while reads are held for a slow client).
@Suite struct UpstreamFlowTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    @Test func aReadAskedForWhileHeldIsIssuedOnResume() {
        var flow = UpstreamFlow(now: start)
        let flowing = flow.read()
        #expect(flowing, "reads flow until held")
        let first = flow.hold()
        let second = flow.hold()
        #expect(first && !second, "only the first hold watches for the drain")
        let whileHeld = flow.read()
        #expect(!whileHeld && flow.readWanted, "a read asked for while held waits")
        let resumed = flow.resume(at: start + .seconds(3))
        #expect(resumed, "resuming issues the waiting read")
        #expect(!flow.readsHeld && !flow.readWanted && flow.lastActivity == start + .seconds(3))
        let again = flow.resume(at: start + .seconds(4))
        #expect(!again && flow.lastActivity == start + .seconds(3), "resuming reads that flow does nothing")
    }

    @Test func resumingWithoutAWaitingReadIssuesNone() {
        var flow = UpstreamFlow(now: start)
        _ = flow.hold()
        let resumed = flow.resume(at: start + .seconds(1))
        let next = flow.read()
        #expect(!resumed && next)
    }

    @Test func theIdleTimeoutCountsFromTheLastByte() {
        let timeout = TimeAmount.seconds(10)
        var flow = UpstreamFlow(now: start)
        #expect(flow.idle(timeout: timeout, now: start + .seconds(4)) == .checkAgain(at: start + .seconds(10)))
        flow.heard(at: start + .seconds(8))
        #expect(flow.idle(timeout: timeout, now: start + .seconds(10)) == .checkAgain(at: start + .seconds(18)))
        #expect(flow.idle(timeout: timeout, now: start + .seconds(18)) == .timedOut)
        #expect(flow.idle(timeout: timeout, now: start + .seconds(30)) == .timedOut)
    }

    @Test func heldReadsAreNotTheProvidersSilence() {
        let timeout = TimeAmount.seconds(10)
        var flow = UpstreamFlow(now: start)
        _ = flow.hold()
        // Long past the timeout, the timer looks again a tenth of the timeout later.
        #expect(flow.idle(timeout: timeout, now: start + .seconds(60)) == .checkAgain(at: start + .seconds(61)))
        // Resuming counts as activity: the timeout starts again from there.
        _ = flow.resume(at: start + .seconds(60))
        #expect(flow.idle(timeout: timeout, now: start + .seconds(65)) == .checkAgain(at: start + .seconds(70)))
        #expect(flow.idle(timeout: timeout, now: start + .seconds(70)) == .timedOut)
    }
}
