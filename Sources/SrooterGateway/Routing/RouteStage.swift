import SrooterRouting

extension Pipeline {
    /// The route stage: the router's decision for `call`, with the caller's allowlist at hand
    /// (a route serves only candidates the caller may use). A route whose every candidate is
    /// denied becomes a 403 naming them, which admit throws once policy has passed (so a caller
    /// without a role is told that first).
    func route(_ call: GatewayRequest) -> Result<RouteDecision?, Refusal> {
        let principal = call.principal
        let request = RouteRequest(
            requested: call.requestedModel, surface: call.surface, root: call.summary.root, bodySize: call.bodySize,
            allows: { [self] name in allowed(name, principal) })
        do throws(RouteDenial) {
            return .success(try router.route(request))
        } catch {
            return .failure(Refusal(status: 403, outcome: .policyDenied,
                message: "srooter: the policy allows none of the models of route '\(error.route)' (\(error.candidates.joined(separator: ", ")))"))
        }
    }
}
