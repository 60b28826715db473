import HTTPTypes
import Hummingbird
import NIOCore
import SrooterAudit
import SrooterStore

extension GatewaySecurity {
    /// `GET /admin/audit?since=&until=&user=&format=jsonl|csv`: the audit export, streamed page by
    /// page, for the admin key only (`Authorization: Bearer` or `x-srooter-admin-key`). Issue 8
    /// brings admin and auditor roles; until then, the admin key from the config.
    func addAdminRoutes(to router: Router<GatewayRequestContext>) {
        router.group("/admin/audit").add(middleware: Authenticate(identify: { self.administrator($0) }) { _ in
            Self.error(.unauthorized, "srooter: /admin needs the admin key (admin.key in the config) as Authorization: Bearer")
        }).get { request, _ in self.export(request) }
    }

    /// The export, for a caller ``Authenticate`` has resolved to the admin key.
    func export(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        let formatText = query["format"].map(String.init) ?? "jsonl"
        guard let format = ExportFormat(rawValue: formatText) else {
            return Self.error(.badRequest, "srooter: format must be jsonl or csv")
        }
        var bounds: [String?] = []
        for name: Substring in ["since", "until"] {
            guard let text = query[name].map(String.init) else { bounds.append(nil); continue }
            guard let seconds = Timestamp.parse(text) else {
                return Self.error(.badRequest, "srooter: \(name) must be an RFC 3339 time such as 2026-11-20 or 2026-11-20T10:00:00Z")
            }
            bounds.append(Timestamp.format(seconds: seconds, milliseconds: 0))
        }
        let exporter = AuditExporter(log: log, format: format, since: bounds[0], until: bounds[1], user: query["user"].map(String.init))
        var headers = HTTPFields()
        headers[.contentType] = format == .jsonl ? "application/x-ndjson" : "text/csv"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await exporter.stream { text in try await writer.write(ByteBuffer(string: text)) }
            try await writer.finish(nil)
        })
    }

    private static let adminKeyName = HTTPField.Name("x-srooter-admin-key")

    static func adminKey(_ headers: HTTPFields) -> String? {
        if let name = adminKeyName, let value = headers[name] { return value }
        guard let authorization = headers[.authorization], authorization.hasPrefix("Bearer ") else { return nil }
        return String(authorization.dropFirst(7))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var quoted: [UInt8] = []
        CanonicalJSON.writeString(message, into: &quoted)
        let body = #"{"error":{"type":"srooter_error","message":\#(String(decoding: quoted, as: UTF8.self))}}"#
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
