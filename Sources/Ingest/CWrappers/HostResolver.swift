import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Resolves a host name to its IP addresses with `getaddrinfo`, for the fetcher's address guard.
///
/// Audited unsafe code: the only `getaddrinfo` call site; the result list is freed before returning.
enum HostResolver {
    /// The addresses of `host` as raw bytes (4 for IPv4, 16 for IPv6); empty when it does not resolve.
    static func addresses(of host: String) -> [[UInt8]] {
        (try? lookup(host).get()) ?? []
    }

    /// Why a name did not resolve: the resolver's own words (`gai_strerror`), e.g. "Name or service not known"
    /// (no such name) or "Temporary failure in name resolution" (no DNS server reachable).
    struct Failure: Error, Sendable {
        var reason: String
        /// True when the resolver could not be asked (no network or DNS server), not when the name does not exist.
        var isTemporary: Bool
    }

    /// The addresses of `host`, or why it did not resolve.
    static func lookup(_ host: String) -> Result<[[UInt8]], Failure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == 0 ? "no addresses" : String(cString: gai_strerror(status))
            return .failure(Failure(reason: reason, isTemporary: status == EAI_AGAIN || status == EAI_SYSTEM))
        }
        defer { freeaddrinfo(first) }
        var result: [[UInt8]] = []
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let entry = current {
            if let address = entry.pointee.ai_addr {
                switch Int32(address.pointee.sa_family) {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ipv4 in
                        let value = ipv4.pointee.sin_addr.s_addr  // network byte order
                        result.append(withUnsafeBytes(of: value) { Array($0) })
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6 in
                        result.append(withUnsafeBytes(of: ipv6.pointee.sin6_addr) { Array($0) })
                    }
                default:
                    break
                }
            }
            current = entry.pointee.ai_next
        }
        return .success(result)
    }

    /// The bytes of an IPv4 or IPv6 address literal (no brackets), nil for a name.
    static func parseAddress(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
        return nil
    }
}
