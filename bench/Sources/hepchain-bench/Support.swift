import ArgumentParser
import Foundation
import KnowledgeBase

/// Prints an encodable value as one JSON line with sorted keys on stdout (the scripts add fields with `sed`).
func printJSONLine<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Writes a line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// "1.2 MB".
func formatBytes(_ bytes: Double) -> String {
    if bytes >= 1_000_000 { return String(format: "%.1f MB", bytes / 1_000_000) }
    if bytes >= 1000 { return String(format: "%.0f kB", bytes / 1000) }
    return "\(Int(bytes)) B"
}

/// The value below which `fraction` of `sorted` (ascending, not empty) lies.
func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]
}

/// Seconds since an arbitrary start, for timing loops.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// User + system CPU seconds of this process, plus its waited-for children when `children` is set.
func processCPUSeconds(children: Bool = false) -> Double {
    func total(_ who: Int32) -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(who), &usage)
        #else
        getrusage(who, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
    #if os(Linux)
    return total(RUSAGE_SELF.rawValue) + (children ? total(RUSAGE_CHILDREN.rawValue) : 0)
    #else
    return total(RUSAGE_SELF) + (children ? total(RUSAGE_CHILDREN) : 0)
    #endif
}

/// The question texts of an evaluation file, read as `hepchain eval` reads it (`EvaluationQuestion.texts`), refusing
/// a file that holds none.
func questionTexts(_ path: String) throws -> [String] {
    let texts = try EvaluationQuestion.texts(URL(fileURLWithPath: path))
    guard !texts.isEmpty else { throw ValidationError("'\(path)' holds no questions.") }
    return texts
}

/// The string field `field` of every line of a JSON-lines file (blank lines skipped), with an error naming the
/// file and line that lacks it.
func jsonLinesField(_ field: String, of path: String) throws -> [String] {
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw ValidationError("Cannot read '\(path)': \((error as NSError).localizedDescription)")
    }
    var values: [String] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where !line.allSatisfy(\.isWhitespace) && !line.hasPrefix("//") {
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        guard let value = object?[field] as? String else {
            throw ValidationError("Line \(number + 1) of '\(path)' is not a JSON object with a string field \"\(field)\".")
        }
        values.append(value)
    }
    guard !values.isEmpty else { throw ValidationError("'\(path)' holds no JSON lines with a \"\(field)\" field.") }
    return values
}

/// Comma-separated positive integers, e.g. `--ef 16,32,64`.
func positiveIntegers(_ list: String, option: String) throws -> [Int] {
    try list.split(separator: ",").map { value in
        guard let number = Int(value.trimmingCharacters(in: .whitespaces)), number > 0 else {
            throw ValidationError("\(option) takes positive integers separated by commas; got '\(value)'.")
        }
        return number
    }
}

/// The model folder: the option, else $HEPCHAIN_MODEL, else models/all-MiniLM-L6-v2 in the working directory.
func modelFolder(_ option: String?) -> URL {
    URL(fileURLWithPath: option ?? ProcessInfo.processInfo.environment["HEPCHAIN_MODEL"] ?? "models/all-MiniLM-L6-v2")
}
