#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A budget's period, in UTC: a calendar day, a calendar month, or for all time.
public enum BudgetPeriod: String, Sendable, Codable, CaseIterable {
    case day, month, total

    /// The ledger key of the period containing `unixSeconds` (`day:2026-11-20`, `month:2026-11`, `total`).
    public func key(at unixSeconds: Int) -> String {
        let (year, month, day) = Self.civil(unixSeconds)
        switch self {
        case .day: return "day:\(year)-\(Self.pad(month))-\(Self.pad(day))"
        case .month: return "month:\(year)-\(Self.pad(month))"
        case .total: return "total"
        }
    }

    /// When the period containing `unixSeconds` ends (Unix seconds), or nil for `total`.
    public func reset(after unixSeconds: Int) -> Int? {
        switch self {
        case .day: return (unixSeconds / 86_400 + 1) * 86_400
        case .month:
            let (year, month, _) = Self.civil(unixSeconds)
            return Self.unixSeconds(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
        case .total: return nil
        }
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Year, month, day of a Unix time in UTC (Howard Hinnant's civil-from-days).
    static func civil(_ unixSeconds: Int) -> (Int, Int, Int) {
        let days = Int((Double(unixSeconds) / 86_400).rounded(.down))
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Unix seconds of midnight UTC on a date (days-from-civil).
    static func unixSeconds(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return (era * 146_097 + doe - 719_468) * 86_400
    }

    /// The current Unix time in seconds.
    public static func nowSeconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int(spec.tv_sec)
    }
}

/// `BudgetPeriod.key(at:)` for the current UTC day, worked out once a day rather than per request.
final class PeriodKeys: Sendable {
    private struct Day {
        var number = Int.min
        var day = ""
        var month = ""
    }

    private let memo = Mutex(Day())

    func key(_ period: BudgetPeriod, at unixSeconds: Int) -> String {
        guard period != .total else { return "total" }
        let number = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        return memo.withLock { memo in
            if memo.number != number {
                memo = Day(number: number, day: BudgetPeriod.day.key(at: unixSeconds), month: BudgetPeriod.month.key(at: unixSeconds))
            }
            return period == .day ? memo.day : memo.month
        }
    }
}
