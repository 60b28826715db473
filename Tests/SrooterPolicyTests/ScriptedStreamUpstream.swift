import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A provider on 127.0.0.1 that answers each request with the first frames of a recorded
/// stream: the prompt says how many and what then (`srooter-cut K hangup`: stay silent, as a
/// provider still generating while the client hangs up; `srooter-cut K break`: close the
/// connection, a provider or network failure). The stream is chosen by the request path.
final class ScriptedStreamUpstream: Sendable {
    private let channel: any Channel
    let streams: [String: RecordedStream]

    init(port: Int, streams: [RecordedStream]) async throws {
        var byPath: [String: RecordedStream] = [:]
        for stream in streams { byPath[stream.path] = stream }
        let table = byPath
        self.streams = table
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(Exchange(streams: table)) }
            }
            .bind(host: "127.0.0.1", port: port).get()
    }

    func close() async { try? await channel.close() }

    private final class Exchange: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let streams: [String: RecordedStream]
        var buffer: [UInt8] = []

        init(streams: [String: RecordedStream]) { self.streams = streams }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            buffer.append(contentsOf: unwrapInboundIn(data).readableBytesView)
            guard let headEnd = buffer.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
            let head = String(decoding: buffer[..<headEnd.lowerBound], as: UTF8.self)
            let length = head.lowercased().split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            guard buffer.count >= headEnd.upperBound + length else { return }
            let body = String(decoding: buffer[headEnd.upperBound..<headEnd.upperBound + length], as: UTF8.self)
            buffer.removeAll()
            let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            guard let stream = streams[path], let marker = body.range(of: #"srooter-cut (\d+) (\w+)"#, options: .regularExpression) else {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")), promise: nil)
                return
            }
            let words = body[marker].split(separator: " ")
            let cut = Int(words[1]) ?? 0
            var out = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
            for frame in stream.frames.prefix(cut) { out += String(frame.utf8.count, radix: 16) + "\r\n" + frame + "\r\n" }
            if cut >= stream.frames.count { out += "0\r\n\r\n" }
            let written = context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: out)))
            if words[2] == "break" {
                let channel = context.channel
                written.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}
