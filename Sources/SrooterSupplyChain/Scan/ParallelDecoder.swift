#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Decodes a batch of advisory files on every core: JSON decoding dominates a scan's time.
enum ParallelDecoder {
    enum Result: Sendable {
        case success(OSVAdvisory)
        case failure(String)
        /// Well-formed JSON naming none of the relevant packages: not decoded.
        case irrelevant
    }

    /// Results in the order of `files`. With `relevant` names, a file is only checked for JSON
    /// syntax unless a `"name"` member in it is one of them (or is written with escapes).
    static func decode(_ files: [(name: String, bytes: [UInt8])], relevant: Set<String>? = nil) -> [Result] {
        let slots = Slots(count: files.count)
        defer { slots.release() }
        let workers = max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8, files.count))
        files.withUnsafeBufferPointer { input in
            let shared = SharedInput(buffer: input)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let decoder = JSONDecoder()
                var index = worker
                while index < shared.buffer.count {
                    let bytes = shared.buffer[index].bytes
                    if let relevant, let skip = screen(bytes, relevant: relevant) {
                        slots.store(skip, at: index)
                    } else {
                        slots.store(decodeOne(bytes, with: decoder), at: index)
                    }
                    index += workers
                }
            }
        }
        return slots.collect()
    }

    /// nil when the file must be decoded; otherwise why it need not be.
    private static func screen(_ bytes: [UInt8], relevant: Set<String>) -> Result? {
        var matches = false
        let valid = bytes.withUnsafeBytes { raw in
            JSONSyntaxScanner.scan(raw) { name in
                guard !matches else { return }
                guard let name else {
                    matches = true
                    return
                }
                let text = String(decoding: name, as: UTF8.self)
                matches = relevant.contains(text) || relevant.contains(PackageNames.swift(text))
            }
        }
        if !valid { return .failure("not valid JSON") }
        return matches ? nil : .irrelevant
    }

    private static func decodeOne(_ bytes: [UInt8], with decoder: JSONDecoder) -> Result {
        do {
            try StableJSON.refuseDuplicateKeys(bytes)
            return .success(try decoder.decode(OSVAdvisory.self, from: Data(bytes)))
        } catch let error as JSONCodingError {
            return .failure(error.reason)
        } catch let error as DecodingError {
            return .failure(describe(error))
        } catch {
            return .failure("\(error)")
        }
    }

    /// A short, one-line reason for a decoding failure.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "invalid value\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context): return "missing \(key.stringValue)\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected type\(path(context))"
        @unknown default: return "cannot decode"
        }
    }

    /// Result slots written by distinct workers at distinct indices, read after all finish.
    private final class Slots: @unchecked Sendable {
        private let pointer: UnsafeMutablePointer<Result?>
        private let count: Int

        init(count: Int) {
            self.count = count
            pointer = .allocate(capacity: max(count, 1))
            pointer.initialize(repeating: nil, count: count)
        }

        func store(_ result: Result, at index: Int) { pointer[index] = result }

        func collect() -> [Result] {
            (0..<count).map { pointer[$0] ?? .failure("not decoded") }
        }

        func release() {
            pointer.deinitialize(count: count)
            pointer.deallocate()
        }
    }

    private struct SharedInput: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<(name: String, bytes: [UInt8])>
    }
}
