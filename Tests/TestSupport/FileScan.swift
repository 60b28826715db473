import Foundation

/// Finds leaked strings on disk, for the canary tests.
public enum FileScan {
    /// Regular files under `root` modified since `since` (at most 64 MB each, `except` skipped)
    /// that contain any of `needles`.
    public static func filesContaining(_ needles: [String], under root: String, since: Date, except: Set<String> = []) -> [String] {
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: root) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = (root as NSString).appendingPathComponent(relative)
            guard !except.contains(path), let attributes = try? manager.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let modified = attributes[.modificationDate] as? Date, modified >= since,
                  let size = attributes[.size] as? Int, size <= 64 << 20,
                  let data = manager.contents(atPath: path)
            else { continue }
            if needles.contains(where: { data.range(of: Data($0.utf8)) != nil }) { found.append(path) }
        }
        return found
    }
}
