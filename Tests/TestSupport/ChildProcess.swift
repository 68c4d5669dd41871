public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process run to completion: how the tests run `hepchain`, `rag-server`, `python3` and the oracle tools
/// (pdftotext, sha256sum, iconv, gzip).
///
/// Two rules keep a test run from hanging:
/// - The wait happens on a thread of its own, never on Swift's cooperative pool. The pool has one thread per
///   core (two here); a child that talks to a server in this process (the API test server, the stand-in arXiv)
///   needs that pool to get an answer, so blocking it while waiting for the child can deadlock.
/// - Output goes to files, not pipes: two pipes read one after the other stall a child that fills the second,
///   and a test once read a SQLite database through a pipe descriptor that had been closed and reused.
/// A child still running after `timeout` is killed, and `timedOut` says so.
public struct ChildProcess: Sendable {
    public struct Run: Sendable {
        public var status: Int32
        public var outputData: Data
        public var errors: String
        public var timedOut: Bool

        public var output: String { String(decoding: outputData, as: UTF8.self) }
    }

    public var executable: URL
    public var arguments: [String]
    public var environment: [String: String]?
    public var input: Data?
    public var timeout: Duration
    /// The folder the child starts in (nil: this process's current folder).
    public var currentDirectory: URL?

    /// `input`, when given, is the child's standard input; otherwise it reads /dev/null.
    public init(
        executable: URL, arguments: [String], environment: [String: String]? = nil, input: Data? = nil, timeout: Duration = .seconds(900),
        currentDirectory: URL? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.input = input
        self.timeout = timeout
        self.currentDirectory = currentDirectory
    }

    /// A program found on the PATH (`/usr/bin/env` finds it).
    public init(_ program: String, _ arguments: [String], input: Data? = nil) {
        self.init(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: [program] + arguments, input: input)
    }

    /// Runs the child on a thread of its own and waits for it without blocking the cooperative pool.
    public func run() async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try runBlocking() }) }
            thread.start()
        }
    }

    /// Runs the child on the calling thread: only for tests that talk to no server in this process.
    public func runBlocking() throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputFile = folder.appendingPathComponent("stdout")
        let errorFile = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        if let input {
            let inputFile = folder.appendingPathComponent("stdin")
            try input.write(to: inputFile)
            process.standardInput = try FileHandle(forReadingFrom: inputFile)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
        var timedOut = false
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        return Run(
            status: process.terminationStatus,
            outputData: (try? Data(contentsOf: outputFile)) ?? Data(),
            errors: String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self),
            timedOut: timedOut)
    }
}
