#if canImport(Glibc)
import Glibc
#endif

/// The process's limit on open files (`RLIMIT_NOFILE`), which bounds how many connections `serve`
/// can hold: each client connection may hold a connection to its provider too.
///
/// Linux starts most processes with a soft limit of 1,024 whatever the hard limit is, and past it
/// `accept` fails: a gateway configured for 4,096 connections would refuse clients past about
/// 500. `serve` raises the soft limit to the hard one at start (as Go's runtime and nginx do) and
/// warns when even that is short of what `limits.max_connections` needs.
public enum OpenFileLimit {
    /// The soft limit before and after raising it to the hard limit.
    public struct Raise: Sendable, Equatable {
        public let before: UInt64
        public let after: UInt64
    }

    /// Descriptors `serve` needs beyond its connections: the database and its log, the listening
    /// socket, event loops, log files.
    static let reserve = 256

    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)

    /// Open files `maxConnections` clients may need: one for each, one for its provider
    /// connection, the overflow connections that get only `/healthz`, and the reserve.
    public static func needed(maxConnections: Int) -> Int {
        2 * maxConnections + ConnectionLimits.overflowConnections + reserve
    }

    /// Raises the soft limit to the hard limit; nil when the limit cannot be read.
    public static func raiseToHardLimit() -> Raise? {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        let before = UInt64(limit.rlim_cur)
        guard limit.rlim_cur < limit.rlim_max else { return Raise(before: before, after: before) }
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        // An unlimited hard limit is not a valid soft one for open files (the kernel caps it at
        // fs.nr_open): fall back to that cap's usual value.
        if setrlimit(resource, &raised) != 0 {
            raised.rlim_cur = rlim_t(min(UInt64(limit.rlim_max), 1 << 20))
            guard setrlimit(resource, &raised) == 0 else { return Raise(before: before, after: before) }
        }
        return Raise(before: before, after: UInt64(raised.rlim_cur))
    }
}
