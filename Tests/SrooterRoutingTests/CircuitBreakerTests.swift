import SrooterRouting
import Synchronization
import Testing

/// The circuit breaker's state machine, on a clock moved by hand.
@Suite struct CircuitBreakerTests {
    let settings = BreakerSettings(failures: 3, windowSeconds: 10, cooldownSeconds: 30)

    @Test func opensAfterNFailuresWithinTheWindow() {
        var breaker = CircuitBreaker()
        breaker.failed(at: 0, settings)
        breaker.failed(at: 5, settings)
        let allowed1 = breaker.allows(at: 6, settings)
        #expect(breaker.state == .closed && allowed1)
        breaker.failed(at: 9, settings)
        #expect(breaker.state == .open(until: 39))
        let allowed2 = breaker.allows(at: 38.9, settings)
        #expect(!allowed2)
    }

    @Test func failuresOutsideTheWindowDoNotCount() {
        var breaker = CircuitBreaker()
        breaker.failed(at: 0, settings)
        breaker.failed(at: 5, settings)
        breaker.failed(at: 10.5, settings)  // the one at 0 is more than 10 s old
        #expect(breaker.state == .closed)
        breaker.failed(at: 12, settings)
        #expect(breaker.state == .open(until: 42))
    }

    @Test func halfOpenLetsOneProbeThrough() {
        var breaker = CircuitBreaker()
        for time in [0.0, 1, 2] { breaker.failed(at: time, settings) }
        let allowed3 = breaker.allows(at: 32, settings)
        #expect(allowed3, "the probe")
        #expect(breaker.state == .halfOpen(probeSince: 32))
        let allowed4 = breaker.allows(at: 33, settings)
        #expect(!allowed4, "only one probe at a time")
        breaker.succeeded(at: 34, settings)
        let allowed5 = breaker.allows(at: 34, settings)
        #expect(breaker.state == .closed && allowed5)
        // Closed again with no failures counted: it takes three more to open.
        breaker.failed(at: 35, settings)
        breaker.failed(at: 36, settings)
        #expect(breaker.state == .closed)
    }

    @Test func aFailedProbeOpensAgain() {
        var breaker = CircuitBreaker()
        for time in [0.0, 1, 2] { breaker.failed(at: time, settings) }
        let allowed6 = breaker.allows(at: 40, settings)
        #expect(allowed6)
        breaker.failed(at: 41, settings)
        #expect(breaker.state == .open(until: 71))
        let allowed7 = breaker.allows(at: 70, settings)
        let allowed8 = breaker.allows(at: 71, settings)
        #expect(!allowed7 && allowed8)
    }

    @Test func aProbeThatNeverReportsIsReplacedAfterACooldown() {
        var breaker = CircuitBreaker()
        for time in [0.0, 1, 2] { breaker.failed(at: time, settings) }
        let allowed9 = breaker.allows(at: 32, settings)
        #expect(allowed9)
        let allowed10 = breaker.allows(at: 61, settings)
        #expect(!allowed10)
        let allowed11 = breaker.allows(at: 62, settings)
        #expect(allowed11)
    }

    @Test func breakersArePerProvider() {
        let now = Mutex(0.0)
        let breakers = CircuitBreakers(clock: { now.withLock { $0 } })
        for _ in 0..<3 { breakers.failed("down", settings) }
        #expect(!breakers.allows("down", settings) && breakers.allows("up", settings))
        now.withLock { $0 = 30 }
        #expect(breakers.allows("down", settings) && breakers.state("down") == .halfOpen(probeSince: 30))
    }

    @Test func retryRule() {
        #expect([429, 500, 502, 503, 504, 529].allSatisfy(RetryRule.retries(status:)))
        #expect(![200, 400, 401, 403, 404, 413, 422].contains(where: RetryRule.retries(status:)))
        #expect(RetryRule.retryAfterSeconds(" 2 ") == 2 && RetryRule.retryAfterSeconds("0.5") == 0.5)
        #expect(RetryRule.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == nil && RetryRule.retryAfterSeconds("-1") == nil)
    }
}
