/// Gathers the pins of the package as it is resolved and built on this machine now.
public enum PinsCollector {
    /// The current pins of the package at `packagePath`.
    /// - Parameter scratchPath: SwiftPM's build folder, when not `<packagePath>/.build`.
    public static func current(packagePath: String, scratchPath: String?) throws(InventoryError) -> PinsManifest {
        guard FileReader.exists("\(packagePath)/Package.swift") else { throw .notASwiftPackage(path: packagePath) }
        let (swift, local) = try Concurrently.run(
            { () throws(InventoryError) in try SwiftInventory.load(packagePath: packagePath, scratchPath: scratchPath) },
            { () throws(InventoryError) in
                (try SwiftToolchain.current(), try DebianBuildPackages.installed(packagePath: packagePath, scratchPath: scratchPath))
            })
        return PinsManifest(swift: swift, toolchain: local.0, debian: local.1)
    }

    /// Where the pins of the package at `packagePath` live.
    public static func defaultPath(packagePath: String) -> String {
        packagePath == "." || packagePath == "./" ? "sbom/pins.json" : "\(packagePath)/sbom/pins.json"
    }
}
