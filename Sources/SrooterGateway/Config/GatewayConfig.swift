import SrooterRouting
import SrooterWire

/// What `srooter serve` runs with, read from `srooter.yaml` by `ConfigLoader`.
public struct GatewayConfig: Sendable {
    /// Where to listen (default 127.0.0.1:4000).
    public var host = "127.0.0.1"
    public var port = 4000
    /// PEM certificate chain and private key; HTTPS when both are set.
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// The SQLite database (default `./data/srooter.db`).
    public var databasePath = "./data/srooter.db"
    /// Request bodies over this many bytes get 413.
    public var maxBodyBytes = 32 << 20
    /// Client connection limits (`limits:` besides `max_body_bytes`).
    public var connections = ConnectionLimits()
    public var timeouts = Timeouts()
    /// Upstream providers by name.
    public var providers: [String: ProviderConfig] = [:]
    /// Public model names and where they go.
    public var models: [String: ModelConfig] = [:]
    /// Public model names served by one of several models (`routes:`, issue 20).
    public var routes = RoutingTable()
    /// The operator's folder of trusted release keys for the self-check before serving
    /// (`trust_dir:`); nil uses the one pinned at install, else `/etc/srooter/keys`.
    public var trustDir: String?
    /// Audit trail, vault and admin settings (issue 7).
    public var security = SecurityConfig()

    public init() {}

    /// Upstream and shutdown time limits, in seconds.
    public struct Timeouts: Sendable, Equatable {
        /// Establishing the upstream connection.
        public var connect: Double = 10
        /// The longest silence from upstream while waiting for the head or between stream reads.
        public var idle: Double = 120
        /// A whole upstream exchange.
        public var total: Double = 900
        /// How long SIGTERM waits for in-flight streams before cutting them.
        public var drain: Double = 30
        public init() {}
    }
}

/// What client connections may hold: time, sockets and memory. The defaults suit coding agents
/// behind the gateway: a request head arrives at once, a stream is never idle however long it
/// runs (only the client's side is timed), and an agent keeps its connection between turns.
public struct ConnectionLimits: Sendable, Equatable {
    /// Open client connections served normally. Past it, up to `overflowConnections` more are
    /// accepted and answered only `GET /healthz` (anything else 503); past those, closed at once.
    public var maxConnections = 4096
    /// A connection must send a whole request head within this after it opens.
    public var headerSeconds: Double = 30
    /// A keep-alive connection may wait this long after a response for its next request head.
    public var keepAliveSeconds: Double = 120
    /// After `headerSeconds` of reading a body, it must have arrived at this average rate or the
    /// connection is closed.
    public var minBodyBytesPerSecond: Double = 1024
    /// Request bodies and buffered upstream bodies held in memory at once, all requests together;
    /// past it, 503 (or an error event in a stream).
    public var maxBufferedBodyBytes = 256 << 20
    /// Connections accepted past `maxConnections` to answer health checks and say 503.
    public static let overflowConnections = 64

    public init() {}
}

/// One upstream provider.
public struct ProviderConfig: Sendable, Equatable {
    /// What the provider speaks.
    public enum Kind: String, Sendable, CaseIterable {
        case anthropic
        case openai
        case openAICompatible = "openai-compatible"
        case mock

        /// The wires a provider of this kind speaks (a request on another wire is translated; local
        /// servers speak Chat Completions only).
        public var wires: Set<Wire> {
            switch self {
            case .anthropic: [.anthropic]
            case .openai: [.openAIChat, .openAIResponses]
            case .openAICompatible: [.openAIChat]
            case .mock: Set(Wire.allCases)
            }
        }
    }

    /// Where the upstream credential comes from.
    public enum Credential: Sendable, Equatable {
        /// None (mock, local servers).
        case none
        /// The value of an environment variable, read at start.
        case environment(name: String)
        /// The client's own bearer (for example an Anthropic OAuth token), forwarded and never stored.
        case passthrough
        /// A credential in srooter's encrypted vault (`srooter credentials add NAME`), decrypted at start.
        case vault(name: String)
    }

    public var name: String
    public var kind: Kind
    /// Scheme, host and port (a trailing `/v1` is dropped; the client's path is appended). Nil for the in-process mock.
    public var baseURL: String?
    public var credential: Credential

    public init(name: String, kind: Kind, baseURL: String?, credential: Credential) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.credential = credential
    }
}

/// A public model name: its provider, the provider's id for it, and prices.
public struct ModelConfig: Sendable, Equatable {
    public var name: String
    public var provider: String
    /// The model id sent upstream (defaults to the public name).
    public var upstreamModel: String
    public var prices: Prices

    public init(name: String, provider: String, upstreamModel: String, prices: Prices) {
        self.name = name
        self.provider = provider
        self.upstreamModel = upstreamModel
        self.prices = prices
    }

    /// US dollars per million tokens.
    public struct Prices: Sendable, Equatable {
        public var input: Double = 0
        public var output: Double = 0
        public var cacheRead: Double = 0
        public var cacheWrite: Double = 0
        public init(input: Double = 0, output: Double = 0, cacheRead: Double = 0, cacheWrite: Double = 0) {
            self.input = input
            self.output = output
            self.cacheRead = cacheRead
            self.cacheWrite = cacheWrite
        }

        /// The cost of `usage` in US dollars.
        public func cost(of usage: Usage) -> Double {
            (Double(usage.inputTokens) * input + Double(usage.outputTokens) * output
                + Double(usage.cacheReadTokens) * cacheRead + Double(usage.cacheWriteTokens) * cacheWrite) / 1_000_000
        }
    }
}
