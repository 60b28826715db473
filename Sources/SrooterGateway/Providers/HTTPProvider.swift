import NIOCore
import NIOHTTP1

/// A provider reached over HTTP(S): Anthropic, OpenAI, an OpenAI-compatible local server, or
/// `srooter mock-upstream`.
public struct HTTPProvider: Provider {
    public let config: ProviderConfig
    private let client: UpstreamClient
    private let origin: UpstreamOrigin
    private let secret: String?

    /// Nil when the base URL is not `http[s]://host[:port][/path]` (the config reader reports that first).
    /// - Parameters:
    ///   - secret: the credential read from the environment at start (nil for none or passthrough).
    public init?(config: ProviderConfig, client: UpstreamClient, secret: String?) {
        var base = config.baseURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/v1") { base.removeLast(3) }
        guard let origin = UpstreamOrigin(baseURL: base) else { return nil }
        self.config = config
        self.client = client
        self.origin = origin
        self.secret = secret
    }

    public func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        var headers = HTTPHeaders()
        headers.reserveCapacity(6 + request.forwardedHeaders.count)
        headers.add(name: "host", value: origin.hostHeader)
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(request.body.count))
        headers.add(name: "accept", value: request.stream ? "text/event-stream" : "application/json")
        for header in request.forwardedHeaders { headers.add(name: header.name, value: header.value) }
        switch (config.credential, request.clientCredential) {
        case (.environment, _), (.vault, _):
            if let secret { addCredential(secret, bearer: config.kind != .anthropic, to: &headers) }
        case (.passthrough, .bearer(let token)?):
            headers.add(name: "authorization", value: "Bearer \(token)")
        case (.passthrough, .apiKey(let key)?):
            addCredential(key, bearer: config.kind != .anthropic, to: &headers)
        case (.passthrough, nil):
            throw .missingClientCredential
        case (.none, _):
            break
        }
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: origin.pathPrefix + request.pathAndQuery, headers: headers)
        let (response, body) = try await client.send(to: origin, head: head, body: ByteBuffer(bytes: request.body), hangUp: request.hangUp)
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
            status: Int(response.status.code), contentType: response.headers.first(name: "content-type"), headers: passed, body: body)
    }

    private func addCredential(_ secret: String, bearer: Bool, to headers: inout HTTPHeaders) {
        if bearer { headers.add(name: "authorization", value: "Bearer \(secret)") } else { headers.add(name: "x-api-key", value: secret) }
    }
}
