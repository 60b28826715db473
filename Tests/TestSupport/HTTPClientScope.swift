import AsyncHTTPClient

extension HTTPClient {
    /// Runs `body` with a client of its own and shuts the client down after it, also when `body`
    /// throws.
    ///
    /// AsyncHTTPClient traps in debug builds when a client is released without `shutdown()`. A test
    /// that threw between making its client and shutting it down (a request that timed out on a
    /// loaded machine) took the whole test process down with it, every other suite's result lost,
    /// where it should have failed alone.
    public static func withClient<T: Sendable>(
        configuration: Configuration = Configuration(), _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let result: T
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()  // the body's error is the one to report
            throw error
        }
        try await client.shutdown()
        return result
    }
}
