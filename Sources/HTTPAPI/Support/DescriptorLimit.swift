#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open descriptors (sockets, files).
enum DescriptorLimit {
    /// Raises the soft limit to the hard one and returns the new soft limit (nil if it cannot be read).
    ///
    /// Every connection holds a descriptor until the idle timeout closes it. Debian's default soft limit of
    /// 1,024 would let a client holding that many idle sockets shut everyone else out (and make SQLite fail
    /// to open files); the hard limit (often 524,288) is the operator's real intent.
    @discardableResult
    static func raiseToHardLimit() -> UInt64? {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return UInt64(limit.rlim_cur)
    }
}
