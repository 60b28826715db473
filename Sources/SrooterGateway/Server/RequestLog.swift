import Logging

/// The log of one request: every line it writes carries the request id and the surface.
///
/// They are added when a line is written, not set on a copy of the `Logger` up front: that cost
/// every request a copy of the log handler and two dictionary inserts, though at the usual levels
/// most requests write nothing.
struct RequestLog: Sendable {
    let logger: Logger
    let requestID: String
    let surface: Surface

    func info(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata = [:]) {
        logger.info(message(), metadata: tagged(metadata()))
    }

    func warning(_ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata = [:]) {
        logger.warning(message(), metadata: tagged(metadata()))
    }

    private func tagged(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var metadata = metadata
        metadata["srooter.request.id"] = "\(requestID)"
        metadata["srooter.surface"] = "\(surface.rawValue)"
        return metadata
    }
}
