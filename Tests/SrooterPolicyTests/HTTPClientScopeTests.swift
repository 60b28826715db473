import AsyncHTTPClient
import Foundation
import Synchronization
import SrooterTestSupport
import Testing

/// `HTTPClient.withClient` shuts its client down also when the test body throws: a client released
/// without `shutdown()` traps in debug builds and ends the whole test process (CI lost a full run
/// to it, one crash in place of one failed test).
@Suite struct HTTPClientScopeTests {
    struct Thrown: Error, Equatable {}

    @Test func aThrowingBodyStillShutsTheClientDown() async throws {
        let kept = Mutex<HTTPClient?>(nil)
        await #expect(throws: Thrown.self) {
            try await HTTPClient.withClient { client in
                kept.withLock { $0 = client }
                throw Thrown()
            }
        }
        let client = try #require(kept.withLock { $0 })
        // A second shutdown of a client already shut down is refused with this error.
        await #expect(throws: HTTPClientError.alreadyShutdown) { try await client.shutdown() }
    }

    @Test func theBodysValueIsReturned() async throws {
        let value = try await HTTPClient.withClient { _ in 42 }
        #expect(value == 42)
    }

    /// Every test's own client goes through the scope (the shared client needs no shutdown).
    @Test func noTestMakesAClientOutsideTheScope() throws {
        let tests = "\(PythonScript.packageRoot)/Tests"
        let files = try #require(FileManager.default.enumerator(atPath: tests)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        let offenders = try files.filter { file in
            let text = try String(contentsOfFile: "\(tests)/\(file)", encoding: .utf8)
            return file != "TestSupport/HTTPClientScope.swift" && text.contains("HTTPClient(" + "eventLoopGroupProvider")
        }
        #expect(files.count > 100)
        #expect(offenders.isEmpty, "make the client with HTTPClient.withClient: \(offenders)")
    }
}
