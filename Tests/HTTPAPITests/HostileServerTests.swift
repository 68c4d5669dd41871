import Foundation
import Synchronization
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The target of issue 23 as one bounded run: a real `hepchain serve` process under slow heads, 2,000 idle
/// sockets, endless URL bodies and 64 `/v1/ask` clients that leave early, while a prober searches and the
/// server's resident memory is sampled. RSS must stay under 500 MB and `/v1/search` p99 under 100 ms.
@Suite(
    "A real server under hostile clients", .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["HEPCHAIN_HOSTILE_TESTS"] == "1",
        "run by scripts/hostile-tests.sh on its own: its latency bound means nothing beside the rest of the suite"))
struct HostileServerTests {
    @Test("RSS stays under 500 MB and search p99 under 100 ms through slow heads, idle sockets, endless URLs and leaving askers")
    func hostileMix() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-hostile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let index = try await ChildProcess(
            executable: try CommandLineTests.executable,
            arguments: ["index", "--data", data, TestPaths.corpora.appendingPathComponent("html").path],
            environment: CommandLineTests.childEnvironment, timeout: .seconds(600)
        ).run()
        try #require(index.status == 0, "indexing failed: \(index.errors)")

        let upstream = try EndlessUpstream()
        defer { upstream.stop() }
        // --allow-private-addresses is the explicit test hook that lets the fetcher reach the loopback upstream.
        let server = try RunningCommand([
            "serve", "--data", data, "--host", "127.0.0.1", "--port", "0", "--log-level", "notice",
            "--allow-private-addresses", "--idle-timeout", "5", "--request-timeout", "30",
        ])
        defer { kill(server.process.processIdentifier, SIGKILL) }
        let port = try await server.listeningPort()
        try #require(port > 0, "the server did not start: \(server.errorText)")
        let listening = port
        let pid = server.process.processIdentifier
        let client = LoopbackClient(base: URL(string: "http://127.0.0.1:\(port)")!)
        let search = #"{"query": "J/psi meson mass", "k": 5}"#
        // Warm the index and the model before measuring.
        for _ in 0..<5 { _ = try await client.post("/v1/search", raw: Data(search.utf8), contentType: "application/json") }

        let sampler = RSSSampler(pid: pid)
        let samplerTask = Task { await sampler.run() }
        let latencies = Mutex<[Double]>([])
        let failures = Mutex<[String]>([])
        // The prober keeps one connection of its own, busy every 50 ms: in the shared pool it could pick a
        // connection an upload left idle just as the server's idle timeout closed it, and a POST is not retried.
        let prober = LoopbackClient(base: client.base, session: LoopbackClient.singleConnectionSession())
        let probing = Task {
            while !Task.isCancelled {
                let start = ContinuousClock.now
                var problem: String?
                do {
                    let reply = try await prober.post("/v1/search", raw: Data(search.utf8), contentType: "application/json")
                    if reply.status != 200 { problem = "search \(reply.status): \(reply.text.prefix(200))" }
                } catch {
                    problem = "search failed: \(error)"
                }
                let elapsed = ContinuousClock.now - start
                latencies.withLock { $0.append(Double(elapsed.components.attoseconds) * 1e-15 + Double(elapsed.components.seconds) * 1000) }
                if let problem { failures.withLock { $0.append("\(problem) after \(elapsed)") } }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }

        // 2,000 idle sockets and 20 heads trickling a line every 0.5 s.
        let idle = try await RawHTTPConnection.onThread { Result { try (0..<2_000).map { _ in try RawHTTPConnection(port: listening) } } }.get()
        let slowHeads = try (0..<20).map { _ in try RawHTTPConnection(port: port) }
        let trickling = Task {
            await withTaskGroup(of: Double?.self) { group in
                for connection in slowHeads {
                    group.addTask {
                        await connection.trickleHeadLines(["GET /healthz HTTP/1.1"] + (0..<40).map { "X-Line-\($0): x" }, interval: 0.5, limit: 10)
                    }
                }
                for await _ in group {}
            }
        }
        // Two endless URL bodies, fetched as uploads.
        let endlessURL = upstream.url("/endless")
        let endless = Task {
            await withTaskGroup(of: Int.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        (try? await client.post("/v1/documents", json: ["url": endlessURL]))?.status ?? 0
                    }
                }
                return await group.reduce(into: [Int]()) { $0.append($1) }
            }
        }
        // 64 askers that leave after half a second.
        let ask = #"{"question": "What is the mass of the J/psi meson?"}"#
        let askRequest = "POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(ask.utf8.count)\r\n\r\n\(ask)"
        let askers = try (0..<64).map { _ in try RawHTTPConnection(port: port) }
        for asker in askers { _ = asker.sendText(askRequest) }
        try await Task.sleep(for: .milliseconds(500))
        for asker in askers { asker.shutdownBoth() }

        let endlessStatuses = await endless.value
        await trickling.value
        try await Task.sleep(for: .seconds(6))  // past the idle timeout
        probing.cancel()
        _ = await probing.value
        samplerTask.cancel()
        let peak = await samplerTask.value

        let openIdle = await RawHTTPConnection.onThread { idle.filter { !$0.closedWithin(seconds: 0.01) }.count }
        #expect(openIdle == 0, "\(openIdle) idle sockets still open after the idle timeout")
        #expect(endlessStatuses.allSatisfy { $0 == 413 }, "endless URL bodies: \(endlessStatuses)")
        #expect(peak < 500 << 20, "peak RSS \(peak >> 20) MB")
        let sorted = latencies.withLock { $0 }.sorted()
        let p99 = sorted.isEmpty ? .infinity : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        #expect(sorted.count >= 20 && p99 < 100, "search p99 \(p99) ms over \(sorted.count) searches (p50 \(sorted.isEmpty ? 0 : sorted[sorted.count / 2]) ms)")
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(5))")
        #expect(try await client.get("/healthz").status == 200)
        print("hostile mix: peak RSS \(peak >> 20) MB, search p50 \(sorted.isEmpty ? 0 : sorted[sorted.count / 2]) ms p99 \(p99) ms over \(sorted.count)")
    }
}

