import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A running `hepchain` whose output a test can watch as it arrives (to wait for a line).
///
/// Output goes to files that are read anew on each look, not to pipes with readability handlers: a handler
/// reading a descriptor after it has been closed and reused reads someone else's file (a test once saw a SQLite
/// database in "stdout" that way).
final class RunningCommand: Sendable {
    let process: Process
    private let folder: URL
    private let outputFile: URL
    private let errorFile: URL

    init(_ arguments: [String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-running-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        outputFile = folder.appendingPathComponent("stdout")
        errorFile = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process = Process()
        process.executableURL = try CommandLineTests.executable
        process.arguments = arguments
        process.environment = CommandLineTests.childEnvironment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: folder)
    }

    var outputText: String { String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self) }
    var errorText: String { String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self) }

    /// Waits until `condition` holds or the process ends; false on timeout or exit without it.
    func wait(upTo limit: Duration, for condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            if !process.isRunning { return condition() }
            try await Task.sleep(for: .milliseconds(25))
        }
        return condition()
    }

    /// For a server child (`hepchain serve`, `rag-server`) on `--port 0`: waits until it logs the address it listens
    /// on and returns the port, or 0 when it exits or `limit` passes first.
    func listeningPort(upTo limit: Duration = .seconds(300)) async throws -> Int {
        var port = 0
        _ = try await wait(upTo: limit) {
            let text = errorText
            guard let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else { return false }
            port = Int(text[range].split(separator: ":").last ?? "") ?? 0
            return true
        }
        return port
    }

    /// Waits for the process to exit, killing it after `limit`.
    func waitForExit(upTo limit: Duration) async throws -> Bool {
        let exited = try await wait(upTo: limit) { !process.isRunning }
        if !exited {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
        }
        // Killed above if it was still running, so this wait is short.
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return exited
    }
}

/// Interrupting `hepchain index` (SIGINT, SIGKILL) and resuming it, through the real executable.
///
/// The interruption is deterministic: the batch is `first/`, then a named pipe, then `second/`, indexed one
/// document at a time (`--jobs 1`). Reading the pipe blocks until the test writes to it, so when the test sees the
/// pipe opened for reading, every document of `first/` is committed and none of `second/` has started.
extension CommandLineTests {
    static let interruptDocuments = 6

    /// A text document of a few chunks with marker words unique to it.
    static func interruptSource(_ group: String, _ index: Int) -> String {
        (0..<4).map { paragraph in
            let words = (0..<24).map { "\(group)\(index)w\(paragraph)x\($0 % 7)" }.joined(separator: " ")
            return "Run \(group) \(index) paragraph \(paragraph) records marker zq\(group)\(index)p\(paragraph) in the muon chambers. \(words)."
        }.joined(separator: "\n\n")
    }

    struct Listed: Hashable {
        var id: String
        var source: String
        var chunks: Int
    }

