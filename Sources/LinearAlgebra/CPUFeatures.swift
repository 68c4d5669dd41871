import Foundation

/// The CPU vendor and instruction-set flags, read from `/proc/cpuinfo`.
package struct CPUFeatures: Sendable {
    /// `GenuineIntel`, `AuthenticAMD`, or empty when unknown.
    package var vendor: String
    /// Lower-case flag names, e.g. `avx2`, `avx512f`, `avx512_bf16`.
    package var flags: Set<String>

    /// Parses the first processor block of a `/proc/cpuinfo` text.
    package init(cpuinfo: String) {
        var vendor = ""
        var flags = Set<String>()
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "vendor_id", vendor.isEmpty { vendor = parts[1] }
            if parts[0] == "flags", flags.isEmpty { flags = Set(parts[1].split(separator: " ").map(String.init)) }
        }
        self.vendor = vendor
        self.flags = flags
    }

    /// Features of this machine, read once.
    package static let shared = current()

    /// Features of this machine; empty if `/proc/cpuinfo` cannot be read.
    package static func current() -> CPUFeatures {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return CPUFeatures(cpuinfo: text)
    }

    /// The OpenBLAS kernel to force, or nil to let OpenBLAS decide.
    package var preferredOpenBLASCoreType: String? {
        guard vendor == "GenuineIntel", flags.contains("avx512f") else { return nil }
        return flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX"
    }
}
