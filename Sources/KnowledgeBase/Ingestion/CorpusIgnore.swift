public import Foundation
import Synchronization

/// Which files of a corpus folder are not documents: the corpus's own notes (`README*`) and whatever the folder's
/// `.hepchainignore` files list. Applies only to files found by walking a folder: a file named on the command line
/// is always indexed.
///
/// `.hepchainignore`: one shell glob per line (`*`, `?`, `[…]`), matched against the file's path relative to the
/// folder holding the ignore file and against its name; `#` starts a comment; `!pattern` indexes matching files
/// again (e.g. `!README.md`). Ignore files in subfolders add to their parents'.
///
/// Usage example:
/// ```swift
/// let ignore = CorpusIgnore(root: URL(fileURLWithPath: "corpora"))
/// let documents = files.filter { !ignore.ignores($0) }
/// ```
public struct CorpusIgnore: Sendable {
    /// The ignore file's name.
    public static let fileName = ".hepchainignore"
    /// Patterns every corpus folder starts with: the corpus's notes are not documents.
    public static let defaultPatterns = ["README", "README.*", "readme", "readme.*", "Readme.*"]

    /// The folder being walked.
    public let root: URL
    private let cache = PatternCache()

    /// Rules for the folder `root`.
    public init(root: URL) { self.root = root.standardizedFileURL }

    /// Whether `file` (under `root`) is not a document.
    public func ignores(_ file: URL) -> Bool {
        let path = file.standardizedFileURL.path
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        guard path.hasPrefix(rootPath) else { return false }
        let relative = String(path.dropFirst(rootPath.count))
        let name = file.lastPathComponent
        var ignored = Self.defaultPatterns.contains { Self.matches($0, name) }
        // Ignore files from the root down to the file's folder; later (deeper) rules win.
        var folder = root
        var components = relative.split(separator: "/").map(String.init)
        components.removeLast()
        var folders = [(folder, "")]
        var prefix = ""
        for component in components {
            folder = folder.appendingPathComponent(component)
            prefix += component + "/"
            folders.append((folder, prefix))
        }
        for (folder, prefix) in folders {
            let local = String(relative.dropFirst(prefix.count))
            for rule in cache.rules(in: folder) {
                if Self.matches(rule.pattern, local) || Self.matches(rule.pattern, name) { ignored = !rule.negated }
            }
        }
        return ignored
    }

    static func matches(_ pattern: String, _ text: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }

    struct Rule: Sendable {
        var pattern: String
        var negated: Bool
    }

    /// Parsed `.hepchainignore` files by folder (read once per walk).
    private final class PatternCache: Sendable {
        private let known = Mutex<[String: [Rule]]>([:])

        func rules(in folder: URL) -> [Rule] {
            if let rules = known.withLock({ $0[folder.path] }) { return rules }
            var parsed: [Rule] = []
            if let text = try? String(contentsOf: folder.appendingPathComponent(CorpusIgnore.fileName), encoding: .utf8) {
                for line in text.split(whereSeparator: \.isNewline) {
                    var pattern = line.trimmingCharacters(in: .whitespaces)
                    guard !pattern.isEmpty, !pattern.hasPrefix("#") else { continue }
                    let negated = pattern.hasPrefix("!")
                    if negated { pattern.removeFirst() }
                    if pattern.hasSuffix("/") { pattern += "*" }
                    parsed.append(Rule(pattern: pattern, negated: negated))
                }
            }
            known.withLock { $0[folder.path] = parsed }
            return parsed
        }
    }
}
