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
    }

    /// Results in the order of `files`.
    static func decode(_ files: [(name: String, bytes: [UInt8])]) -> [Result] {
        let slots = Slots(count: files.count)
        defer { slots.release() }
        let workers = max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8, files.count))
        files.withUnsafeBufferPointer { input in
            let shared = SharedInput(buffer: input)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let decoder = JSONDecoder()
                var index = worker
                while index < shared.buffer.count {
                    slots.store(decodeOne(shared.buffer[index].bytes, with: decoder), at: index)
                    index += workers
                }
            }
        }
        return slots.collect()
    }

    private static func decodeOne(_ bytes: [UInt8], with decoder: JSONDecoder) -> Result {
        do {
            return .success(try decoder.decode(OSVAdvisory.self, from: Data(bytes)))
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
