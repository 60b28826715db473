import HTTPTypes
import Hummingbird
import NIOCore

extension Pipeline {
    /// Adds the gateway's endpoints to a router.
    func addRoutes(to router: Router<GatewayRequestContext>, ready: @escaping @Sendable () -> Bool) {
        router.post("/v1/messages") { request, context in await self.handle(request, surface: .anthropicMessages, connection: context.connection) }
        router.post("/v1/messages/count_tokens") { request, context in await self.handle(request, surface: .anthropicCountTokens, connection: context.connection) }
        router.post("/v1/chat/completions") { request, context in await self.handle(request, surface: .openAIChat, connection: context.connection) }
        router.post("/v1/responses") { request, context in await self.handle(request, surface: .openAIResponses, connection: context.connection) }
        router.get("/v1/models") { request, _ in self.models(request) }
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

    /// The models the caller may use, in one body both wires' SDKs accept (OpenAI's `object`,
    /// `created`, `owned_by` and Anthropic's `type`, `display_name`, `created_at`, paging fields).
    func models(_ request: Request) -> Response {
        let anthropicClient = Self.anthropicVersion.map { request.headers[$0] != nil } ?? false
        let surface: Surface = anthropicClient ? .anthropicMessages : .openAIChat
        let credentials = PresentedCredentials(headers: request.headers)
        guard let key = credentials.srooterKey, let principal = keys.principal(for: key) else {
            return Response(
                status: .unauthorized, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: surface.errorBody(status: 401, message: "srooter: missing or unknown access key"))))
        }
        let names = config.models.keys.sorted().filter { allowed($0, principal) }  // issue 8: only allowed models
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
