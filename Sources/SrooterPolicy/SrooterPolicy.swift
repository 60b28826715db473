// SrooterPolicy: who may do what, with which models, how hard they may think and how much they
// may spend, decided for every gateway request and every admin call.
//
// The module owns: roles and their permissions (RBAC at org or team scope), policy documents and
// their resolution across org → team → user → key, model allowlists, reasoning caps (as decisions
// the gateway applies in place on the request bytes), the GCRA rate limiter, and the budget
// estimate. It persists through SrooterStore (directory tables, the budget ledger).
//
// It never sees prompt or completion text: only sizes, model names and the few numeric or
// enumerated fields a cap lowers.
