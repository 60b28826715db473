#if canImport(Glibc)
import Glibc
#endif

/// Verifies a JSONL export file, streaming it in large chunks (flat memory).
///
/// Record lines as `audit export` writes them are hashed straight from their bytes
/// (``CanonicalRecordLine``); any other line, including every edited one, is parsed in full
/// (``ExportLine``), so problems are reported exactly as the parser finds them.
public enum ExportVerification {
    /// The report, and the scope and key the file's header claimed.
    public struct Result: Sendable {
        public var report: ChainReport
        public var scope: ChainVerifier.Scope
        public var fileKey: String?
    }

    /// Bytes read at a time; a longer line grows the buffer.
    static let defaultChunkSize = 1 << 20

    /// Reads `path` and verifies it; `trustedKey` pins the audit public key (base64).
    public static func verify(path: String, trustedKey: String?) throws(AuditError) -> Result {
        try verify(path: path, trustedKey: trustedKey, chunkSize: defaultChunkSize)
    }

    /// `verify`, reading `chunkSize` bytes at first (tests split lines across reads with small ones).
    static func verify(path: String, trustedKey: String?, chunkSize: Int) throws(AuditError) -> Result {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw AuditError.invalidInput("\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var state = State(trustedKey: trustedKey)
        var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, chunkSize))
        defer { buffer.deallocate() }
        var filled = 0
        var finished = false
        while !finished {
            if filled == buffer.count {
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                _ = larger.initialize(fromContentsOf: buffer)
                buffer.deallocate()
                buffer = larger
            }
            var count: Int
            repeat { count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled) } while count < 0 && errno == EINTR
            guard count >= 0 else { throw AuditError.invalidInput("\(path): \(String(cString: strerror(errno)))") }
            finished = count == 0
            filled += count
            let base = buffer.baseAddress!
            var start = 0
            while start < filled {
                let end: Int
                if let newline = memchr(base + start, 0x0A, filled - start) {
                    end = UnsafeRawPointer(newline).assumingMemoryBound(to: UInt8.self) - UnsafePointer(base)
                } else if finished {
                    end = filled
                } else {
                    break
                }
                try state.line(UnsafeBufferPointer(start: base + start, count: end - start))
                start = end + 1
            }
            if start >= filled {
                filled = 0
            } else if start > 0 {
                memmove(base, base + start, filled - start)
                filled -= start
            }
        }
        return state.result()
    }

    /// The verifier and what the header said, fed line by line.
    private struct State {
        let trustedKey: String?
        /// Made again for the header's scope; not optional, so feeding it never copies it.
        var verifier: ChainVerifier
        /// Whether a header, record or checkpoint has been fed (a header must come first).
        var started = false
        var scope = ChainVerifier.Scope.complete
        var fileKey: String?
        var lineNumber = 0

        init(trustedKey: String?) {
            self.trustedKey = trustedKey
            verifier = ChainVerifier(trustedKey: trustedKey, scope: scope)
        }

        mutating func line(_ line: UnsafeBufferPointer<UInt8>) throws(AuditError) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { return }
            if let entry = CanonicalRecordLine.verified(line) {
                started = true
                verifier.record(seq: entry.seq, prevHash: entry.prevHash, verifiedHash: entry.hash)
                return
            }
            switch try ExportLine.parse(line, number: lineNumber) {
            case .header(let claimed, let key):
                guard !started else { throw AuditError.malformedExport(line: lineNumber, reason: "a second header") }
                scope = claimed
                fileKey = key
                verifier = ChainVerifier(trustedKey: trustedKey, scope: scope)
            case .record(let entry):
                verifier.record(entry)
            case .checkpoint(let checkpoint):
                verifier.checkpoint(checkpoint)
            }
            started = true
        }

        mutating func result() -> Result {
            Result(report: verifier.finish(), scope: scope, fileKey: fileKey)
        }
    }
}
