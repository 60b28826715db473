import ArgumentParser
import SrooterSupplyChain

/// `srooter serve`: until the gateway lands (issue 6), runs the self-check it will run before listening.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the gateway, after checking that this binary is the one its release signed.",
        discussion: """
            The self-check (the same as `srooter verify --self`) runs first and serve refuses to start \
            on any failure. A development build without a release folder starts only with \
            --allow-unverified, which is logged loudly on every start. The gateway itself arrives with \
            a later release; for now serve runs the check and exits.

            Example:
              /opt/srooter/current/bin/srooter serve
            """
    )

    @Flag(help: "Start a development build that has no signed release folder (logged loudly).")
    var allowUnverified = false

    func run() throws {
        try reportingFailures {
            do {
                let result = try SelfCheck.run()
                print("Self-check passed: srooter \(result.version), signed by \(result.signer)")
            } catch let error as ReleaseError where allowUnverified {
                printWarning("starting an UNVERIFIED build (--allow-unverified): \(error.singleLine)")
            }
            print("The gateway is not part of this build yet; nothing to serve.")
        }
    }
}
