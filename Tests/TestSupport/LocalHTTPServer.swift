package import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway HTTP server on 127.0.0.1 (Python's http.server) with the routes the fetcher tests need.
package final class LocalHTTPServer {
    package let process = Process()
    package let folder: URL
    package let port: Int

    package static let script = #"""
        import sys, time, http.server, socketserver, urllib.parse
        folder = sys.argv[1]
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def send(self, status, body, content_type=None, headers=()):
                self.send_response(status)
                if content_type: self.send_header("Content-Type", content_type)
                for key, value in headers: self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def do_GET(self):
                path = self.path
                if path == "/page.html": self.send(200, open(folder + "/page.html", "rb").read(), "text/html; charset=GBK")
                elif path == "/paper": self.send(200, open(folder + "/paper.pdf", "rb").read(), "application/octet-stream")
                elif path == "/redirect": self.send(302, b"", None, [("Location", "/page.html")])
                elif path == "/loop": self.send(302, b"", None, [("Location", "/loop")])
                elif path == "/to-metadata": self.send(302, b"", None, [("Location", "http://169.254.169.254/latest/meta-data/")])
                elif path == "/big": self.send(200, b"x" * (3 << 20), "text/plain")
                elif path.startswith("/to?"): self.send(302, b"", None, [("Location", urllib.parse.unquote(path[4:]))])
                elif path == "/host": self.send(200, self.headers.get("Host", "").encode(), "text/plain")
                elif path == "/endless":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    chunk = b"x" * 65536
                    try:
                        while True: self.wfile.write(chunk)
                    except Exception: pass
                elif path == "/trickle":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    try:
                        for _ in range(1000):
                            self.wfile.write(b"x"); self.wfile.flush(); time.sleep(0.2)
                    except Exception: pass
                elif path == "/slow":
                    time.sleep(4)
                    self.send(200, b"late", "text/plain")
                else: self.send(404, b"missing", "text/plain")
        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
        server = Server(("127.0.0.1", 0), Handler)
        with open(folder + "/port", "w") as f: f.write(str(server.server_address[1]))
        server.serve_forever()
        """#

    package init(files: [String: Data]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("local-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        let scriptURL = folder.appendingPathComponent("server.py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [scriptURL.path, folder.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let portFile = folder.appendingPathComponent("port")
        var found: Int?
        for _ in 0..<200 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let value = Int(text) {
                found = value
                break
            }
            Thread.sleep(forTimeInterval: 0.025)
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile)
        }
        port = found
    }

    package func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    deinit {
        // SIGKILL: children of the test runner inherit a signal mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
