import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program (pdftotext, gzip) as a sandboxed child: no shell, resource limits through
/// `prlimit` (address space, CPU seconds, output file size) and a wall-clock timeout after which it is killed.
///
/// A damaged or hostile input can crash or stall the child, never the server. Children inherit the caller's
/// blocked-signal mask on Linux (libdispatch blocks SIGTERM), so the timeout uses SIGKILL.
struct Subprocess: Sendable {
    /// Outcome of one run.
    struct Result: Sendable {
        /// Exit status, or the signal number when `wasSignalled`.
        var status: Int32
        /// Whether the child was stopped by a signal (limit exceeded or killed on timeout).
        var wasSignalled: Bool
        /// Whether the wall-clock timeout fired.
        var timedOut: Bool
        /// Standard output, when it was captured to memory.
        var standardOutput: Data
        /// The first 64 KiB of standard error.
        var standardError: String
    }

    /// Program to run (absolute path).
    var executable: String
    /// Wall-clock limit in seconds.
    var timeout: Double
    /// Address-space limit in bytes.
    var memoryLimit: Int = 2 << 30
    /// Largest file the child may write, in bytes.
    var fileSizeLimit: Int = 1 << 30

    /// Runs `executable arguments…`, capturing stdout to `outputFile` when given (else to memory).
    func run(_ arguments: [String], outputFile: URL? = nil, source: String) throws(IngestError) -> Result {
        let tool = (executable as NSString).lastPathComponent
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw .toolFailed(tool: tool, source: source, reason: "\(executable) is not installed")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-\(UUID().uuidString)")
        let stdoutURL = outputFile ?? scratch.appendingPathExtension("out")
        let stderrURL = scratch.appendingPathExtension("err")
        defer {
            try? FileManager.default.removeItem(at: stderrURL)  // best-effort cleanup of our own scratch file
            if outputFile == nil { try? FileManager.default.removeItem(at: stdoutURL) }
        }
        guard FileManager.default.createFile(atPath: stdoutURL.path, contents: nil),
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil),
            let stdoutHandle = FileHandle(forWritingAtPath: stdoutURL.path),
            let stderrHandle = FileHandle(forWritingAtPath: stderrURL.path)
        else { throw .toolFailed(tool: tool, source: source, reason: "cannot create scratch files in \(scratch.deletingLastPathComponent().path)") }

        let process = Process()
        let cpuSeconds = Int(timeout.rounded(.up)) + 1
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            process.arguments = [
                "--as=\(memoryLimit)", "--cpu=\(cpuSeconds)", "--fsize=\(fileSizeLimit)", "--core=0", "--", executable,
            ] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw .toolFailed(tool: tool, source: source, reason: "cannot start: \(error.localizedDescription)")
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        try? stdoutHandle.close()  // the child has exited; a failing close loses nothing we read later
        try? stderrHandle.close()
        // stderr only enriches error messages; an unreadable one leaves them generic.
        let errorData = (try? FileHandle(forReadingFrom: stderrURL).read(upToCount: 65_536)) ?? nil
        var output = Data()
        if outputFile == nil {
            do { output = try Data(contentsOf: stdoutURL) } catch {
                throw .toolFailed(tool: tool, source: source, reason: "cannot read its output: \(error.localizedDescription)")
            }
        }
        return Result(
            status: process.terminationStatus,
            wasSignalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut,
            standardOutput: output,
            standardError: String(decoding: errorData ?? Data(), as: UTF8.self)
        )
    }
}
