import Foundation
import SrooterSupplyChain
import Testing

/// `Subprocess.run` gives the program this process's environment less what `unsetting` names (how
/// `sbom generate` keeps `SOURCE_DATE_EPOCH` from SwiftPM's manifest cache key), in `directory`.
@Suite struct SubprocessTests {
    @Test func unsetVariablesAreGoneAndTheRestStay() throws {
        let home = try #require(ProcessInfo.processInfo.environment["HOME"], "the test needs HOME set")
        let script = #"printf '%s|%s|%s' "${HOME-unset}" "${PATH:+path}" "$(pwd)""#
        let unset = try Subprocess.run("sh", ["-c", script], in: "/", unsetting: ["HOME"])
        #expect(unset.status == 0 && unset.output == "unset|path|/", "\(unset.output) \(unset.firstErrorLine)")
        let kept = try Subprocess.run("sh", ["-c", script])
        #expect(kept.output == "\(home)|path|\(FileManager.default.currentDirectoryPath)", "\(kept.output)")
    }
}
