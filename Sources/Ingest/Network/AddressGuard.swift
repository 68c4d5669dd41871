import Foundation

/// Refuses URLs whose host is, or resolves to, a loopback, private, link-local, shared, multicast, reserved or
/// cloud metadata address, so a user-supplied URL cannot make the server probe its own network (SSRF).
///
/// `pin` resolves the name once and returns the checked address; `Fetcher` connects to that address, so a DNS
/// answer that changes between the check and the connection (rebinding) cannot move the connection. IPv6 forms
/// that carry an IPv4 address (mapped, compatible, 6to4, NAT64) are judged by the IPv4 address they carry.
/// Refusals of names do not say what the name resolved to: that would let a caller map the internal network.
enum AddressGuard {
    /// A host checked by `pin`: connect to `address` (nil: the host is an address itself, or is trusted by
    /// configuration and resolved at connect time), naming `host` in `Host` and TLS.
    struct PinnedTarget: Sendable, Hashable {
        /// The URL's host as written (the key AsyncHTTPClient's `dnsOverride` matches).
        var host: String
        /// The checked address in text form, e.g. `93.184.216.34` or `2001:db8::1`.
        var address: String?
    }

    /// Checks `url` like `check` and returns the address to connect to; the name is resolved once, here.
    static func pin(
        _ url: URL, allowPrivateAddresses: Bool, allowedHosts: Set<String> = [], redirect: Bool = false,
        resolver: (@Sendable (String) -> [[UInt8]])? = nil
    ) throws -> PinnedTarget {
        var addresses: [[UInt8]] = []
        let reason = refusal(for: url, allowPrivateAddresses: allowPrivateAddresses, allowedHosts: allowedHosts, resolver: resolver) {
            addresses = $0
        }
        if let reason {
            if case .unresolved(let host, let failure) = reason {
                throw IngestError.hostNotFound(url: url.absoluteString, host: host, reason: failure.reason, temporary: failure.isTemporary)
            }
            throw IngestError.blockedURL(url: url.absoluteString, reason: redirect ? "redirect target refused: \(reason.text)" : reason.text)
        }
        let host = url.host ?? ""
        // IPv4 first: a pinned address has no happy-eyeballs fallback, and many hosts have no IPv6 route.
        guard let chosen = addresses.first(where: { $0.count == 4 }) ?? addresses.first else {
            return PinnedTarget(host: host, address: nil)
        }
        return PinnedTarget(host: host, address: format(chosen))
    }

    /// Host names refused without resolving.
    static let blockedNames: Set<String> = ["localhost", "metadata.google.internal", "metadata", "instance-data"]

    /// Throws `IngestError.blockedURL` when `url` must not be fetched and `IngestError.hostNotFound` when its host
    /// does not resolve (a DNS failure is not a refusal, and allowing private addresses would not help).
    static func check(_ url: URL, allowPrivateAddresses: Bool, allowedHosts: Set<String> = [], redirect: Bool = false) throws {
        guard let reason = refusal(for: url, allowPrivateAddresses: allowPrivateAddresses, allowedHosts: allowedHosts) else { return }
        if case .unresolved(let host, let failure) = reason {
            throw IngestError.hostNotFound(url: url.absoluteString, host: host, reason: failure.reason, temporary: failure.isTemporary)
        }
        throw IngestError.blockedURL(url: url.absoluteString, reason: redirect ? "redirect target refused: \(reason.text)" : reason.text)
    }

    /// Why a URL is not fetched.
    enum Refusal {
        /// Not a public http(s) URL.
        case blocked(String)
        /// The host name does not resolve.
        case unresolved(host: String, failure: HostResolver.Failure)

        var text: String {
            switch self {
            case .blocked(let reason): reason
            case .unresolved(let host, let failure): "'\(host)' does not resolve (\(failure.reason))"
            }
        }
    }

