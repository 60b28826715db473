import HTTPTypes
import Hummingbird
import NIOCore

extension Pipeline {
    /// The model-call endpoints under `/v1`, with the wire each speaks.
    static let wires: [(path: String, surface: Surface)] = [
        ("messages", .anthropicMessages), ("messages/count_tokens", .anthropicCountTokens),
        ("chat/completions", .openAIChat), ("responses", .openAIResponses),
    ]

    /// Adds the gateway's endpoints to a router: `/v1/*` behind ``Authenticate``, with
    /// `POST /v1/srooter/feedback` when `feedback` is given.
    func addRoutes(to router: Router<GatewayRequestContext>, ready: @escaping @Sendable () -> Bool, feedback: FeedbackRoute? = nil) {
        let v1 = router.group("/v1").add(middleware: authentication(other: Self.modelsUnauthenticated) { request in
            Self.wires.first { "/v1/" + $0.path == request.uri.path }?.surface
        })
        for (path, surface) in Self.wires {
            v1.post(RouterPath(stringLiteral: path)) { request, context in
                guard let caller = context.caller else { return await self.handle(request, surface: surface, connection: context.connection) }
                return await self.handle(request, surface: surface, caller: caller, connection: context.connection)
            }
        }
        if let feedback {
            v1.post("srooter/feedback") { request, context in
                guard let caller = context.caller else { return Self.modelsUnauthenticated(request) }
                return await feedback.serve(request, caller: caller.principal)
            }
        }
        v1.get("models") { request, context in
            guard let caller = context.caller else { return Self.modelsUnauthenticated(request) }
            return self.models(request, principal: caller.principal)
        }
        router.head("/") { _, _ in Response(status: .ok) }
        router.get("/healthz") { _, _ in Self.json(.ok, #"{"status":"ok"}"#) }
        router.get("/readyz") { _, _ in
            ready() ? Self.json(.ok, #"{"status":"ready"}"#) : Self.json(.serviceUnavailable, #"{"status":"starting"}"#)
        }
    }

    private static let anthropicVersion = HTTPField.Name("anthropic-version")

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The wire a `/v1/models` caller speaks: Anthropic's when it sends `anthropic-version`.
    static func modelsSurface(_ request: Request) -> Surface {
        let anthropicClient = anthropicVersion.map { request.headers[$0] != nil } ?? false
        return anthropicClient ? .anthropicMessages : .openAIChat
    }

    /// `GET /v1/models` without a known key (not a model call, so not audited).
    @Sendable static func modelsUnauthenticated(_ request: Request) -> Response {
        Response(
            status: .unauthorized, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: modelsSurface(request).errorBody(status: 401, message: "srooter: missing or unknown access key"))))
    }

    /// The models and routes the caller may use, in one body both wires' SDKs accept (OpenAI's
    /// `object`, `created`, `owned_by` and Anthropic's `type`, `display_name`, `created_at`, paging
    /// fields). A route is listed when the caller's allowlist allows its name and at least one of
    /// its candidates (a route whose every candidate is denied would answer 403).
    func models(_ request: Request, principal: Principal) -> Response {
        let routes = config.routes.routes.values.filter { route in
            allowed(route.name, principal) && config.routes.models(of: route).contains { config.models[$0] != nil && allowed($0, principal) }
        }.map(\.name)
        let names = (config.models.keys.filter { allowed($0, principal) } + routes).sorted()  // issue 8: only allowed models
        var items: [String] = []
        for name in names {
            var quoted: [UInt8] = []
            CanonicalJSON.writeString(name, into: &quoted)
            let id = String(decoding: quoted, as: UTF8.self)
            items.append(#"{"id":\#(id),"object":"model","created":0,"owned_by":"srooter","type":"model","display_name":\#(id),"created_at":"1970-01-01T00:00:00Z"}"#)
        }
        func quote(_ name: String?) -> String {
            guard let name else { return "null" }
            var out: [UInt8] = []
            CanonicalJSON.writeString(name, into: &out)
            return String(decoding: out, as: UTF8.self)
        }
        let body = #"{"object":"list","data":[\#(items.joined(separator: ","))],"has_more":false,"first_id":\#(quote(names.first)),"last_id":\#(quote(names.last))}"#
        return Self.json(.ok, body)
    }
}
