import Foundation

/// This process's memory, CPU time and descriptors, read from `/proc/self` (Linux) at each scrape; a value the
/// platform does not offer is nil and its metric is left out.
struct ProcessStatistics {
    var residentBytes: Int?
    var virtualBytes: Int?
    var cpuSeconds: Double
    var openDescriptors: Int?
    var maxDescriptors: Int?

    /// When this process started, in seconds since the Unix epoch (first use is at start-up, when metrics are made).
    static let startTime = Date().timeIntervalSince1970 - ProcessInfo.processInfo.systemUptime
        + (Self.startSecondsAfterBoot() ?? ProcessInfo.processInfo.systemUptime)

    static func current() -> ProcessStatistics {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var statistics = ProcessStatistics(cpuSeconds: 0)
        // statm: size resident shared text lib data dt, in pages.
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if fields.count >= 2 {
                statistics.virtualBytes = fields[0] * page
                statistics.residentBytes = fields[1] * page
            }
        }
        var usage = rusage()
        if getrusage(RUSAGE_SELF.rawValue, &usage) == 0 {
            statistics.cpuSeconds = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
                + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            statistics.openDescriptors = entries.count
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            statistics.maxDescriptors = Int(limit.rlim_cur)
        }
        return statistics
    }

    /// Field 22 of `/proc/self/stat` (start time in clock ticks after boot), in seconds.
    private static func startSecondsAfterBoot() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces) start at field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
