import Foundation

/// Refuses URLs whose host is, or resolves to, a loopback, private, link-local, shared, multicast or cloud
/// metadata address, so a user-supplied URL cannot make the server probe its own network (SSRF).
///
/// The check resolves the name before the request; a DNS answer that changes between the check and the
/// connection (rebinding) is not caught here. Deployments that need that guarantee put an egress proxy in front.
enum AddressGuard {
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

    /// Why `url` must not be fetched, or nil when it may be.
    static func refusal(for url: URL, allowPrivateAddresses: Bool, allowedHosts: Set<String> = []) -> Refusal? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return .blocked("only http and https URLs can be fetched")
        }
        guard var host = url.host?.lowercased(), !host.isEmpty else { return .blocked("the URL has no host") }
        if allowPrivateAddresses || allowedHosts.contains(host) { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if blockedNames.contains(host) || host.hasSuffix(".localhost") || host.hasSuffix(".internal") {
            return .blocked("'\(host)' is a local or metadata host")
        }
        let addresses: [[UInt8]]
        switch HostResolver.lookup(host) {
        case .success(let found): addresses = found
        case .failure(let failure): return .unresolved(host: host, failure: failure)
        }
        for address in addresses where isBlocked(address) {
            return .blocked("'\(host)' resolves to the non-public address \(format(address))")
        }
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
        if address[0] == 0xFF { return true }  // multicast
        if address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xFF && address[11] == 0xFF {
            return isBlockedIPv4(Array(address[12..<16]))  // ::ffff:a.b.c.d
        }
        if address[0..<12].elementsEqual([0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]) {
            return isBlockedIPv4(Array(address[12..<16]))  // 64:ff9b::/96 NAT64
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
