import CEventLoopExecutor
import NIOCore
import NIOPosix

/// Runs Swift concurrency's global jobs on the NIO event loops that already carry the sockets.
///
/// Without it, every `await` between Hummingbird's handler, the upstream client and the relay hops
/// between NIO's threads and the cooperative pool; on a 2-core machine those hops were the
/// largest part of what the gateway added to a request. This is SwiftNIO's
/// `unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor`, reached through the
/// linker instead of `dlsym` so that it also works in the release binary (static Swift runtime).
/// Call it once, first thing in `serve`; blocking work stays on the store's own queue.
public enum EventLoopExecutor {
    private typealias EnqueueHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    /// Installs the hook; false when another one was installed first (then nothing changes).
    public static func install() -> Bool {
        let hook: EnqueueHook = { job, _ in
            // `any()` is sticky: from an event loop thread it returns that loop, so no hop.
            MultiThreadedEventLoopGroup.singleton.any().executor.enqueue(job)
        }
        return withUnsafeTemporaryAllocation(of: EnqueueHook.self, capacity: 1) { buffer -> Bool in
            guard let slot = buffer.baseAddress else { return false }
            slot.initialize(to: hook)
            return slot.withMemoryRebound(to: UnsafeRawPointer.self, capacity: 1) { pointer in
                srooter_install_global_enqueue_hook(UnsafeMutableRawPointer(mutating: pointer.pointee)) == 1
            }
        }
    }
}
