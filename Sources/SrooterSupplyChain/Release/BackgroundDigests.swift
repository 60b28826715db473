import Dispatch

/// Computes ``FileDigests`` on a Dispatch worker while the caller keeps decompressing, so
/// verifying a large entry costs about the longer of inflating and hashing, not their sum.
/// At most `depth` chunk copies are in flight, so memory stays bounded.
///
/// `@unchecked Sendable`: `hasher` is only touched on the serial `queue`.
final class BackgroundDigests: @unchecked Sendable {
    private let queue = DispatchQueue(label: "srooter.release.digests")
    private let slots: DispatchSemaphore
    private var hasher: FileDigests.Hasher? = FileDigests.Hasher()

    init(depth: Int = 8) {
        slots = DispatchSemaphore(value: depth)
    }

    /// Queues a copy of `chunk` for hashing; blocks while `depth` chunks are already queued.
    func feed(_ chunk: UnsafeRawBufferPointer) {
        slots.wait()
        let copy = [UInt8](chunk)
        queue.async { [self] in
            copy.withUnsafeBytes { hasher?.update($0) }
            slots.signal()
        }
    }

    /// Waits for every queued chunk and returns the digests.
    func finish() -> FileDigests {
        queue.sync { hasher.take()?.finish() ?? FileDigests() }
    }
}
