import Foundation
import TestSupport

/// Builds ustar archives in memory, including hostile member names, for LaTeX e-print tests.
enum TarWriter {
    static func archive(_ members: [(name: String, contents: String)]) -> Data {
        var data = Data()
        for member in members {
            let body = Data(member.contents.utf8)
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int, length: Int) {
                for (index, byte) in text.utf8.prefix(length).enumerated() { header[offset + index] = byte }
            }
            put(member.name, at: 0, length: 100)
            put("0000644", at: 100, length: 8)
            put("0000000", at: 108, length: 8)
            put("0000000", at: 116, length: 8)
            put(String(format: "%011o", body.count), at: 124, length: 12)
            put("00000000000", at: 136, length: 12)
            put("        ", at: 148, length: 8)
            header[156] = UInt8(ascii: "0")
            put("ustar", at: 257, length: 6)
            put("00", at: 263, length: 2)
            let checksum = header.reduce(0) { $0 + Int($1) }
            put(String(format: "%06o", checksum), at: 148, length: 6)
            header[154] = 0
            header[155] = UInt8(ascii: " ")
            data.append(contentsOf: header)
            data.append(body)
            data.append(Data(count: (512 - body.count % 512) % 512))
        }
        data.append(Data(count: 1_024))
        return data
    }

    /// gzip-compresses with the system gzip.
    static func gzip(_ data: Data) throws -> Data {
        let folder = try TestPaths.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("payload")
        try data.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-n", file.path]
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: folder.appendingPathComponent("payload.gz"))
    }

    /// Converts UTF-8 text to another charset with the system iconv (the test's oracle encoder).
    static func iconv(_ text: String, to charset: String) throws -> Data {
        try ChildProcess("iconv", ["-f", "UTF-8", "-t", charset], input: Data(text.utf8)).runBlocking().outputData
    }
}
