import Dispatch
import Glibc
import Synchronization

/// A thread of its own at the lowest CPU priority (nice 19) that runs jobs one after another.
///
/// Background copying (the WAL checkpointer) runs here so that, on a machine whose cores are
/// busy serving requests, the scheduler lets it wait instead of preempting an event loop
/// mid-request. The nice value belongs to this thread alone (Linux keeps it per thread) and is
/// never lowered again, which an unprivileged process could not do, so it cannot leak into a
/// shared pool thread. The thread ends when its owner goes away.
final class IdlePriorityThread: Sendable {
    private struct Jobs {
        var queue: [@Sendable () -> Void] = []
        var stopped = false
    }

    /// What the thread and its owner share; the thread holds it until it ends.
    private final class Shared: Sendable {
        let jobs = Mutex(Jobs())
        let wake = DispatchSemaphore(value: 0)

        func run() {
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            while true {
                wake.wait()
                let next = jobs.withLock { jobs -> (@Sendable () -> Void)? in
                    jobs.queue.isEmpty ? nil : jobs.queue.removeFirst()
                }
                guard let next else { return }  // woken with nothing queued: stopped
                next()
            }
        }
    }

    private let shared = Shared()

    init() {
        let context = Unmanaged.passRetained(shared).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<Shared>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        if created == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Shared>.fromOpaque(context).release()
            shared.jobs.withLock { $0.stopped = true }
        }
    }

    deinit {
        let running = shared.jobs.withLock { jobs -> Bool in
            defer { jobs.stopped = true }
            return !jobs.stopped
        }
        if running { shared.wake.signal() }
    }

    /// Runs `job` on the thread, after the jobs queued before it (on the caller's thread if the
    /// thread could not be started).
    func async(_ job: @escaping @Sendable () -> Void) {
        let queued = shared.jobs.withLock { jobs -> Bool in
            guard !jobs.stopped else { return false }
            jobs.queue.append(job)
            return true
        }
        if queued { shared.wake.signal() } else { job() }
    }
}
