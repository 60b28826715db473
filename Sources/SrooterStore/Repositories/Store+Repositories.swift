/// The SQLite store implements every repository; the gateway, policy and audit modules see only
/// the protocols (the gateway names `Store` where it opens the database at startup).
extension Store: AccessKeyRepository, DirectoryRepository, PolicyRepository, BudgetRepository, AuditChainRepository, VaultRepository,
    RoutingFeatureRepository {}
