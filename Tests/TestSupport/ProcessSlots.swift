import Foundation

/// How many programs the tests run at once (eight a core): the rest wait their turn without holding
/// a thread. Since no test blocks a cooperative thread any more, nothing else bounds how many of the
/// parallel run's CLIs, SDK scripts and agents start together, and on two cores each of them would
/// slow to a crawl (and past its time limit). Servers the tests start (``BackgroundProcess``) take
/// no slot: the programs that hold one wait on them.
public actor ProcessSlots {
    public static let shared = ProcessSlots(count: 8 * max(1, ProcessInfo.processInfo.activeProcessorCount))

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(count: Int) { free = count }

    /// Runs `work` once one of `slots` is free, and frees it after.
    public static func run<T: Sendable>(in slots: ProcessSlots = shared, _ work: @Sendable () async throws -> T) async throws -> T {
        await slots.acquire()
        do {
            let result = try await work()
            await slots.release()
            return result
        } catch {
            await slots.release()
            throw error
        }
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
