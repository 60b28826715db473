import FoundationEssentials
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SrooterCortex
import SrooterEncoding
import SrooterPolicy
import SrooterStore
import Synchronization

/// Cortex over MCP at `/mcp` (issue 21): the Streamable HTTP transport's JSON-RPC, answered with
/// single JSON responses (no SSE stream, no session), authenticated with the caller's access key
/// and limited to the repositories of the caller's teams. Every call is an audit record (surface
/// `mcp`: method, tool and repository; never the arguments or the answer).
///
/// The JSON-RPC is written here rather than with modelcontextprotocol/swift-sdk 0.12.1: that SDK's
/// `StatelessHTTPServerTransport` keys requests in flight by their JSON-RPC id across every client
/// (two callers sending id 1 at once would get each other's answers) and its `Server` refuses a
/// second `initialize`, so one shared instance cannot serve many tenants safely, and one per HTTP
/// request would cost a server, a transport and their tasks for four stateless tools.
struct CortexMCPRoute: Sendable {
    let store: any CortexGraphRepository
    let keys: KeyRing
    let engine: PolicyEngine
    /// Where each call's record goes (``EndpointCallOutcome``).
    let finish: Finish
    private let graphs = GraphCache()

    init(store: any CortexGraphRepository, keys: KeyRing, engine: PolicyEngine, audit: AuditWriter) {
        self.store = store
        self.keys = keys
        self.engine = engine
        finish = Finish(audit: audit)
    }

    static let protocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    static let bodyLimit = 1 << 20

    func addRoutes(to router: Router<GatewayRequestContext>) {
        let unauthenticated = Self.reply(.unauthorized, Self.error(id: nil, code: -32001, "srooter: missing or unknown access key (send it as Authorization: Bearer)"))
        router.group("/mcp").add(middleware: Authenticate(identify: { [keys] in keys.caller($0) }) { _ in unauthenticated })
            .post { request, context in
                guard let caller = context.caller else { return unauthenticated }
                return await self.serve(request, caller: caller.principal)
            }
        router.get("/mcp") { _, _ in Self.status(.methodNotAllowed, allow: true) }
        router.delete("/mcp") { _, _ in Self.status(.methodNotAllowed, allow: true) }
    }

