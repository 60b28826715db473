// SrooterStore: srooter's persistence. SQLite (WAL) through the CSQLite shim, one connection
// confined to a serial dispatch queue so blocking calls never run on Swift's cooperative pool.
//
// Owns: access keys (SHA-256 digests only, never the secret) and audit records (metadata only).
// Must never: see prompt or completion text, or a key's secret part.
