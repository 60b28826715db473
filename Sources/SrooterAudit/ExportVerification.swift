#if canImport(Glibc)
import Glibc
#endif

/// Verifies a JSONL export file, streaming it line by line (flat memory).
public enum ExportVerification {
    /// The report, and the scope and key the file's header claimed.
    public struct Result: Sendable {
        public var report: ChainReport
        public var scope: ChainVerifier.Scope
        public var fileKey: String?
    }

    /// Reads `path` and verifies it; `trustedKey` pins the audit public key (base64).
    public static func verify(path: String, trustedKey: String?) throws(AuditError) -> Result {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw AuditError.invalidInput("\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var verifier: ChainVerifier?
        var scope = ChainVerifier.Scope.complete
        var fileKey: String?
        var lineNumber = 0
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var finished = false
        while !finished {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw AuditError.invalidInput("\(path): \(String(cString: strerror(errno)))") }
            if count == 0 { finished = true } else { buffer += chunk[0..<count] }
            var start = 0
            while true {
                let newline = buffer[start...].firstIndex(of: 0x0A)
                guard let end = newline ?? (finished && start < buffer.count ? buffer.count : nil) else { break }
                lineNumber += 1
                let line = buffer[start..<end]
                start = end + 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
                switch try ExportLine.parse(line, number: lineNumber) {
                case .header(let claimed, let key):
                    guard verifier == nil else { throw AuditError.malformedExport(line: lineNumber, reason: "a second header") }
                    scope = claimed
                    fileKey = key
                    verifier = ChainVerifier(trustedKey: trustedKey, scope: scope)
                case .record(let entry):
                    if verifier == nil { verifier = ChainVerifier(trustedKey: trustedKey, scope: scope) }
                    verifier?.record(entry)
                case .checkpoint(let checkpoint):
                    if verifier == nil { verifier = ChainVerifier(trustedKey: trustedKey, scope: scope) }
                    verifier?.checkpoint(checkpoint)
                }
                if start >= buffer.count { break }
            }
            buffer.removeFirst(min(start, buffer.count))
        }
        var final = verifier ?? ChainVerifier(trustedKey: trustedKey, scope: scope)
        return Result(report: final.finish(), scope: scope, fileKey: fileKey)
    }
}