    private func serve(_ request: Request, caller: Principal) async -> Response {
        let start = ContinuousClock.now
        if let origin = request.headers[.origin], !Self.sameHost(origin: origin, host: request.head.authority) {
            return Self.reply(.forbidden, Self.error(id: nil, code: -32600, "srooter: Origin \(origin) is not this server (DNS rebinding defence)"))
        }
        let body: Data
        do {
            var buffer = try await request.body.collect(upTo: Self.bodyLimit)
            body = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch {
            return Self.reply(.contentTooLarge, Self.error(id: nil, code: -32600, "srooter: the body is larger than 1 MiB"))
        }
        guard let message = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let method = message["method"] as? String else {
            return Self.reply(.badRequest, Self.error(id: nil, code: -32700, "srooter: the body is not one JSON-RPC request object"))
        }
        guard let id = message["id"], !(id is NSNull) else {
            return Response(status: .accepted)  // a notification (notifications/initialized, cancelled): nothing to answer
        }
        var note = "mcp \(method)"
        var status = 200
        let answer: [String: Any]
        switch method {
        case "initialize":
            let asked = (message["params"] as? [String: Any])?["protocolVersion"] as? String
            let version = asked.flatMap { Self.protocolVersions.contains($0) ? $0 : nil } ?? Self.protocolVersions[0]
            answer = Self.result(id: id, [
                "protocolVersion": version,
                "capabilities": ["tools": ["listChanged": false]],
                "serverInfo": ["name": "srooter-cortex", "version": "1"],
                "instructions": "Cortex: where symbols are declared and what depends on what, in repositories of your teams. Names and line numbers only.",
            ])
        case "ping":
            answer = Self.result(id: id, [:])
        case "tools/list":
            answer = Self.result(id: id, ["tools": CortexTools.definitions])
        case "tools/call":
            let params = message["params"] as? [String: Any] ?? [:]
            let tool = params["name"] as? String ?? ""
            let arguments = params["arguments"] as? [String: Any] ?? [:]
            let repository = arguments["repo"] as? String ?? ""
            note += " \(CortexTools.names.contains(tool) ? tool : "unknown") repo:\(repository)"
            let outcome = await call(tool, arguments: arguments, repository: repository, caller: caller)
            if outcome.isError { status = 400 }
            answer = Self.result(id: id, ["content": [["type": "text", "text": outcome.text]], "isError": outcome.isError])
        default:
            status = 404
            answer = Self.error(id: id, code: -32601, "srooter: method \(method) is not supported (tools only)")
        }
        await finish.deliver(EndpointCallOutcome(endpoint: .mcp, principal: caller, note: note, status: status, start: start))
        return Self.reply(.ok, answer)
    }

    /// Runs one tool for `caller`; refusals and bad arguments are tool errors the agent can read.
    private func call(_ tool: String, arguments: [String: Any], repository: String, caller: Principal) async -> (text: String, isError: Bool) {
        guard CortexTools.names.contains(tool) else { return ("unknown tool '\(tool)'; the tools are \(CortexTools.names.sorted().joined(separator: ", "))", true) }
        let readable: [CortexRepository]
        do { readable = try await readableRepositories(caller) } catch { return ("the index cannot be read: \(error.description)", true) }
        guard let repo = readable.first(where: { $0.name == repository }) else {
            // The same answer whether the repository is another team's or does not exist.
            return ("repository '\(repository)' is not one you may read; yours: \(readable.map(\.name).joined(separator: ", "))", true)
        }
        do throws(CortexError) {
            let queries = try await graphs.queries(store: store, repository: repo)
            return (try CortexTools.run(tool, arguments: arguments, queries: queries), false)
        } catch {
            return (error.description, true)
        }
    }

    /// The repositories whose team the caller may work in: its key's or user's team, or any team where
    /// it holds a role that may call models; without orgs, also repositories that belong to no team.
    private func readableRepositories(_ caller: Principal) async throws(StoreError) -> [CortexRepository] {
        let directory = engine.directory
        let own = Set([caller.team, directory.users[caller.user]?.team].compactMap { $0 })
        return try await store.cortexRepositories().filter { repo in
            guard let team = repo.team else { return !directory.enforcesRoles }
            if !directory.enforcesRoles { return own.contains(team) }
            return directory.permits(caller.user, .callModels, on: ScopeRef(.team, team))
        }
    }

    static func sameHost(origin: String, host: String?) -> Bool {
        guard let url = URL(string: origin), let originHost = url.host else { return false }
        if ["localhost", "127.0.0.1", "::1", "[::1]"].contains(originHost) { return true }
        guard let host else { return false }
        let bare = host.split(separator: ":").first.map(String.init) ?? host
        return bare == originHost
    }

    static func result(id: Any, _ value: [String: Any]) -> [String: Any] { ["jsonrpc": "2.0", "id": id, "result": value] }

    static func error(id: Any?, code: Int, _ message: String) -> [String: Any] {
        ["jsonrpc": "2.0", "id": id ?? NSNull(), "error": ["code": code, "message": message]]
    }

    static func reply(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func status(_ status: HTTPResponse.Status, allow: Bool) -> Response {
        Response(status: status, headers: allow ? [.allow: "POST"] : [:])
    }
}

/// Loaded graphs by repository, reused until an index run changes the repository (its generation).
private final class GraphCache: Sendable {
    private let entries = Mutex<[String: (generation: Int, queries: CortexQueries)]>([:])

    func queries(store: any CortexGraphRepository, repository: CortexRepository) async throws(CortexError) -> CortexQueries {
        if let cached = entries.withLock({ $0[repository.name] }), cached.generation == repository.generation { return cached.queries }
        let queries = try await CortexQueries.load(store: store, repository: repository.name)
        entries.withLock { $0[repository.name] = (repository.generation, queries) }
        return queries
    }
}
