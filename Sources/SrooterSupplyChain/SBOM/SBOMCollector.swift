#if canImport(Glibc)
import Glibc
#endif

/// Gathers ``SBOMInputs`` from the machine: SwiftPM's graph and pins, the checkouts, the
/// toolchain, and (for a build) the binary and the Debian packages it links.
///
/// SwiftPM's `show-dependencies` is the slow part; the rest runs while it does.
public enum SBOMCollector {
    /// Gathers the inputs of the package at `packagePath`.
    /// - Parameters:
    ///   - scratchPath: SwiftPM's build folder, when not `<packagePath>/.build`.
    ///   - binary: the built executable to describe, or nil for a source-only SBOM.
    ///   - sourceDateEpoch: the fixed time to write, else now.
    public static func gather(
        packagePath: String, scratchPath: String?, binary: String?, sourceDateEpoch: Int?
    ) throws(InventoryError) -> SBOMInputs {
        // Fail on unusable input before starting any program.
        guard FileReader.exists("\(packagePath)/Package.swift") else { throw .notASwiftPackage(path: packagePath) }
        let resolvedPath = "\(packagePath)/Package.resolved"
        do { _ = try FileReader.read(resolvedPath, limit: 16 << 20) } catch { throw .resolvedUnusable(error) }
        if let binary {
            guard FileReader.exists(binary) else { throw .file(.missing(path: binary)) }
        }
        let (swift, local) = try Concurrently.run(
            { () throws(InventoryError) in try SwiftInventory.load(packagePath: packagePath, scratchPath: scratchPath) },
            { () throws(InventoryError) in try gatherLocal(binary: binary) })
        return SBOMInputs(
            swift: swift, toolchain: local.toolchain,
            rootVersion: swift.rootName == "srooter" ? SrooterVersion.current : nil,
            binary: local.digests, linked: local.linked, distribution: Distribution.current(),
            timestamp: sourceDateEpoch ?? BOMIdentity.now())
    }

    private struct Local {
        let toolchain: SwiftToolchain
        let digests: BinaryDigests?
        let linked: LinkedLibraries.Inventory
    }

    /// Everything but SwiftPM's graph, in two lanes: ldd and dpkg; the toolchain and the hashes.
    /// The toolchain of a binary is the one SwiftPM recorded building it, when it did.
    private static func gatherLocal(binary: String?) throws(InventoryError) -> Local {
        guard let binary else {
            return Local(toolchain: try SwiftToolchain.current(), digests: nil, linked: LinkedLibraries.Inventory(packages: [], unowned: []))
        }
        let (linked, (toolchain, digests)) = try Concurrently.run(
            { () throws(InventoryError) in try LinkedLibraries.inventory(of: binary) },
            { () throws(InventoryError) in
                let toolchain: SwiftToolchain
                if let built = SwiftToolchain.thatBuilt(binary: binary) { toolchain = built } else { toolchain = try SwiftToolchain.current() }
                do throws(FileError) { return (toolchain, try BinaryDigests.of(file: binary)) } catch { throw .file(error) }
            })
        return Local(toolchain: toolchain, digests: digests, linked: linked)
    }
}
