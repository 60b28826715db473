import HTTPTypes
import Hummingbird
import NIOCore

/// A request the gateway answers itself, before any upstream response: its status, audit
/// outcome, message and headers, rendered in the client's wire (``response(on:)``). Each stage
/// says what it refuses with; nothing picks a status from a message's text.
struct Refusal: Error, Sendable {
    var status: Int
    var outcome: Outcome
    var message: String
    var headers: [HTTPField] = []

    /// The error response in `surface`'s wire.
    func response(on surface: Surface) -> Response {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        return Response(
            status: HTTPResponse.Status(code: status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: surface.errorBody(status: status, message: message))))
    }

    /// An upstream failure met before anything was sent to the client.
    init(_ failure: UpstreamError) {
        self.init(status: failure.status, outcome: failure.outcome, message: failure.message)
    }

    init(status: Int, outcome: Outcome, message: String, headers: [HTTPField] = []) {
        self.status = status
        self.outcome = outcome
        self.message = message
        self.headers = headers
    }
}
