import Foundation

/// Prepares LaTeX source for conversion: strips comments, follows `\input`/`\include`/`\subfile`/`\import`
/// (refusing loops and paths that leave the submission), and expands simple `\newcommand`/`\def` macros.
/// Nothing is executed: no shell escape, no `\catcode`, no conditionals beyond dropping `\iffalse…\fi`.
struct LaTeXExpander {
    var files: [String: String]
    var source: String
    /// Largest expanded text in scalars; guards against a small file included thousands of times.
    var maxExpandedLength = 16 << 20
    /// Deepest `\input` nesting.
    var maxDepth = 24

    /// A user macro: number of arguments and replacement text with `#1`…`#9`.
    struct Macro {
        var arity: Int
        var body: String
    }

    // MARK: - Comments and inclusion

    /// Removes `%` comments (not `\%`), `\begin{comment}…\end{comment}` and `\iffalse…\fi` blocks.
    static func stripComments(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let percent = commentStart(line) else {
                lines.append(line)
                continue
            }
            let kept = line[..<percent]
            // A comment-only line vanishes with its newline, so it cannot create a paragraph break.
            if kept.allSatisfy(\.isWhitespace) { continue }
            lines.append(kept)
        }
        var result = lines.joined(separator: "\n")
        for (open, close) in [("\\begin{comment}", "\\end{comment}"), ("\\iffalse", "\\fi")] {
            while let start = result.range(of: open), let end = result.range(of: close, range: start.upperBound..<result.endIndex) {
                result.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        return result
    }

    private static func commentStart(_ line: Substring) -> Substring.Index? {
        var backslashes = 0
        for index in line.indices {
            let character = line[index]
            if character == "%", backslashes % 2 == 0 { return index }
            backslashes = character == "\\" ? backslashes + 1 : 0
        }
        return nil
    }

    /// The main file with every included file spliced in, comments removed.
    func expandInputs(of path: String) throws(IngestError) -> String {
        var total = 0
        return try expand(path, stack: [], total: &total)
    }

    private func expand(_ path: String, stack: [String], total: inout Int) throws(IngestError) -> String {
        if stack.contains(path) { throw .inclusionLoop(source: source, file: path) }
        if stack.count >= maxDepth { throw .inclusionLoop(source: source, file: path) }
        let text = Self.stripComments(files[path] ?? "")
        total += text.unicodeScalars.count
        if total > maxExpandedLength { throw .tooLarge(source: source, limit: "\(maxExpandedLength >> 20) M characters of expanded LaTeX") }
        let directory = (path as NSString).deletingLastPathComponent
        // \import{dir}{file}, \subimport{dir}{file}, \input{file}, \include{file}, \subfile{file}, \input file
        let inclusion = /\\(?:(?:sub)?import\*?\s*\{([^{}]*)\}\s*\{([^{}]*)\}|(?:input|include|subfile)\s*(?:\{([^{}]*)\}|\s([A-Za-z0-9_.\/\-]+)))/
        var result = ""
        var cursor = text.startIndex
        for match in text.matches(of: inclusion) {
            result += text[cursor..<match.range.lowerBound]
            cursor = match.range.upperBound
            var name: String
            if let folder = match.1, let file = match.2 {
                name = folder.hasSuffix("/") || folder.isEmpty ? String(folder + file) : String(folder + "/" + file)
            } else {
                name = String(match.3 ?? match.4 ?? "")
            }
            name = name.trimmingCharacters(in: .whitespaces)
            guard let resolved = resolve(name, from: directory) else {
                continue  // a missing file (figures, .sty) is not an error; LaTeX would fail, but the text is still useful
            }
            result += "\n" + (try expand(resolved, stack: stack + [path], total: &total)) + "\n"
        }
        result += text[cursor...]
        return result
    }

    private func resolve(_ name: String, from directory: String) -> String? {
        guard !name.isEmpty else { return nil }
        for base in [directory, ""] {
            let joined = base.isEmpty ? name : base + "/" + name
            guard let safe = TarArchive.safePath(joined) else { continue }
            for candidate in [safe, safe + ".tex"] where files[candidate] != nil {
                return candidate
            }
        }
        return nil
    }

    // MARK: - Macros

    /// Collects `\newcommand`, `\renewcommand`, `\providecommand`, `\DeclareRobustCommand` and parameterless `\def`.
    static func macros(in text: String) -> [String: Macro] {
        var macros: [String: Macro] = [:]
        let scanner = LaTeXScanner(text)
        var index = 0
        let commands: Set<String> = ["newcommand", "renewcommand", "providecommand", "DeclareRobustCommand", "def"]
        while index < scanner.count {
            guard scanner[index] == "\\", let (name, afterName) = scanner.commandName(at: index), commands.contains(name) else {
                index += 1
                continue
            }
            var cursor = scanner.skipSpaces(afterName)
            if cursor < scanner.count, scanner[cursor] == "*" { cursor += 1 }
            cursor = scanner.skipSpaces(cursor)
            var macroName: String?
            if cursor < scanner.count, scanner[cursor] == "{", let (inner, end) = scanner.group(at: cursor) {
                let trimmed = inner.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("\\") { macroName = String(trimmed.dropFirst()) }
                cursor = end
            } else if cursor < scanner.count, scanner[cursor] == "\\", let (commandName, end) = scanner.commandName(at: cursor) {
                macroName = commandName
                cursor = end
            }
            var arity = 0
            cursor = scanner.skipSpaces(cursor)
            if name != "def", cursor < scanner.count, scanner[cursor] == "[", let (count, end) = scanner.optional(at: cursor) {
                arity = Int(count.trimmingCharacters(in: .whitespaces)) ?? 0
                cursor = scanner.skipSpaces(end)
                if cursor < scanner.count, scanner[cursor] == "[", let (_, defaultEnd) = scanner.optional(at: cursor) { cursor = defaultEnd }
            }
            cursor = scanner.skipSpaces(cursor)
            // \def with parameter text (\def\x#1{…}) is not supported: skip the definition.
            guard cursor < scanner.count, scanner[cursor] == "{", let (body, end) = scanner.group(at: cursor) else {
                index = cursor + 1
                continue
            }
            if let macroName, !macroName.isEmpty, arity <= 9, !body.contains("\\def"), !body.contains("\\newcommand"),
                !body.contains("\\\(macroName)") || body.contains("\\\(macroName)@")
            {
                if name != "providecommand" || macros[macroName] == nil { macros[macroName] = Macro(arity: arity, body: body) }
            }
            index = end
        }
        return macros
    }

    /// Replaces uses of `macros`, at most `passes` times over (so macros may use other macros), leaving definitions alone.
    static func expandMacros(_ text: String, _ macros: [String: Macro], passes: Int = 4, maxLength: Int) -> String {
        guard !macros.isEmpty else { return text }
        var current = text
        for _ in 0..<passes {
            let scanner = LaTeXScanner(current)
            var output = String.UnicodeScalarView()
            var changed = false
            var index = 0
            while index < scanner.count {
                let scalar = scanner[index]
                guard scalar == "\\", let (name, afterName) = scanner.commandName(at: index), let macro = macros[name] else {
                    if scalar == "\\", index + 1 < scanner.count {
                        output.append(scalar)
                        output.append(scanner[index + 1])
                        index += 2
                    } else {
                        output.append(scalar)
                        index += 1
                    }
                    continue
                }
                // Leave the definition itself intact: \newcommand{\x}… or \def\x.
                if index > 0, scanner[index - 1] == "{" || scanner.isPrecededByDefinition(index) {
                    output.append(contentsOf: scanner.string(index..<afterName).unicodeScalars)
                    index = afterName
                    continue
                }
                var arguments: [String] = []
                var cursor = afterName
                for _ in 0..<macro.arity {
                    cursor = scanner.skipSpaces(cursor)
                    if cursor < scanner.count, scanner[cursor] == "{", let (argument, end) = scanner.group(at: cursor) {
                        arguments.append(argument)
                        cursor = end
                    } else if cursor < scanner.count {
                        arguments.append(String(scanner[cursor]))
                        cursor += 1
                    }
                }
                var body = macro.body
                for (number, argument) in arguments.enumerated().reversed() {
                    body = body.replacingOccurrences(of: "#\(number + 1)", with: argument)
                }
                output.append(contentsOf: body.unicodeScalars)
                // A control word swallows the following space; keep words apart when the body ends in a letter.
                if macro.arity == 0, cursor < scanner.count, scanner[cursor].properties.isAlphabetic { output.append(" ") }
                index = cursor
                changed = true
                if output.count > maxLength { return String(output) }
            }
            current = String(output)
            if !changed { break }
        }
        return current
    }
}
