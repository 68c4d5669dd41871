import Foundation
import KnowledgeBase
import TestSupport
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test("Digests match the FIPS 180-4 examples")
    func knownAnswers() {
        #expect(SHA256.hexDigest(of: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(of: Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hexDigest(of: Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("Digests match sha256sum on random data of many lengths, fed whole or in pieces")
    func matchesSystemTool() throws {
        var generator = SystemRandomNumberGenerator()
        let folder = try temporaryFolder("sha")
        defer { try? FileManager.default.removeItem(at: folder) }
        for length in [1, 55, 56, 63, 64, 65, 119, 1000, 70_001] {
            let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let file = folder.appendingPathComponent("\(length).bin")
            try data.write(to: file)
            let expected = try ChildProcess("sha256sum", [file.path]).runBlocking().output.prefix(64)
            #expect(SHA256.hexDigest(of: data) == String(expected), "length \(length)")
            var pieces = SHA256()
            var offset = 0
            while offset < data.count {
                let end = min(data.count, offset + 37)
                pieces.update(data.subdata(in: offset..<end))
                offset = end
            }
            #expect(pieces.finalize().map { String(format: "%02x", $0) }.joined() == String(expected))
        }
    }
}
