#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 UTC timestamps with milliseconds (`2026-11-20T10:00:00.123Z`), without Foundation.
public enum Timestamp {
    /// Now.
    public static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(seconds: Int(spec.tv_sec), milliseconds: Int(spec.tv_nsec / 1_000_000))
    }

    /// A Unix time as RFC 3339.
    public static func format(seconds: Int, milliseconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        // Written digit by digit into one buffer: it runs for every request.
        return String(unsafeUninitializedCapacity: 24) { out in
            var at = 0
            func put(_ value: Int32, _ width: Int) {
                var rest = Int(max(0, value))
                for position in stride(from: at + width - 1, through: at, by: -1) {
                    out[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                at += width
            }
            func put(_ separator: Unicode.Scalar) {
                out[at] = UInt8(ascii: separator)
                at += 1
            }
            put(parts.tm_year + 1900, 4); put("-"); put(parts.tm_mon + 1, 2); put("-"); put(parts.tm_mday, 2); put("T")
            put(parts.tm_hour, 2); put(":"); put(parts.tm_min, 2); put(":"); put(parts.tm_sec, 2); put(".")
            put(Int32(milliseconds), 3); put("Z")
            return at
        }
    }
}
