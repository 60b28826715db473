import AsyncHTTPClient
import Foundation
import NIOCore
import SrooterAudit
import SrooterTestSupport
import Synchronization
import Testing

/// Issue 7: a crash (`kill -9`) during load loses no acknowledged record. Clients count the
/// responses they received whole; after the crash and a restart, the database holds at least
/// that many served records of theirs, and the chain still verifies.
@Suite(.serialized) struct AuditCrashTests {
    /// One request: true when the whole response arrived with status 200 (a stream through `[DONE]`).
    static func exchange(_ client: HTTPClient, port: Int, key: String, stream: Bool, index: Int) async -> Bool {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "authorization", value: "Bearer \(key)")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"model":"gpt-test","stream":\#(stream),"messages":[{"role":"user","content":"crash \#(index)"}]}"#))
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            return response.status == .ok && (!stream || body.contains("data: [DONE]"))
        } catch {
            return false
        }
    }

    @Test func killNineLosesNoAcknowledgedRecord() async throws {
        let harness = try PolicyHarness()
        let key = try await harness.key(for: "crash")
        try await harness.start()
        defer { harness.terminate() }
        try await HTTPClient.withClient { client in
            let load = LoadState()
            let workers = Task {
                await withTaskGroup(of: Void.self) { group in
                    for worker in 0..<8 {
                        group.addTask {
                            var index = 0
                            while load.running.load(ordering: .relaxed) {
                                index += 1
                                if await Self.exchange(client, port: harness.port, key: key, stream: (worker + index) % 2 == 0, index: index) {
                                    load.acknowledged.add(1, ordering: .relaxed)
                                }
                            }
                        }
                    }
                }
            }
            // Kill mid-load once enough has been answered, however slow the machine is (in the full
            // suite, other tests' blocking subprocess calls can hold this process's two pool threads).
            let deadline = ContinuousClock.now + .seconds(300)
            while load.acknowledged.load(ordering: .relaxed) < 100, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            await harness.killServe()
            load.running.store(false, ordering: .relaxed)
            await workers.value
            let received = load.acknowledged.load(ordering: .relaxed)

            try await harness.startServe()  // recovers the WAL and carries on from the chain's tail
            await harness.stop()
            let records = try await AuditLog.reader(databasePath: "\(harness.folder)/srooter.db").latest(limit: 1_000_000)
            let served = records.filter { $0.user == "crash" && $0.status == 200 && $0.outcome == "ok" }.count
            print("kill -9 under load: \(received) responses received whole, \(served) served records after restart")
            #expect(received >= 100, "too little load to prove anything: \(received)")
            #expect(served >= received, "acknowledged \(received), recorded \(served)")
            let verify = try await CommandRunner.run(CommandRunner.srooter, ["audit", "verify", "--config", harness.config])
            #expect(verify.status == 0, "audit verify: \(verify.stdout) \(verify.stderr)")
        }
    }
}

/// What the load's workers share: whether to go on, and how many whole responses arrived.
final class LoadState: Sendable {
    let running = Atomic<Bool>(true)
    let acknowledged = Atomic<Int>(0)
}
