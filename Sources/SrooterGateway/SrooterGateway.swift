// SrooterGateway: the HTTP gateway coding agents point their base URL at.
//
// Owns: the server (Server/: Hummingbird app, routes, key ring, audit writer, redacting logs), the
// three client surfaces (Surfaces/: Anthropic Messages, OpenAI Chat Completions, OpenAI Responses,
// with their error shapes), the relay (Relay/: SSE parsing, usage capture, in-place body edits,
// frame-by-frame streaming), the providers (Providers/: HTTP upstreams through srooter's own pooled
// HTTP/1.1 client on SwiftNIO, the in-process mock), the mock upstream server (Mock/), JSON with byte ranges and RFC 8785 (JSON/),
// the configuration (Config/), and the request path itself (Pipeline.swift).
//
// Must never: log or store prompt or completion text (only the prompt's SHA-256), log a key or
// token (the log handler redacts `sk-` tokens as a backstop), re-serialise a body it forwards on
// the same wire, or block the cooperative thread pool (SQLite lives behind SrooterStore's queue).