extension HostileServerTests {
    @Test("A job accepted with 202 survives kill -9: after a restart its id is known and it is reported failed with what it did not finish")
    func jobSurvivesKill() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-jobkill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let upstream = try EndlessUpstream()
        defer { upstream.stop() }
        let urls = [upstream.url("/slow/1"), upstream.url("/slow/2")]

        func start() async throws -> (RunningCommand, LoopbackClient) {
            let server = try RunningCommand([
                "serve", "--data", data, "--host", "127.0.0.1", "--port", "0", "--log-level", "notice", "--allow-private-addresses",
            ])
            let port = try await server.listeningPort()
            try #require(port > 0, "the server did not start: \(server.errorText)")
            return (server, LoopbackClient(base: URL(string: "http://127.0.0.1:\(port)")!))
        }

        let (first, firstClient) = try await start()
        let accepted = try await firstClient.post("/v1/documents", json: ["urls": urls])
        #expect(accepted.status == 202, "\(accepted.text)")
        let id = try #require(try accepted.json()["id"] as? String)
        #expect((try await firstClient.get("/v1/jobs/\(id)").json()["state"] as? String) == "running")
        kill(first.process.processIdentifier, SIGKILL)
        _ = try await first.waitForExit(upTo: .seconds(30))

        let (second, secondClient) = try await start()
        defer { kill(second.process.processIdentifier, SIGKILL) }
        let reply = try await secondClient.get("/v1/jobs/\(id)")
        #expect(reply.status == 200, "the job id is unknown after the restart: \(reply.text)")
        let job = try reply.json()
        #expect(job["state"] as? String == "failed", "\(reply.text)")
        let errors = job["errors"] as? [[String: Any]] ?? []
        #expect(Set(errors.compactMap { $0["source"] as? String }) == Set(urls), "\(reply.text)")
        #expect(errors.allSatisfy { ($0["message"] as? String)?.contains("server stopped while this job ran") == true }, "\(reply.text)")
    }
}

/// Samples a process's resident set size (`VmRSS` in /proc) every 100 ms and returns the peak in bytes.
actor RSSSampler {
    let pid: Int32
    init(pid: Int32) { self.pid = pid }

    func run() async -> Int {
        var peak = 0
        while !Task.isCancelled {
            peak = max(peak, Self.rss(pid))
            try? await Task.sleep(for: .milliseconds(100))
        }
        return max(peak, Self.rss(pid))
    }

    static func rss(_ pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return kilobytes * 1024
    }
}

/// A loopback HTTP server (Python) whose `/endless` body never ends.
final class EndlessUpstream {
    let process: Process
    let port: Int
    let folder: URL

    static let script = #"""
        import sys, time, http.server, socketserver
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def do_GET(self):
                if self.path.startswith("/slow"):
                    time.sleep(120)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                chunk = b"endless text " * 5000
                try:
                    while True: self.wfile.write(chunk)
                except Exception: pass
        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
        server = Server(("127.0.0.1", 0), Handler)
        with open(sys.argv[1], "w") as f: f.write(str(server.server_address[1]))
        server.serve_forever()
        """#

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-endless-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("server.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let portFile = folder.appendingPathComponent("port")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, portFile.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var found = 0
        for _ in 0..<400 where found == 0 {
            found = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) } ?? 0
            if found == 0 { Thread.sleep(forTimeInterval: 0.025) }
        }
        self.process = process
        self.port = found
        guard found > 0 else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile)
        }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
