/// A codebase's Cortex graph: repositories, files, symbols and edges, their names sealed with blind
/// indexes, never any file's contents. Implemented by `Store` (SQLite); read by the gateway's MCP
/// route and the `cortex` queries, written by `cortex index`.
public protocol CortexGraphRepository: Sendable {
    /// Where the database is, for messages.
    var path: String { get }
    /// The sealing and blind-index keys for `repository`'s names; `.locked` until the vault has opened.
    func cortexNames(repository: String) throws(StoreError) -> CortexNames
    /// The repository named `name`, or nil.
    func cortexRepository(_ name: String) async throws(StoreError) -> CortexRepository?
    /// Every indexed repository.
    func cortexRepositories() async throws(StoreError) -> [CortexRepository]
    /// `repository`'s whole graph.
    func cortexGraph(_ repository: String) async throws(StoreError) -> CortexGraphRows
    /// Only the symbols named `name` in `repository`, with their files (found by blind index).
    func cortexSearchRows(_ repository: String, name: String) async throws(StoreError) -> CortexGraphRows
}

extension Store: CortexGraphRepository {}
