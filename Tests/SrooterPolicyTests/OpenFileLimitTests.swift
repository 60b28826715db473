import Foundation
import SrooterGateway
import SrooterTestSupport
import Testing

/// `serve` raises its open-file limit to the hard limit (started here at 256 soft, 4,096 hard, as
/// `prlimit` sets them), read back from the kernel's `/proc/PID/limits`, and warns when the hard
/// limit is short of what `limits.max_connections` needs.
@Suite struct OpenFileLimitTests {
    /// Starts serve under `prlimit`, reads its limits once it listens, stops it; returns the soft
    /// limit the kernel reports and serve's log.
    static func serve(maxConnections: Int?) async throws -> (soft: String, log: String) {
        let folder = TemporaryDirectory()
        let port = LoopbackPort.free()
        let config = folder.write("srooter.yaml", """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(folder.file("srooter.db"))
            \(maxConnections.map { "limits: {max_connections: \($0)}" } ?? "")
            providers:
              mock: {kind: mock}
            models:
              m: {provider: mock, upstream: m}
            """)
        let serve = try BackgroundProcess(
            "/usr/bin/prlimit", ["--nofile=256:4096", CommandRunner.srooter, "serve", "--config", config, "--allow-unverified"],
            log: folder.file("serve.log"))
        try #require(await LoopbackPort.waitUntilOpen(port), "serve did not start: \(serve.logText)")
        // prlimit runs the command in its own process (exec), so the pid is serve's.
        let limits = try String(contentsOfFile: "/proc/\(serve.process.processIdentifier)/limits", encoding: .utf8)
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let soft = line.split(separator: " ", omittingEmptySubsequences: true)[3]
        #expect(await serve.stopProblem() == nil)
        return (String(soft), serve.logText)
    }

    @Test func theSoftLimitIsRaisedToTheHardLimit() async throws {
        let (soft, log) = try await Self.serve(maxConnections: 100)
        #expect(soft == "4096")
        #expect(log.contains("open files: soft limit raised from 256 to 4096"), "\(log)")
        #expect(!log.contains("raise the hard limit"))
    }

    /// The default 4,096 connections need 2 × 4,096 + 64 + 256 = 8,512 descriptors.
    @Test func aHardLimitShortOfMaxConnectionsIsWarnedAbout() async throws {
        let (soft, log) = try await Self.serve(maxConnections: nil)
        #expect(soft == "4096")
        #expect(log.contains("this process may open 4096, and limits.max_connections 4096 needs about 8512"), "\(log)")
    }
}