    /// Why `url` must not be fetched, or nil when it may be; `resolved` receives the addresses a name was
    /// checked with (none for an address literal or a host trusted by configuration).
    static func refusal(
        for url: URL, allowPrivateAddresses: Bool, allowedHosts: Set<String> = [],
        resolver: (@Sendable (String) -> [[UInt8]])? = nil, resolved: ([[UInt8]]) -> Void = { _ in }
    ) -> Refusal? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return .blocked("only http and https URLs can be fetched")
        }
        guard var host = url.host?.lowercased(), !host.isEmpty else { return .blocked("the URL has no host") }
        if allowedHosts.contains(host) { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let literal = HostResolver.parseAddress(host) {
            if allowPrivateAddresses || !isBlocked(literal) { return nil }
            return .blocked("\(host) is a non-public address (loopback, private, link-local, reserved or metadata)")
        }
        if !allowPrivateAddresses && (blockedNames.contains(host) || host.hasSuffix(".localhost") || host.hasSuffix(".internal")) {
            return .blocked("'\(host)' is a local or metadata host")
        }
        let addresses: [[UInt8]]
        if let resolver {
            addresses = resolver(host)
            if addresses.isEmpty { return .unresolved(host: host, failure: .init(reason: "Name or service not known", isTemporary: false)) }
        } else {
            switch HostResolver.lookup(host) {
            case .success(let found) where !found.isEmpty: addresses = found
            case .success: return .unresolved(host: host, failure: .init(reason: "no addresses", isTemporary: false))
            case .failure(let failure): return .unresolved(host: host, failure: failure)
            }
        }
        if !allowPrivateAddresses && addresses.contains(where: isBlocked) {
            return .blocked("'\(host)' resolves to a non-public address (loopback, private, link-local, reserved or metadata)")
        }
        resolved(addresses)
        return nil
    }

    /// Whether an address (4 or 16 bytes, network order) is loopback, private, link-local, shared, multicast or reserved.
    static func isBlocked(_ address: [UInt8]) -> Bool {
        if address.count == 4 { return isBlockedIPv4(address) }
        guard address.count == 16 else { return true }
        if address.allSatisfy({ $0 == 0 }) { return true }  // ::
        if address[0..<15].allSatisfy({ $0 == 0 }) && address[15] == 1 { return true }  // ::1
        if address[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local (incl. fd00:ec2::254)
        if address[0] == 0xFE && address[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
        if address[0] == 0xFE && address[1] & 0xC0 == 0xC0 { return true }  // fec0::/10 site-local (deprecated)
        if address[0] == 0xFF { return true }  // multicast
        if address[0..<4].elementsEqual([0x20, 0x01, 0x0D, 0xB8]) { return true }  // 2001:db8::/32 documentation
        if address[0..<4].elementsEqual([0x20, 0x01, 0x00, 0x00]) { return true }  // 2001::/32 Teredo (carries an obfuscated IPv4)
        if address[0..<6].elementsEqual([0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01]) { return true }  // 64:ff9b:1::/48 local NAT64
        if address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xFF && address[11] == 0xFF {
            return isBlockedIPv4(Array(address[12..<16]))  // ::ffff:a.b.c.d IPv4-mapped
        }
        if address[0..<12].allSatisfy({ $0 == 0 }) {
            return isBlockedIPv4(Array(address[12..<16]))  // ::a.b.c.d IPv4-compatible (deprecated), e.g. [::127.0.0.1]
        }
        if address[0..<12].elementsEqual([0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]) {
            return isBlockedIPv4(Array(address[12..<16]))  // 64:ff9b::/96 NAT64
        }
        if address[0] == 0x20 && address[1] == 0x02 {
            return isBlockedIPv4(Array(address[2..<6]))  // 2002:a.b.c.d::/48 6to4, e.g. [2002:7f00:1::]
        }
        return false
    }

    private static func isBlockedIPv4(_ address: [UInt8]) -> Bool {
        let (a, b) = (address[0], address[1])
        switch a {
        case 0, 10, 127: return true  // "this network", private, loopback
        case 100 where b & 0xC0 == 64: return true  // 100.64.0.0/10 shared (carrier-grade NAT)
        case 169 where b == 254: return true  // link-local, incl. 169.254.169.254 cloud metadata
        case 172 where b & 0xF0 == 16: return true  // 172.16.0.0/12
        case 192 where b == 168: return true  // 192.168.0.0/16
        case 192 where b == 0 && address[2] == 0: return true  // 192.0.0.0/24 protocol assignments
        case 192 where b == 0 && address[2] == 2: return true  // 192.0.2.0/24 documentation
        case 198 where b == 51 && address[2] == 100: return true  // 198.51.100.0/24 documentation
        case 203 where b == 0 && address[2] == 113: return true  // 203.0.113.0/24 documentation
        case 198 where b & 0xFE == 18: return true  // 198.18.0.0/15 benchmarking
        case 224...255: return true  // multicast, reserved, broadcast
        default: return false
        }
    }

    static func format(_ address: [UInt8]) -> String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: address.count, by: 2).map { String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}
