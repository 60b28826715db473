// SrooterWire: translation between Anthropic Messages, OpenAI Chat Completions and OpenAI
// Responses, as pure values with no I/O.
//
// - RequestTranslator: request bodies, through the wire-neutral WireRequest.
// - StreamTranslator: streamed answers, one state machine per (upstream, client) pair, fed
//   upstream bytes in reads of any size, keeping the provider's own usage.
// - ReplyTranslator: non-streamed answers and error bodies.
//
// What one wire cannot carry is dropped, never corrupted, and named in a `dropped` list.
// The module must never log, read a clock, see keys or do I/O; it depends on nothing.
// Same-wire traffic must not go through it (it re-serialises; the gateway relays same-wire bytes as they are).
