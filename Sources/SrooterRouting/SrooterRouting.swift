/// Routing decisions for the gateway (issue 20), pure: no I/O, no clock of its own, no JSON.
///
/// - ``RoutingTable`` and ``Route``: the `routes:` section of `srooter.yaml` and its validation.
/// - ``RequestFeatures``: what the gateway measures of a request in flight (never its content).
/// - ``TrivialScore``: the scored heuristic that calls a request trivial.
/// - ``RoutePlanner``: the decision for one request on one route.
/// - ``SessionAffinity``: keeps a conversation on one model (bounded, in memory).
/// - ``CircuitBreaker`` and ``CircuitBreakers``: skip providers that are down.
/// - ``RetryRule``: which upstream failures the next candidate is tried after.
/// - ``CouncilPlan`` and ``CouncilRanking``: a council's seats, and its members' rankings read
///   and combined (the gateway's `CouncilDispatch` runs the calls).
enum SrooterRouting {}
