import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A raw TCP server on 127.0.0.1 for `UpstreamClient` tests: it reads whole HTTP/1.1 requests
/// (head plus `content-length` body), notes how many socket reads each took, and answers as
/// the test's `respond` says.
final class ScriptedUpstream: Sendable {
    /// What to do with one request.
    enum Answer: Sendable {
        /// Write these byte strings, each in its own write, then keep the connection open.
        case write([String])
        /// Write the response head, then this many bytes of body in 64 KiB writes.
        case bulk(Int)
        /// Say nothing.
        case silence
    }

    struct Stats: Sendable {
        var connections = 0
        var requests: [(reads: Int, text: String)] = []
        var closed = 0
        var bulkWritten = 0
        var bulkDone = false
        /// Parts of `.write` answers the socket has taken.
        var partsWritten = 0
    }

    /// Waits (polling, at most 15 s) until `condition` holds for the stats; returns whether it did.
    func wait(until condition: @Sendable (Stats) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if stats.withLockedValue({ condition($0) }) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return stats.withLockedValue { condition($0) }
    }

    let port: Int
    private let channel: any Channel
    let stats: NIOLockedValueBox<Stats>

    /// - Parameter tls: serve HTTPS with this context.
    init(tls: NIOSSLContext? = nil, respond: @escaping @Sendable (String) -> Answer) async throws {
        let stats = NIOLockedValueBox(Stats())
        self.stats = stats
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if let tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.addHandler(Connection(stats: stats, respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    func close() async { try? await channel.close() }

    private final class Connection: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let stats: NIOLockedValueBox<Stats>
        let respond: @Sendable (String) -> Answer
        var buffer = ""
        var reads = 0

        init(stats: NIOLockedValueBox<Stats>, respond: @escaping @Sendable (String) -> Answer) {
            self.stats = stats
            self.respond = respond
        }

        func channelActive(context: ChannelHandlerContext) { stats.withLockedValue { $0.connections += 1 } }

        func channelInactive(context: ChannelHandlerContext) { stats.withLockedValue { $0.closed += 1 } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            buffer += String(buffer: unwrapInboundIn(data))
            reads += 1
            guard let headEnd = buffer.range(of: "\r\n\r\n") else { return }
            let head = buffer[..<headEnd.lowerBound].lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            guard buffer.utf8.count >= buffer[..<headEnd.upperBound].utf8.count + length else { return }
            let request = buffer
            let count = reads
            buffer = ""
            reads = 0
            stats.withLockedValue { $0.requests.append((count, request)) }
            switch respond(request) {
            case .write(let parts):
                let stats = self.stats
                for part in parts {
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: part))).whenSuccess { stats.withLockedValue { $0.partsWritten += 1 } }
                }
            case .bulk(let bytes):
                let head = "HTTP/1.1 200 OK\r\ncontent-length: \(bytes)\r\n\r\n"
                context.write(wrapOutboundOut(ByteBuffer(string: head)), promise: nil)
                let block = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 << 10)
                var left = bytes
                var last: EventLoopFuture<Void>?
                while left > 0 {
                    let part = block.getSlice(at: 0, length: min(left, block.readableBytes)) ?? block
                    left -= part.readableBytes
                    let size = part.readableBytes
                    let stats = self.stats
                    let written = context.writeAndFlush(wrapOutboundOut(part))
                    written.whenSuccess { stats.withLockedValue { $0.bulkWritten += size } }
                    last = written
                }
                let stats = self.stats
                last?.whenSuccess { stats.withLockedValue { $0.bulkDone = true } }
            case .silence:
                break
            }
        }
    }
}
