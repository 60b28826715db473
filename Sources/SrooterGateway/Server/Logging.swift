import Logging

/// A log handler that redacts secrets before anything is written: values of metadata keys that
/// name credentials, and any `sk-...` token anywhere in a message or metadata value. Content is
/// never logged in the first place; this is the backstop for keys.
///
/// It keeps the logger's metadata itself and hands it to the inner handler only with an event
/// that is written: the stream handler would re-render its whole metadata on every change.
public struct RedactingLogHandler: LogHandler {
    private var inner: any LogHandler
    public var metadata: Logger.Metadata = [:]

    public init(wrapping inner: any LogHandler) { self.inner = inner }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(Self.redact(event.message.description))"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        event.metadata = merged.isEmpty ? nil : Self.redact(merged)
        inner.log(event: event)
    }

    static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var out: Logger.Metadata = [:]
        for (key, value) in metadata {
            let lower = key.lowercased()
            if lower.contains("authorization") || lower.contains("api-key") || lower.contains("api_key") || lower.hasSuffix("token") || lower.hasSuffix("secret") {
                out[key] = "[redacted]"
            } else {
                out[key] = .string(redact("\(value)"))
            }
        }
        return out
    }

    /// Replaces every `sk-` token (srooter, Anthropic, OpenAI keys) with `sk-[redacted]`.
    public static func redact(_ text: String) -> String {
        guard text.contains("sk-") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: "sk-") {
            out += rest[rest.startIndex..<range.lowerBound]
            out += "sk-[redacted]"
            var end = range.upperBound
            while end < rest.endIndex, let scalar = rest[end].unicodeScalars.first,
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
            {
                end = rest.index(after: end)
            }
            rest = rest[end...]
        }
        return out + rest
    }
}

/// Creates the process's logger: stderr, redacted, level from `SROOTER_LOG_LEVEL` (default info).
public enum GatewayLogging {
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = RedactingLogHandler(wrapping: StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
    }
}
