import Dispatch
import Synchronization

/// Runs two blocking jobs at once (say, two programs srooter waits on) without Swift
/// concurrency's cooperative pool, which blocking calls must stay off.
public enum Concurrently {
    /// Runs `background` on a Dispatch worker while `foreground` runs on the calling thread, and
    /// returns both results once both are done.
    public static func run<A: Sendable, B, Failure: Error>(
        _ background: @escaping @Sendable () throws(Failure) -> A,
        _ foreground: () throws(Failure) -> B
    ) throws(Failure) -> (A, B) {
        let slot = Slot<Result<A, Failure>>()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let result: Result<A, Failure>
            do throws(Failure) { result = .success(try background()) } catch { result = .failure(error) }
            slot.value.withLock { $0 = result }
            done.signal()
        }
        let foregroundResult: Result<B, Failure>
        do throws(Failure) { foregroundResult = .success(try foreground()) } catch { foregroundResult = .failure(error) }
        done.wait()
        guard let backgroundResult = slot.value.withLock({ $0 }) else { preconditionFailure("background job left no result") }
        return (try backgroundResult.get(), try foregroundResult.get())
    }

    private final class Slot<Value: Sendable>: Sendable {
        let value = Mutex<Value?>(nil)
    }
}