    func listDocuments(_ data: String) async throws -> [Listed] {
        let listed = try await run(["documents", "list", "--data", data, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any]
        let documents = try #require(object?["documents"] as? [[String: Any]], "\(listed.output) \(listed.errors)")
        return documents.map {
            Listed(id: $0["id"] as? String ?? "", source: $0["source"] as? String ?? "", chunks: $0["chunks"] as? Int ?? -1)
        }.sorted { $0.source < $1.source }
    }

    func collectionChunks(_ data: String) async throws -> Int? {
        let listed = try await run(["collections", "list", "--data", data, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any]
        return (object?["collections"] as? [[String: Any]])?.first { $0["name"] as? String == "default" }?["chunks"] as? Int
    }

    /// Opens the pipe for writing once `hepchain` has opened it for reading (before that, open fails with ENXIO).
    func openPipeWhenRead(_ path: String, by command: RunningCommand) async throws -> FileHandle? {
        var descriptor: Int32 = -1
        _ = try await command.wait(upTo: .seconds(600)) {
            if descriptor < 0 { descriptor = open(path, O_WRONLY | O_NONBLOCK) }
            return descriptor >= 0
        }
        return descriptor >= 0 ? FileHandle(fileDescriptor: descriptor, closeOnDealloc: true) : nil
    }

    func interruptAndResume(signal: Int32) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-interrupt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("first")
        let second = folder.appendingPathComponent("second")
        for (group, url) in [("a", first), ("b", second)] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for index in 0..<Self.interruptDocuments {
                try Self.interruptSource(group, index).write(
                    to: url.appendingPathComponent("run-\(group)\(index).txt"), atomically: true, encoding: .utf8)
            }
        }
        let pipe = folder.appendingPathComponent("stall.txt").path
        #expect(mkfifo(pipe, 0o600) == 0)

        // What an uninterrupted run stores, to compare with.
        let reference = try await run(["index", first.path, second.path, "--data", folder.appendingPathComponent("reference").path])
        #expect(reference.status == 0, "\(reference.errors)")
        let expected = try await listDocuments(folder.appendingPathComponent("reference").path)
        try #require(expected.count == 2 * Self.interruptDocuments && expected.allSatisfy { $0.chunks >= 2 }, "\(expected)")
        // Listed as the API lists them (issue 19): sources relative to the folder indexed, here first/ or second/.
        let expectedFirst = expected.filter { $0.source.hasPrefix("run-a") }
        try #require(expectedFirst.count == Self.interruptDocuments, "\(expected)")

        let data = folder.appendingPathComponent("data").path
        let command = try RunningCommand(["index", first.path, pipe, second.path, "--jobs", "1", "--data", data])
        let writer = try await openPipeWhenRead(pipe, by: command)
        try #require(writer != nil, "hepchain never reached the pipe: \(command.errorText)")
        kill(command.process.processIdentifier, signal)
        if signal == SIGINT {
            // Only once hepchain has taken the interrupt, let the pending document through: it must be dropped.
            let acknowledged = try await command.wait(upTo: .seconds(120)) { command.errorText.contains("Interrupted") }
            #expect(acknowledged, "no interrupt message: \(command.errorText)")
            writer?.write(Data(Self.interruptSource("c", 0).utf8))
        }
        try writer?.close()
        let exited = try await command.waitForExit(upTo: .seconds(300))
        #expect(exited, "hepchain did not exit after the signal")

        if signal == SIGINT {
            #expect(command.process.terminationReason == .exit && command.process.terminationStatus == 130)
            #expect(command.outputText.contains("Interrupted: Indexed \(Self.interruptDocuments),"), "\(command.outputText)")
            #expect(command.outputText.contains("not done \(Self.interruptDocuments + 1)"), "\(command.outputText)")
            #expect(command.errorText.contains("run the same command again"), "\(command.errorText)")
            // The document that was in progress is named as rolled back.
            #expect(command.errorText.contains("rolled back (nothing stored; the next run indexes them): stall.txt"), "\(command.errorText)")
        } else {
            #expect(command.process.terminationReason == .uncaughtSignal && command.process.terminationStatus == SIGKILL)
        }

        // Exactly the documents before the pipe, each complete; nothing of the pipe or of second/.
        let interrupted = try await listDocuments(data)
        #expect(interrupted == expectedFirst, "stored after the interrupt: \(interrupted)")
        let interruptedChunks = try await collectionChunks(data)
        #expect(interruptedChunks == expectedFirst.reduce(0) { $0 + $1.chunks }, "no partial document's chunks")

        // Resuming stores the rest, each document exactly once.
        let resumed = try await run(["index", first.path, second.path, "--data", data, "--json"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        let report = try JSONSerialization.jsonObject(with: Data(resumed.output.utf8)) as? [String: Any]
        let outcomes = report?["outcomes"] as? [[String: Any]] ?? []
        #expect(outcomes.filter { $0["status"] as? String == "unchanged" }.count == Self.interruptDocuments, "\(resumed.output)")
        #expect(outcomes.filter { $0["status"] as? String == "added" }.count == Self.interruptDocuments, "\(resumed.output)")
        #expect(report?["interrupted"] as? Bool == false)
        let final = try await listDocuments(data)
        #expect(final == expected, "after the resume: \(final)")
        #expect(Set(final.map(\.id)).count == final.count && Set(final.map(\.source)).count == final.count, "no duplicates")
        let finalChunks = try await collectionChunks(data)
        #expect(finalChunks == expected.reduce(0) { $0 + $1.chunks })

        // The vector index caught up with what the killed run committed.
        let paragraph = Self.interruptSource("a", 2).components(separatedBy: "\n\n")[2]
        let search = try await run(["search", paragraph, "--mode", "dense", "-k", "1", "--data", data, "--json"])
        let hits = (try JSONSerialization.jsonObject(with: Data(search.output.utf8)) as? [String: Any])?["hits"] as? [[String: Any]]
        let citation = hits?.first?["citation"] as? [String: Any]
        // A citation shows a local file by its name only (`Citation.shownSource`); run-a files are all in first/.
        #expect(citation?["source"] as? String == "run-a2.txt", "\(search.output)")
    }

    @Test("SIGINT stops `hepchain index` cleanly: status 130, a summary with how to resume, the pending document dropped; the rerun adds the rest once")
    func interruptWithSIGINT() async throws {
        try await interruptAndResume(signal: SIGINT)
    }

    @Test("SIGKILL mid-batch leaves only complete documents; the rerun adds the rest once")
    func killWithSIGKILL() async throws {
        try await interruptAndResume(signal: SIGKILL)
    }
}
