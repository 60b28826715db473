import Foundation
import SrooterTestSupport

/// A real `srooter serve` on a free loopback port, with its own database, optionally in front of
/// `RecordingUpstream` (a Python stand-in provider that logs what reaches it), for the promises
/// that only hold of the running gateway.
final class LiveGateway: @unchecked Sendable {
    let folder: String
    let config: String
    let port: Int
    private(set) var serve: BackgroundProcess?
    private(set) var upstream: BackgroundProcess?
    var serveLog: String { "\(folder)/serve.log" }

    /// - Parameter body: the configuration after `listen:` and `database:` (providers, models, timeouts...).
    init(configuration body: (_ upstreamPort: Int) -> String) throws {
        folder = NSTemporaryDirectory() + "srooter-live-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        port = LoopbackPort.free()
        config = "\(folder)/srooter.yaml"
        upstreamPort = LoopbackPort.free()
        try """
            listen: {host: 127.0.0.1, port: \(port)}
            database: \(folder)/srooter.db
            \(body(upstreamPort))
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    let upstreamPort: Int
    var upstreamLog: String { "\(folder)/upstream.jsonl" }

    /// Runs a `srooter` subcommand against this configuration; returns stdout, failing on a non-zero exit.
    @discardableResult
    func cli(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let result = try await CommandRunner.srooter(arguments + ["--config", config], environment: environment)
        guard result.status == 0 else { throw HarnessError(message: "srooter \(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func startUpstream() async throws {
        let script = "\(folder)/upstream.py"
        try RecordingUpstream.script.write(toFile: script, atomically: true, encoding: .utf8)
        upstream = try BackgroundProcess("/usr/bin/env", ["python3", script, "\(upstreamPort)", upstreamLog], log: "\(folder)/upstream.log")
        guard await LoopbackPort.waitUntilOpen(upstreamPort) else { throw HarnessError(message: "the upstream did not start") }
    }

    /// Starts `srooter serve --allow-unverified` and waits until it accepts connections.
    func startServe(environment: [String: String] = [:]) async throws {
        serve = try BackgroundProcess.srooter(
            ["serve", "--config", config, "--allow-unverified"], log: serveLog,
            environment: ["SROOTER_LOG_LEVEL": "warning"].merging(environment) { $1 })
        guard await LoopbackPort.waitUntilOpen(port) else {
            throw HarnessError(message: "serve did not start: \((try? String(contentsOfFile: serveLog, encoding: .utf8)) ?? "")")
        }
    }

    /// The upstream's log: one JSON object a line (`event`, and for requests `path` and `headers`).
    func upstreamEvents() -> [[String: Any]] {
        let text = (try? String(contentsOfFile: upstreamLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Waits (polling, at most `seconds`) until `condition` holds; returns whether it did.
    static func wait(seconds: Double = 10, until condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }

    /// SIGTERM (SIGKILL after 10 s) to one process; returns its exit status.
    @discardableResult
    static func stop(_ process: BackgroundProcess?) async -> Int32 {
        guard let process else { return -1 }
        return await process.stop()
    }

    /// A test that threw before stopping them: the processes get SIGTERM from their own deinit.
    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Whether something accepts a TCP connection on 127.0.0.1:`port` right now (one attempt).
func acceptsConnections(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}

/// A stand-in provider in Python (standard library only). It logs each request's path and
/// headers, answers Anthropic messages and OpenAI chat completions with its own rate-limit
/// headers (limit 1000), and for a prompt containing `slow-whole` sends a non-streaming body of
/// about 100 KB in 512-byte writes 50 ms apart (about 10 s), logging `head sent`, then
/// `completed`, or `cancelled` when srooter closes the connection first.
enum RecordingUpstream {
    static let script = #"""
        import json, signal, sys, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        PORT, LOG = int(sys.argv[1]), sys.argv[2]

        def log(entry):
            with open(LOG, "a", encoding="utf-8") as out:
                out.write(json.dumps(entry) + "\n")

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                body = json.loads(raw or b"{}")
                slow = b"slow-whole" in raw
                log({"event": "request", "path": self.path, "headers": [[n.lower(), v] for n, v in self.headers.items()]})
                usage_a = {"input_tokens": 3, "output_tokens": 1}
                if self.path.endswith("/chat/completions"):
                    reply = {"id": "chatcmpl-up", "object": "chat.completion", "created": 1, "model": body.get("model"),
                             "choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"}, "finish_reason": "stop"}],
                             "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}
                else:
                    reply = {"id": "msg_up", "type": "message", "role": "assistant", "model": body.get("model"),
                             "content": [{"type": "text", "text": "pong" + (" " * 100000 if slow else "")}],
                             "stop_reason": "end_turn", "stop_sequence": None, "usage": usage_a}
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.send_header("request-id", "req_upstream")
                self.send_header("anthropic-ratelimit-requests-limit", "1000")
                self.send_header("anthropic-ratelimit-requests-remaining", "999")
                self.send_header("anthropic-ratelimit-tokens-limit", "80000")
                self.send_header("x-ratelimit-limit-requests", "1000")
                self.send_header("x-ratelimit-remaining-requests", "999")
                self.end_headers()
                if not slow:
                    self.wfile.write(data)
                    return
                self.wfile.flush()
                log({"event": "head sent"})
                try:
                    for start in range(0, len(data), 512):
                        self.wfile.write(data[start:start + 512])
                        self.wfile.flush()
                        time.sleep(0.05)
                    log({"event": "completed"})
                except OSError:
                    log({"event": "cancelled"})

            def log_message(self, *args):
                pass

        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
        """#
}
