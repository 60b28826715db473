import Dispatch
import Glibc

/// Reads a file on a second thread into a small ring of buffers while the caller hashes the
/// previous ones, so the kernel's copy and the hashing overlap on two cores. Memory stays flat:
/// `slots` buffers of `FileReader.chunkSize` bytes, whatever the file's size.
///
/// `@unchecked Sendable`: the reader thread writes a slot and its count only between a `free`
/// wait and a `filled` signal, the caller reads them only between a `filled` wait and a `free`
/// signal; the semaphores order every access.
final class ReadAhead: @unchecked Sendable {
    private let fd: Int32
    private let buffers: [UnsafeMutableRawBufferPointer]
    private let counts: UnsafeMutableBufferPointer<Int>
    private let filled = DispatchSemaphore(value: 0)
    /// Created at 0 and signalled up: libdispatch traps when a semaphore is freed below the value
    /// it was created with, which a ring that stops mid-way would otherwise do.
    private let free = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(fd: Int32, slots: Int = 4) {
        self.fd = fd
        buffers = (0..<slots).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: FileReader.chunkSize, alignment: 64) }
        counts = .allocate(capacity: slots)
        counts.initialize(repeating: 0)
        for _ in 0..<slots { free.signal() }
    }

    deinit {
        buffers.forEach { $0.deallocate() }
        counts.deallocate()
    }

    /// Feeds every chunk to `body` in order; returns the `errno` of a failed read, or nil at the end.
    func run(_ body: (UnsafeRawBufferPointer) -> Void) -> Int32? {
        DispatchQueue.global().async { [self] in produce() }
        var index = 0
        var failure: Int32?
        while true {
            filled.wait()
            let slot = index % buffers.count
            let count = counts[slot]
            if count < 0 { failure = Int32(-count) }
            if count <= 0 { break }
            body(UnsafeRawBufferPointer(rebasing: buffers[slot][0..<count]))
            free.signal()
            index += 1
        }
        finished.wait()  // the reader has stopped touching the buffers
        return failure
    }

    private func produce() {
        var index = 0
        while true {
            free.wait()
            let slot = index % buffers.count
            var count: Int
            repeat { count = Glibc.read(fd, buffers[slot].baseAddress, buffers[slot].count) } while count < 0 && errno == EINTR
            counts[slot] = count < 0 ? -Int(errno) : count
            filled.signal()
            if count <= 0 { break }
            index += 1
        }
        finished.signal()
    }
}
