import NIOCore

/// The `mock` provider kind without a base URL: the mock's canned replies made in process, so
/// `make run` works with no provider key and no second process.
public struct MockProvider: Provider {
    public let config: ProviderConfig

    public init(config: ProviderConfig) { self.config = config }

    public func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let script = MockScript.make(surface: request.surface, body: request.body)
        if script.headDelayMs > 0 {
            do { try await Task.sleep(for: .milliseconds(script.headDelayMs)) } catch { throw .cancelled }
        }
        let source = UpstreamBodySource()
        let task = Task {
            for (index, chunk) in script.chunks.enumerated() {
                if let failAfter = script.failAfter, index == failAfter {
                    source.finish(.unreachable("the mock broke the stream"))
                    return
                }
                if chunk.pauseMs > 0 {
                    do { try await Task.sleep(for: .milliseconds(chunk.pauseMs)) } catch { return }
                }
                _ = source.put(ByteBuffer(bytes: chunk.bytes))
            }
            source.finish(nil)
        }
        source.whenCancelled { task.cancel() }
        return UpstreamResponse(status: script.status, contentType: script.contentType, headers: [], body: UpstreamBody(source))
    }
}
