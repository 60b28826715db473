/// SrooterWire: translation between Anthropic Messages, OpenAI Chat Completions and OpenAI
/// Responses, as pure values with no I/O.
///
/// - ``RequestTranslator``: request bodies, through the wire-neutral ``WireRequest``.
/// - ``StreamTranslator``: streamed answers, one state machine per (upstream, client) pair,
///   fed upstream bytes in chunks of any size, keeping the provider's own usage.
/// - ``ReplyTranslator``: non-streamed answers and error bodies.
///
/// What one wire cannot carry is dropped, never corrupted, and named in a `dropped` list.
/// The module never logs, never reads a clock and never sees keys; it is not yet called by `serve`.
public enum SrooterWireModule {}
