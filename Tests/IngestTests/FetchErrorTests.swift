import Foundation
import Ingest
import Testing

/// Fetch failures say what happened: a name that does not resolve, a connection refused, a refusal by policy.
@Suite("Fetch errors")
struct FetchErrorTests {
    @Test("A host name that does not resolve is hostNotFound, with DNS advice and no allowPrivateAddresses advice")
    func unresolvable() async throws {
        let error = await #expect(throws: IngestError.self) { try await Fetcher().fetch(URL(string: "https://no-such-host.invalid/paper.pdf")!) }
        guard case .hostNotFound(_, let host, _, _) = error else {
            Issue.record("expected hostNotFound, got \(String(describing: error))")
            return
        }
        #expect(host == "no-such-host.invalid")
        let text = "\(error!)"
        #expect(text.contains("DNS") && !text.contains("allowPrivateAddresses") && !text.hasPrefix("Refusing"), "\(text)")
    }

    @Test("A port where nothing listens is a connection refused, naming host and port")
    func refused() async throws {
        // Find a loopback port with nothing listening: bind one, note it, close it.
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(probe >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) == 0 && getsockname(probe, $0, &length) == 0 }
        }
        close(probe)
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let fetcher = Fetcher(configuration: .init(readTimeout: 5, totalTimeout: 10, allowPrivateAddresses: true))
        let error = await #expect(throws: IngestError.self) { try await fetcher.fetch(URL(string: "http://127.0.0.1:\(port)/x")!) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("connection refused by 127.0.0.1:\(port)"), "\(text)")
        #expect(error?.isTransient == true)
    }

    @Test("A private address is still a refusal that names allowPrivateAddresses")
    func refusal() async throws {
        let error = await #expect(throws: IngestError.self) { try await Fetcher().fetch(URL(string: "http://10.1.2.3/")!) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.hasPrefix("Refusing to fetch") && text.contains("allowPrivateAddresses"), "\(text)")
    }
}
