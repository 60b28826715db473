import HTTPTypes
import Hummingbird
import NIOCore
import SrooterEncoding
import SrooterPolicy
import SrooterStore

/// `POST /v1/srooter/feedback {"request_id": "req_…", "score": 0.5}`: a client's or reviewer's
/// judgement of one answer, for `srooter router train --from-audit`. Authenticated with an access
/// key like every `/v1` call. The request must have been served through a trivial or learned
/// route (those whose features are stored) to a caller of the same org (or, for a user in no
/// org, to the same user); any other id, another org's included, is the same 404. `score` is a
/// number from -1 (the answer was unusable) to 1 (it was right); a later score replaces an
/// earlier one. Errors are in the OpenAI error shape. Every call is an audit record (surface
/// `feedback`: the scored request id and the score, never text).
struct FeedbackRoute: Sendable {
    let repository: any RoutingFeatureRepository
    /// Rows still queued are written before a lookup that found nothing is repeated.
    let writer: FeatureWriter
    let finish: Finish
    let directory: @Sendable () -> Directory?

    static let bodyLimit = 4096
    static let scores: ClosedRange<Double> = -1...1

    func serve(_ request: Request, caller: Principal) async -> Response {
        let start = ContinuousClock.now
        func finish(_ status: Int, _ note: String, _ message: String) async -> Response {
            await self.finish.deliver(EndpointCallOutcome(endpoint: .feedback, principal: caller, note: note, status: status, start: start))
            guard status != 200 else { return Pipeline.json(.ok, message) }
            return Response(
                status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: Surface.openAIChat.errorBody(status: status, message: message))))
        }
        var buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.bodyLimit)
        } catch {
            return await finish(413, "feedback refused: body over \(Self.bodyLimit) bytes", "srooter: the feedback body is larger than \(Self.bodyLimit) bytes")
        }
        let parsed: (requestID: String, score: Double)
        switch Self.parse(buffer.readBytes(length: buffer.readableBytes) ?? []) {
        case .failure(let problem): return await finish(400, "feedback refused: \(problem.note)", "srooter: \(problem.message)")
        case .success(let value): parsed = value
        }
        let scope = Pipeline.tenancy(of: caller, in: directory())
        let feedback = RoutingFeedback(score: parsed.score, timestamp: Timestamp.now(), user: caller.user)
        do {
            var found = try await repository.setRoutingFeedback(requestID: parsed.requestID, scope: scope, feedback: feedback)
            if !found {
                await writer.flush()
                found = try await repository.setRoutingFeedback(requestID: parsed.requestID, scope: scope, feedback: feedback)
            }
            guard found else {
                return await finish(404, "feedback refused: unknown request \(parsed.requestID)",
                    "srooter: no such request to give feedback on (feedback is taken for requests of your org served through a trivial or learned route)")
            }
        } catch {
            return await finish(500, "feedback refused: storage failed", "srooter: the feedback could not be stored; retry shortly")
        }
        var id: [UInt8] = []
        CanonicalJSON.writeString(parsed.requestID, into: &id)
        return await finish(200, "feedback \(parsed.requestID) score \(Self.format(parsed.score))",
            #"{"object":"srooter.feedback","request_id":\#(String(decoding: id, as: UTF8.self)),"score":\#(Self.format(parsed.score))}"#)
    }

    /// Why a body is refused: the client's message and the audit note.
    struct Problem: Error, Equatable {
        let message: String
        let note: String
    }

    /// The request id and score of a body: exactly the members `request_id` (`req_` and 24
    /// lower-case hex digits, as `x-srooter-request-id` shows it) and `score` (a number from -1 to 1).
    static func parse(_ bytes: [UInt8]) -> Result<(requestID: String, score: Double), Problem> {
        guard let root = try? JSONParser.parse(bytes), case .object(let members) = root.value else {
            return .failure(Problem(message: #"the body must be a JSON object {"request_id": "req_…", "score": -1 to 1}"#, note: "not a JSON object"))
        }
        var seen: Set<String> = []
        for member in members {
            guard seen.insert(member.key).inserted else {
                return .failure(Problem(message: "the body has more than one \"\(member.key)\" member", note: "duplicate member"))
            }
            guard member.key == "request_id" || member.key == "score" else {
                return .failure(Problem(message: "unknown member \"\(String(member.key.prefix(64)))\" (the body takes request_id and score)", note: "unknown member"))
            }
        }
        guard let requestID = root["request_id"]?.string, isRequestID(requestID) else {
            return .failure(Problem(message: "\"request_id\" must be a request id as x-srooter-request-id shows it (req_ and 24 hex digits)", note: "bad request_id"))
        }
        guard let node = root["score"], case .number(_, let score) = node.value, score.isFinite, scores.contains(score) else {
            return .failure(Problem(message: "\"score\" must be a number from -1 (unusable) to 1 (right)", note: "bad score"))
        }
        return .success((requestID, score))
    }

    static func isRequestID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 28 && text.hasPrefix("req_") && bytes.dropFirst(4).allSatisfy(Hex.isLowerHexDigit)
    }

    /// A score as JSON and in notes: the shortest text that reads back the same.
    static func format(_ score: Double) -> String {
        score.rounded() == score ? String(Int(score)) : String(score)
    }
}
