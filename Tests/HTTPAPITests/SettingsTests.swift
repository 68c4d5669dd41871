import Foundation
import HTTPAPI
import TestSupport
import Testing
@testable import HepChainApp

/// Strict settings and standard locations, run as a user runs them: the real `hepchain` and `rag-server`.
@Suite("Settings and locations")
struct SettingsTests {
    static var bin: URL { get throws { try CommandLineTests.executable.deletingLastPathComponent() } }

    /// A scratch folder removed at the end of the test.
    final class Scratch: Sendable {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-settings-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func file(_ name: String, _ text: String) throws -> String {
            let file = url.appendingPathComponent(name)
            try Data(text.utf8).write(to: file)
            return file.path
        }
    }

    /// The environment without any HEPCHAIN_* variable, plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HEPCHAIN_") }
        environment["HEPCHAIN_MODEL"] = TestPaths.model.path
        environment.merge(extra) { $1 }
        return environment
    }

    /// One bad setting: the program, its arguments (`DATA` and `SCRATCH` are replaced by a fresh empty folder and
    /// the scratch folder), the environment, and words the one-line error must contain.
    struct BadSetting: Sendable, CustomStringConvertible {
        var program = "hepchain"
        var arguments: [String]
        var environment: [String: String] = [:]
        var configFile: String?
        var expected: [String]
        var description: String { "\(program) \(arguments.joined(separator: " ")) \(environment) \(configFile ?? "")" }
    }

    static let badSettings: [BadSetting] = [
        BadSetting(arguments: ["documents", "list"], environment: ["HEPCHAIN_PORT": "abc"], expected: ["HEPCHAIN_PORT", "'abc'", "port number from 0 to 65535"]),
        BadSetting(arguments: ["documents", "list"], environment: ["HEPCHAIN_PORT": "70000"], expected: ["HEPCHAIN_PORT", "'70000'"]),
        BadSetting(arguments: ["documents", "list"], environment: ["HEPCHAIN_RATE_LIMIT": "fast"], expected: ["HEPCHAIN_RATE_LIMIT", "'fast'", "requests per second"]),
        BadSetting(arguments: ["documents", "list"], environment: ["HEPCHAIN_REQUEST_TIMEOUT": "-5"], expected: ["HEPCHAIN_REQUEST_TIMEOUT", "'-5'", "seconds"]),
        BadSetting(arguments: ["documents", "list"], environment: ["HEPCHAIN_ALLOW_PRIVATE_ADDRESSES": "maybe"], expected: ["HEPCHAIN_ALLOW_PRIVATE_ADDRESSES", "true or false"]),
        BadSetting(arguments: ["documents", "list"], environment: ["HEPCHAIN_EMBEDDING_THREADS": "0"], expected: ["HEPCHAIN_EMBEDDING_THREADS", "at least 1"]),
        BadSetting(arguments: ["documents", "list"], environment: ["HEPCHAIN_LOG_LEVEL": "loud"], expected: ["logLevel", "'loud'"]),
        BadSetting(arguments: ["documents", "list"], configFile: #"{"prot": 18210}"#, expected: ["unknown key 'prot'", "did you mean 'port'?"]),
        BadSetting(arguments: ["documents", "list"], configFile: #"{"chunkTokns": 300}"#, expected: ["unknown key 'chunkTokns'", "did you mean 'chunkTokens'?"]),
        BadSetting(arguments: ["documents", "list"], configFile: #"{"port": "abc"}"#, expected: ["port", "\"abc\"", "a whole number"]),
        BadSetting(arguments: ["documents", "list"], configFile: #"{"allowPrivateAddresses": "yes"}"#, expected: ["allowPrivateAddresses", "true or false"]),
        BadSetting(arguments: ["documents", "list"], configFile: #"{"chunkTokens": 1.5}"#, expected: ["chunkTokens", "1.5"]),
        BadSetting(arguments: ["documents", "list"], configFile: #"{"port": 99999}"#, expected: ["port must be from 1 to 65535", "99999"]),
        BadSetting(arguments: ["documents", "list"], configFile: #"[1, 2]"#, expected: ["JSON object"]),
        BadSetting(arguments: ["documents", "list"], configFile: #"{"port": 1"#, expected: ["not valid JSON"]),
        BadSetting(arguments: ["documents", "list"], configFile: "", expected: ["is empty"]),
        BadSetting(arguments: ["documents", "list", "--config", "/dev/null"], expected: ["/dev/null", "is empty"]),
        BadSetting(arguments: ["documents", "list", "--config", "SCRATCH/missing.json"], expected: ["missing.json", "no such file"]),
        BadSetting(arguments: ["search", "J/psi", "-k", "0"], expected: ["k must be between 1 and 100; got 0."]),
        BadSetting(arguments: ["search", "J/psi", "--mode", "fuzzy"], expected: ["mode must be 'dense', 'bm25' or 'hybrid'; got 'fuzzy'."]),
        BadSetting(arguments: ["search", "   "], expected: ["The query is empty."]),
        BadSetting(arguments: ["ask", "  "], expected: ["The question is empty. Ask a question in words."]),
        BadSetting(arguments: ["search", "J/psi"], expected: ["No store at", "--data"]),
        BadSetting(arguments: ["ask", "Who discovered the J/psi?"], expected: ["No store at", "index something first"]),
        BadSetting(arguments: ["documents", "list"], expected: ["No store at"]),
        BadSetting(arguments: ["collections", "create", "papers"], environment: ["HEPCHAIN_MODEL": "/nonexistent/model"], expected: ["/nonexistent/model", "HEPCHAIN_MODEL", "--model"]),
        BadSetting(program: "rag-server", arguments: [], environment: ["HEPCHAIN_PORT": "abc"], expected: ["HEPCHAIN_PORT", "'abc'"]),
        BadSetting(program: "rag-server", arguments: ["--port", "70000"], expected: ["port must be from 1 to 65535", "70000"]),
        // Issue 23 defect 4: ports wrapped (83636 listened on 18100) and `--port -1` said "Missing value".
        BadSetting(program: "rag-server", arguments: ["--port", "83636"], expected: ["port must be from 1 to 65535", "83636"]),
        BadSetting(program: "rag-server", arguments: ["--port", "-1"], expected: ["port must be from 1 to 65535", "-1"]),
        // Issue 23 defect 3: a typo'd key must not start an open server.
        BadSetting(program: "rag-server", arguments: [], configFile: #"{"apiKey": "x"}"#, expected: ["unknown key 'apiKey'", "did you mean 'apiKeys'?"]),
        BadSetting(program: "rag-server", arguments: [], configFile: #"{"prot": 18210}"#, expected: ["unknown key 'prot'", "did you mean 'port'?"]),
    ]

    @Test("Every bad setting is a one-line error naming it, exit 64; read commands never create a store", arguments: badSettings)
    func badSetting(_ row: BadSetting) async throws {
        let scratch = try Scratch()
        let data = scratch.url.appendingPathComponent("data-typo")
        var arguments = row.arguments.map { $0.replacingOccurrences(of: "SCRATCH", with: scratch.url.path) }
        arguments += ["--data", data.path]
        if let text = row.configFile { arguments += ["--config", try scratch.file("hepchain.json", text)] }
        let run = try await ChildProcess(
            executable: try Self.bin.appendingPathComponent(row.program), arguments: arguments,
            environment: Self.environment(row.environment), timeout: .seconds(120)
        ).run()
        #expect(run.status == 64, "exit status \(run.status); stderr: \(run.errors)")
        let lines = run.errors.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "one line expected:\n\(run.errors)")
        for needle in row.expected {
            #expect(run.errors.contains(needle), "'\(needle)' missing from: \(run.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: data.path), "a failed command created \(data.path)")
    }

    @Test("Listing needs no model; doctor reports model, data and config with their origins; hepchain runs from any folder")
    func locationsAndDoctor() async throws {
        let scratch = try Scratch()
        let data = scratch.url.appendingPathComponent("data").path
        let hepchain = try Self.bin.appendingPathComponent("hepchain")
        let created = try await ChildProcess(
            executable: hepchain, arguments: ["collections", "create", "papers", "--data", data], environment: Self.environment()
        ).run()
        try #require(created.status == 0, "\(created.errors)")

        // No model anywhere it is looked for: listing still works, searching names the model settings.
        let noModel = Self.environment(["HEPCHAIN_MODEL": scratch.url.appendingPathComponent("no-model").path])
        let listed = try await ChildProcess(executable: hepchain, arguments: ["documents", "--data", data], environment: noModel).run()
        #expect(listed.status == 0 && listed.output.contains("0 documents"), "\(listed.output)\(listed.errors)")
        let collections = try await ChildProcess(executable: hepchain, arguments: ["collections", "--data", data], environment: noModel).run()
        #expect(collections.status == 0 && collections.output.contains("papers"), "\(collections.output)\(collections.errors)")

        // Doctor: every part with where it came from.
        let doctor = try await ChildProcess(executable: hepchain, arguments: ["doctor", "--data", data, "--json"], environment: Self.environment()).run()
        #expect(doctor.status == 0, "\(doctor.output)\(doctor.errors)")
        let report = try JSONSerialization.jsonObject(with: doctor.outputData) as? [String: Any]
        let checks = Dictionary(
            ((report?["checks"] as? [[String: Any]]) ?? []).map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(checks["model"]?["origin"] as? String == "HEPCHAIN_MODEL", "\(doctor.output)")
        #expect(checks["data"]?["origin"] as? String == "--data", "\(doctor.output)")
        #expect((checks["data"]?["detail"] as? String)?.contains("schema") == true, "\(doctor.output)")
        #expect((checks["blas"]?["value"] as? String)?.contains("OpenBLAS kernel") == true, "\(doctor.output)")
        let broken = try await ChildProcess(executable: hepchain, arguments: ["doctor", "--data", data], environment: noModel).run()
        #expect(broken.status == 1 && broken.output.contains("PROBLEM model"), "\(broken.output)")

        // From another folder with no HEPCHAIN_* set: the model is found in the checkout this binary was built
        // from, and the data folder defaults to $XDG_DATA_HOME/hepchain/data since ./data does not exist there.
        var bare = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HEPCHAIN_") }
        bare["XDG_DATA_HOME"] = scratch.url.appendingPathComponent("xdg-data").path
        bare["XDG_CONFIG_HOME"] = scratch.url.appendingPathComponent("xdg-config").path
        let elsewhere = scratch.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let version = try await ChildProcess(executable: hepchain, arguments: ["--version"], environment: bare, currentDirectory: elsewhere).run()
        #expect(version.output.contains("Model: \(TestPaths.root.appendingPathComponent("models/all-MiniLM-L6-v2").path) (from the checkout)"), "\(version.output)")
        #expect(version.output.contains("Data: \(scratch.url.path)/xdg-data/hepchain/data (from $XDG_DATA_HOME/hepchain/data"), "\(version.output)")

        // A configuration file in $XDG_CONFIG_HOME/hepchain is found and its data folder used.
        let configFolder = scratch.url.appendingPathComponent("xdg-config/hepchain")
        try FileManager.default.createDirectory(at: configFolder, withIntermediateDirectories: true)
        try Data(#"{"dataFolder": "\#(data)"}"#.utf8).write(to: configFolder.appendingPathComponent("hepchain.json"))
        let configured = try await ChildProcess(executable: hepchain, arguments: ["collections"], environment: bare, currentDirectory: elsewhere).run()
        #expect(configured.status == 0 && configured.output.contains("papers"), "\(configured.output)\(configured.errors)")
    }

    @Test("Shared data is searched in order: $XDG_DATA_HOME/hepchain before /usr/local/share, the prefix, the checkout")
    func sharedDataOrder() throws {
        let scratch = try Scratch()
        let xdg = scratch.url.appendingPathComponent("xdg")
        let prefix = scratch.url.appendingPathComponent("prefix")
        let checkout = scratch.url.appendingPathComponent("checkout")
        for folder in [prefix.appendingPathComponent("share/hepchain"), checkout] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(Locations.modelSubpath), withIntermediateDirectories: true)
        }
        let locations = Locations(
            environment: ["XDG_DATA_HOME": xdg.path, "HOME": scratch.url.path], currentFolder: scratch.url,
            executableFolder: prefix.appendingPathComponent("bin"), checkout: checkout)
        #expect(locations.findShared(Locations.modelSubpath)?.origin == "the install prefix of the executable")
        try FileManager.default.createDirectory(
            at: xdg.appendingPathComponent("hepchain").appendingPathComponent(Locations.modelSubpath), withIntermediateDirectories: true)
        #expect(locations.findShared(Locations.modelSubpath)?.origin == "$XDG_DATA_HOME/hepchain")
        #expect(locations.defaultDataFolder.path == xdg.path + "/hepchain/data")
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("data"), withIntermediateDirectories: true)
        #expect(locations.defaultDataFolder.path == scratch.url.appendingPathComponent("data").path)

        let configuration = try ServerConfiguration.resolve(
            dataFolder: nil, configFile: nil, environment: ["HOME": scratch.url.path, "XDG_DATA_HOME": xdg.path], locations: locations)
        #expect(configuration.origins["model"] == "$XDG_DATA_HOME/hepchain")
        #expect(configuration.modelFolder == xdg.appendingPathComponent("hepchain").appendingPathComponent(Locations.modelSubpath).path)
    }

    @Test("A port in use: rag-server refuses to start with the address and port and suggests --port")
    func portInUse() async throws {
        // Hold a listening socket on a free loopback port (closed exactly once, at the end).
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socketFD >= 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && listen(socketFD, 1) == 0 && getsockname(socketFD, $0, &length) == 0 }
        }
        try #require(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let scratch = try Scratch()
        let run = try await ChildProcess(
            executable: try Self.bin.appendingPathComponent("rag-server"),
            arguments: ["--data", scratch.url.appendingPathComponent("data").path, "--host", "127.0.0.1", "--port", "\(port)", "--log-level", "error"],
            environment: Self.environment(), timeout: .seconds(120)
        ).run()
        #expect(run.status != 0)
        #expect(run.errors.contains("Cannot listen on 127.0.0.1:\(port): the address is already in use"), "\(run.errors)")
        #expect(run.errors.contains("--port"), "\(run.errors)")
    }

    @Test("Changed chunking settings re-chunk stored documents with a notice; --reindex redoes unchanged ones")
    func rechunking() async throws {
        let scratch = try Scratch()
        let data = scratch.url.appendingPathComponent("data").path
        let source = TestPaths.corpora.appendingPathComponent("text/hep-units-cheatsheet.md").path
        let hepchain = try Self.bin.appendingPathComponent("hepchain")
        func index(_ extra: [String]) async throws -> (ChildProcess.Run, [[String: Any]]) {
            let run = try await ChildProcess(
                executable: hepchain, arguments: ["index", source, "--data", data, "--json"] + extra, environment: Self.environment()
            ).run()
            let report = try JSONSerialization.jsonObject(with: run.outputData) as? [String: Any]
            return (run, report?["outcomes"] as? [[String: Any]] ?? [])
        }
        let (first, added) = try await index([])
        #expect(added.first?["status"] as? String == "added", "\(first.output)\(first.errors)")
        let defaultChunks = added.first?["chunks"] as? Int ?? 0

        let small = try scratch.file("small.json", #"{"chunkTokens": 64, "chunkOverlap": 8}"#)
        let (second, rechunked) = try await index(["--config", small])
        #expect(rechunked.first?["status"] as? String == "replaced", "\(second.output)")
        #expect(rechunked.first?["rechunkedFrom"] as? String == "tokenWindow budget=200 overlap=32", "\(second.output)")
        #expect((rechunked.first?["chunks"] as? Int ?? 0) > defaultChunks, "smaller chunks, more of them: \(second.output)")

        let (_, same) = try await index(["--config", small])
        #expect(same.first?["status"] as? String == "unchanged")
        let (_, forced) = try await index(["--config", small, "--reindex"])
        #expect(forced.first?["status"] as? String == "replaced" && forced.first?["rechunkedFrom"] == nil)

        // Without --json the change is announced on stderr.
        let human = try await ChildProcess(executable: hepchain, arguments: ["index", source, "--data", data], environment: Self.environment()).run()
        #expect(human.errors.contains("notice: the chunking settings changed since 1 document(s) were indexed (tokenWindow budget=64 overlap=8, now tokenWindow budget=200 overlap=32)"), "\(human.errors)")
    }
}
