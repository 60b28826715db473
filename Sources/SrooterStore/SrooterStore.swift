// SrooterStore: srooter's persistence. SQLite (WAL) through the CSQLite shim, one connection
// confined to a serial dispatch queue so blocking calls never run on Swift's cooperative pool.
//
// Owns: access keys (SHA-256 digests only, never the secret), the directory, policies, the budget
// ledger, sealed credentials and audit records (metadata only). Names are stored sealed with a
// blind index beside them, through the `MetadataCipher` the vault attaches (`Store.attach(cipher:)`).
// Other modules reach it through one protocol per aggregate (`Repositories/`), which `Store` implements.
// Must never: see prompt or completion text, or a key's secret part; write a name in the clear.
