import ArgumentParser
import Foundation

/// Prints an encodable value as pretty JSON on stdout.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Prints one compact JSON line on stdout.
func printJSONLine<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Writes a line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// True when stderr is a terminal (live progress) rather than a log file or pipe.
var isInteractive: Bool { isatty(STDERR_FILENO) != 0 }

/// "1.2 MB".
func formatBytes(_ bytes: Double) -> String {
    if bytes >= 1_000_000 { return String(format: "%.1f MB", bytes / 1_000_000) }
    if bytes >= 1000 { return String(format: "%.0f kB", bytes / 1000) }
    return "\(Int(bytes)) B"
}

/// "1:05" or "0:07".
func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "--:--" }
    let total = Int(seconds.rounded())
    if total >= 3600 { return String(format: "%d:%02d:%02d", total / 3600, total % 3600 / 60, total % 60) }
    return String(format: "%d:%02d", total / 60, total % 60)
}

/// A page range as "3" or "3–4".
func pageRange(_ start: Int, _ end: Int) -> String { start == end ? "\(start)" : "\(start)–\(end)" }

/// A usage error in one line (ArgumentParser's `ValidationError` adds the usage text): prints `Error: message` on
/// stderr and returns the exit code to throw, 64 (EX_USAGE), the code a bad setting gets too.
func usageError(_ message: String) -> ExitCode {
    printError("Error: \(message)")
    return ExitCode(64)
}
