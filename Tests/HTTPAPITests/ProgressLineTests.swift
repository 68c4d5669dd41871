import Foundation
import HTTPAPI
import TestSupport
import Testing
@testable import HepChainApp

/// The live progress line of `hepchain index` fits the terminal, so redraws never leave wrapped lines behind.
@Suite("Progress line")
struct ProgressLineTests {
    static let longName = "neutrino-oscillation-measurements-at-daya-bay-and-江门中微子实验-a-very-long-file-name-indeed.pdf"

    @Test("The line is narrower than the terminal at 60, 80 and 200 columns; the name is shortened in the middle", arguments: [60, 80, 200])
    func fits(columns: Int) {
        let line = ProgressLine(
            fraction: 0.5, required: ["12/24 files", "1 failed"], optional: ["ETA 1:05", "812 chunks", "1.2 MB/s", "3.4 MB/7.0 MB"],
            name: Self.longName)
        let text = line.render(columns: columns)
        #expect(ProgressLine.displayWidth(text) <= columns - 1, "\(ProgressLine.displayWidth(text)) columns: \(text)")
        #expect(text.contains("12/24 files") && text.contains("1 failed"), "\(text)")
        #expect(text.contains(".pdf"), "the name keeps its end: \(text)")
        if columns >= 200 {
            #expect(text.contains(Self.longName) && text.contains("3.4 MB/7.0 MB"), "everything fits at 200 columns: \(text)")
        } else {
            #expect(text.contains("…"), "\(text)")
        }
    }

    @Test("Display width counts Chinese characters as two columns and combining marks as none")
    func displayWidth() {
        #expect(ProgressLine.displayWidth("江门") == 4)
        #expect(ProgressLine.displayWidth("e\u{301}") == 1)
        #expect(ProgressLine.displayWidth(ProgressLine.shorten(Self.longName, to: 21)) <= 21)
    }

    @Test("hepchain index on a pseudo-terminal draws every redraw within the width: 60, 80 and 200 columns", arguments: [60, 80, 200])
    func pseudoTerminal(columns: Int) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-pty-\(UUID().uuidString)")
        let sources = folder.appendingPathComponent("sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: TestPaths.corpora.appendingPathComponent("text/hep-units-cheatsheet.md"),
            to: sources.appendingPathComponent(Self.longName.replacingOccurrences(of: ".pdf", with: ".md")))
        try FileManager.default.copyItem(
            at: TestPaths.corpora.appendingPathComponent("html/jet-tagging.html"), to: sources.appendingPathComponent("jet-tagging.html"))
        let hepchain = try CommandLineTests.executable.path
        let data = folder.appendingPathComponent("data").path
        // util-linux `script` runs the command on a new pseudo-terminal and copies what it draws to stdout.
        let command = "stty cols \(columns) rows 24; exec '\(hepchain)' index '\(sources.path)' --data '\(data)'"
        let run = try await ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/script"), arguments: ["-qec", command, "/dev/null"],
            environment: CommandLineTests.childEnvironment
        ).run()
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        let redraws = run.output.components(separatedBy: "\r\u{1B}[2K").dropFirst().map { piece in
            // By scalars: "\r\n" is one Character in Swift.
            String(String.UnicodeScalarView(piece.unicodeScalars.prefix { $0 != "\r" && $0 != "\n" }))
        }
        #expect(!redraws.isEmpty, "no progress drawn: \(run.output.debugDescription)")
        for line in redraws {
            #expect(ProgressLine.displayWidth(line) <= columns - 1, "\(ProgressLine.displayWidth(line)) columns at \(columns): \(line)")
        }
        #expect(run.output.contains("Indexed 2"), "\(run.output)")
    }
}
