import ArgumentParser
import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// The options that say which Swift package, and which SwiftPM build folder, to describe.
struct PackageOptions: ParsableArguments {
    @Option(help: "The Swift package to describe (the folder holding Package.swift and Package.resolved).")
    var packagePath: String = "."

    @Option(help: "SwiftPM's build folder, when it is not PACKAGE/.build (as `swift build --scratch-path`).")
    var scratchPath: String?
}

/// Writes bytes to standard output as they are (no added newline).
func writeStandardOutput(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + offset, bytes.count - offset) }
        if written < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += written
    }
}

/// `1 Swift package`, `2 Swift packages`.
func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
