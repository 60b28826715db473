import NIOCore
import NIOHTTP1
import NIOSSL

/// A request on its way upstream: same wire as the client, body already edited.
public struct UpstreamRequest: Sendable {
    public var surface: Surface
    /// Path and query as the client sent them (`/v1/messages?beta=true`).
    public var pathAndQuery: String
    public var body: [UInt8]
    /// Headers forwarded verbatim (`anthropic-version`, `anthropic-beta`, ...).
    public var forwardedHeaders: [(name: String, value: String)]
    /// The client's own provider credential (passthrough providers only): a bearer token or an API key.
    public var clientCredential: ClientCredential?
    /// Whether a stream was asked for.
    public var stream: Bool
    /// The client's hang-up, which ends the exchange (head or body) at once.
    public var hangUp: HangUp?
}

/// A provider credential the client brought along with its srooter key.
public enum ClientCredential: Sendable {
    case bearer(String)
    case apiKey(String)
}

/// A provider's answer: status, the headers worth passing on, and the body as it arrives.
public struct UpstreamResponse: Sendable {
    public var status: Int
    public var contentType: String?
    /// Extra headers passed back (request ids, rate-limit hints).
    public var headers: [(name: String, value: String)]
    public var body: UpstreamBody
}

/// Sends requests to one upstream.
public protocol Provider: Sendable {
    /// The provider's configuration.
    var config: ProviderConfig { get }
    /// Sends the request and returns once the response head has arrived.
    func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse
}

/// An upstream failure, mapped to what the client is told.
public enum UpstreamError: Error, Sendable, Equatable {
    case connectTimeout
    case idleTimeout
    case totalTimeout
    case unreachable(String)
    case missingClientCredential
    case cancelled

    /// The status the client gets when nothing has been sent yet (and a stream's error frame
    /// carries). A cancelled request's client is gone: its record says 504, as for a timeout,
    /// with the outcome `client_disconnected`.
    public var status: Int {
        switch self {
        case .connectTimeout, .idleTimeout, .totalTimeout, .cancelled: 504
        case .missingClientCredential: 401
        case .unreachable: 502
        }
    }

    /// A message safe for clients and logs (no content, no credentials).
    public var message: String {
        switch self {
        case .connectTimeout: "srooter: the upstream provider did not accept a connection in time"
        case .idleTimeout: "srooter: the upstream provider went silent for longer than the idle timeout"
        case .totalTimeout: "srooter: the upstream request took longer than the total timeout"
        case .unreachable(let reason): "srooter: the upstream provider could not be reached (\(reason))"
        case .missingClientCredential:
            "srooter: this model's provider uses passthrough; send your provider token as Authorization: Bearer and your srooter key as x-srooter-key"
        case .cancelled: "srooter: the request was cancelled"
        }
    }

    /// The audit outcome for this failure.
    public var outcome: Outcome {
        switch self {
        case .connectTimeout, .idleTimeout, .totalTimeout: .timeout
        case .cancelled: .clientDisconnected
        case .missingClientCredential: .clientError
        case .unreachable: .upstreamError
        }
    }

    /// Maps any error met on the way to and from the provider.
    static func from(_ error: any Error) -> UpstreamError {
        if let error = error as? UpstreamError { return error }
        if error is CancellationError { return .cancelled }
        if case ChannelError.connectTimeout = error { return .connectTimeout }
        if error is HTTPParserError { return .unreachable("the provider's response is not valid HTTP/1.1") }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            let untrusted = "\(error)".contains("CERTIFICATE_VERIFY_FAILED")
            return .unreachable(untrusted ? "TLS: the provider's certificate is not trusted or is not for its name" : "TLS handshake with the provider failed")
        }
        return .unreachable(String(describing: error))
    }
}
