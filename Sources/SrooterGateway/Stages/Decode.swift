import HTTPTypes
import Hummingbird

extension Pipeline {
    /// The decode stage: collects the body (within `limits.max_body_bytes` and the bytes all
    /// requests may hold together) and reads it once.
    /// - Parameter held: the bytes counted against ``BodyMemory``, given back by the caller.
    func decode(
        _ body: RequestBody, surface: Surface, principal: Principal, credentials: PresentedCredentials, held: inout Int
    ) async throws(Refusal) -> GatewayRequest {
        let bytes: [UInt8]
        do {
            var buffer = try await bodies.collect(body, maxBytes: config.maxBodyBytes, held: &held)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch BodyMemory.Refusal.full {
            throw Refusal(status: 503, outcome: .overloaded,
                message: "srooter: the gateway holds too many request bodies in memory (limits.max_buffered_body_bytes); retry shortly",
                headers: [HTTPField(name: .retryAfter, value: "1")])
        } catch {
            throw Refusal(status: 413, outcome: .clientError, message: "srooter: the request body is larger than the limit of \(config.maxBodyBytes) bytes")
        }
        let summary: RequestSummary
        do {
            summary = try RequestSummary(body: bytes, surface: surface)
        } catch .malformed(let reason) {
            throw Refusal(status: 400, outcome: .clientError, message: "srooter: the body is not valid JSON: \(reason)")
        } catch .duplicate(let member) {
            throw Refusal(status: 400, outcome: .clientError, message: "srooter: the body has more than one \"\(member)\" member; send each member once")
        } catch {
            throw Refusal(status: 400, outcome: .clientError, message: "srooter: the body has no \"model\" field")
        }
        return GatewayRequest(surface: surface, principal: principal, bytes: bytes, summary: summary, clientCredential: credentials.clientCredential)
    }
}
