import ArgumentParser
import SrooterSupplyChain

/// The `srooter` command: the gateway and the supply-chain tools in one binary.
@main
struct Srooter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "srooter",
        abstract: "The control plane for an organisation's AI traffic, with a verifiable supply chain.",
        discussion: """
            srooter signs and verifies its own releases with minisign-compatible Ed25519 keys.

            Example:
              srooter keys generate --name release
              srooter sign notes.txt --key release.key
              srooter verify notes.txt --pubkey release.pub
            """,
        version: SrooterVersion.current,
        subcommands: [
            Serve.self, Access.self, Org.self, Team.self, User.self, Policy.self, Config.self, MockUpstream.self, Keys.self, Sign.self, Verify.self, Release.self, Install.self,
            SBOM.self, Pins.self, Scan.self,
            Audit.self, Credentials.self, VaultCommand.self, CortexCommand.self, RouteCommand.self, RouterCommand.self,
        ]
    )
}
