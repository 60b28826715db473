import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A provider reached over HTTP(S) with AsyncHTTPClient: Anthropic, OpenAI, an
/// OpenAI-compatible local server, or `srooter mock-upstream`.
public struct HTTPProvider: Provider {
    public let config: ProviderConfig
    private let client: HTTPClient
    private let baseURL: String
    private let secret: String?
    private let totalTimeout: TimeAmount

    /// - Parameters:
    ///   - secret: the credential read from the environment at start (nil for none or passthrough).
    public init(config: ProviderConfig, client: HTTPClient, secret: String?, totalTimeout: Double) {
        self.config = config
        self.client = client
        var base = config.baseURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/v1") { base.removeLast(3) }
        self.baseURL = base
        self.secret = secret
        self.totalTimeout = .nanoseconds(Int64(totalTimeout * 1_000_000_000))
    }

    public func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        var outgoing = HTTPClientRequest(url: baseURL + request.pathAndQuery)
        outgoing.method = .POST
        outgoing.headers.add(name: "content-type", value: "application/json")
        outgoing.headers.add(name: "accept", value: request.stream ? "text/event-stream" : "application/json")
        for header in request.forwardedHeaders { outgoing.headers.add(name: header.name, value: header.value) }
        switch (config.credential, request.clientCredential) {
        case (.environment, _), (.vault, _):
            if let secret { addCredential(secret, bearer: config.kind != .anthropic, to: &outgoing.headers) }
        case (.passthrough, .bearer(let token)?):
            outgoing.headers.add(name: "authorization", value: "Bearer \(token)")
        case (.passthrough, .apiKey(let key)?):
            addCredential(key, bearer: config.kind != .anthropic, to: &outgoing.headers)
        case (.passthrough, nil):
            throw .missingClientCredential
        case (.none, _):
            break
        }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(outgoing, timeout: totalTimeout)
            var passed: [(name: String, value: String)] = []
            for (name, value) in response.headers {
                let lower = name.lowercased()
                if lower == "request-id" || lower == "x-request-id" || lower.hasPrefix("anthropic-ratelimit")
                    || lower.hasPrefix("x-ratelimit") || lower == "retry-after" || lower == "openai-processing-ms"
                {
                    passed.append((lower, value))
                }
            }
            return UpstreamResponse(
                status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                headers: passed, body: .http(response.body))
        } catch {
            throw UpstreamError.from(error)
        }
    }

    private func addCredential(_ secret: String, bearer: Bool, to headers: inout HTTPHeaders) {
        if bearer { headers.add(name: "authorization", value: "Bearer \(secret)") } else { headers.add(name: "x-api-key", value: secret) }
    }
}
