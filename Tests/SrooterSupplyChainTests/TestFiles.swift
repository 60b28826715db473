import Glibc
import SrooterSupplyChain

/// A fresh temporary folder, removed (with its files) when the value goes away.
final class TemporaryFolder {
    let path: String

    init() {
        var template = Array("/tmp/srooter-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { _ = Self.removeTree(path) }

    func write(_ name: String, _ text: String) throws -> String {
        let file = "\(path)/\(name)"
        try AtomicFile.write(text, to: file)
        return file
    }

    @discardableResult
    static func removeTree(_ path: String) -> Int32 {
        (try? Subprocess.run("rm", ["-rf", path]))?.status ?? -1
    }
}
