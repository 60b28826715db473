import SrooterSupplyChain

#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder under /tmp for one test, removed when the value is released.
final class ScratchFolder {
    let path: String

    init() {
        var template = Array("/tmp/srooter-scan-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = made.map { String(cString: $0) } ?? "/tmp/srooter-scan-test-fallback-\(getpid())"
        if made == nil { mkdir(path, 0o700) }
    }

    deinit { _ = try? Subprocess.run("rm", ["-rf", path]) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let target = "\(path)/\(name)"
        try AtomicFile.write(text, to: target)
        return target
    }
}

/// The fixtures folder beside this file.
enum Fixtures {
    static let root: String = {
        let file = #filePath
        return String(file[..<(file.lastIndex(of: "/") ?? file.endIndex)]) + "/Fixtures"
    }()

    static var osv: String { "\(root)/osv" }
    static var sbom: String { "\(root)/sbom" }
}

/// A SplitMix64 generator: deterministic pseudo-random input for generated test cases.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
