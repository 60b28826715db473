#if canImport(Glibc)
import Glibc
#endif

/// The database's files on disk. They hold every audit record and the sealed directory, so they
/// are created private whatever the umask, and commands refuse to open them when other users can.
public enum DatabaseFiles {
    /// Creates the database's folder (mode 0700) and an empty database file (0600) when missing,
    /// setting the modes explicitly so the umask cannot widen them. SQLite creates the `-wal` and
    /// `-shm` files with the database file's mode, so they are 0600 too.
    static func prepare(_ path: String) {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            let folder = String(path[..<slash])
            if mkdir(folder, 0o700) == 0 { chmod(folder, 0o700) }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)
            close(descriptor)
        }
    }

    /// Throws `StoreError.exposed` for the first of the database, its `-wal` and its `-shm` that
    /// users other than its owner may read or write (files that do not exist yet pass).
    public static func checkPrivate(_ path: String) throws(StoreError) {
        for file in [path, path + "-wal", path + "-shm"] {
            var info = stat()
            guard stat(file, &info) == 0 else { continue }
            if info.st_mode & 0o077 != 0 { throw StoreError.exposed(path: file, mode: Int(info.st_mode & 0o777)) }
        }
    }
}
