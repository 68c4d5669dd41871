import Foundation

/// The files of one LaTeX submission (an e-print archive, a gzipped `.tex`, a folder or a single file),
/// with the main file identified.
struct LaTeXSourceTree {
    /// Text files by relative path.
    var files: [String: String]
    /// Path of the main file (the one with `\documentclass` and `\begin{document}`).
    var mainFile: String

    /// Limits applied while unpacking.
    struct Limits {
        var maxMembers: Int
        var maxTotalBytes: Int
        var timeout: Double
    }

    /// Builds the tree from bytes: gzip is unpacked in a sandboxed `gzip -dc` (output capped), tar in memory.
    static func from(_ data: Data, name: String, limits: Limits) throws(IngestError) -> LaTeXSourceTree {
        if data.isEmpty { throw .emptyInput(source: name) }
        var payload = data
        if data.starts(with: [0x1F, 0x8B]) { payload = try gunzip(data, name: name, limits: limits) }
        if payload.isEmpty { throw .emptyInput(source: name) }
        if TarArchive.isTar(payload) {
            let archive = try TarArchive(payload, source: name, maxMembers: limits.maxMembers, maxTotalBytes: limits.maxTotalBytes)
            return try tree(from: archive.files, name: name)
        }
        if payload.prefix(1_024).range(of: Data("%PDF-".utf8)) != nil {
            throw .unsupportedFormat(source: name, format: "PDF inside an e-print (PDF-only submission); load it with PDFLoader")
        }
        if TextDecoder.looksBinary(payload) { throw .binaryContent(source: name, expected: "LaTeX source") }
        var baseName = (name as NSString).lastPathComponent
        for suffix in [".gz", ".tex"] where baseName.lowercased().hasSuffix(suffix) { baseName = String(baseName.dropLast(suffix.count)) }
        return try tree(from: ["\(baseName).tex": payload], name: name)
    }

    /// Builds the tree from a folder: `.tex`, `.bbl`, `.sty`-free text files up to the limits; symbolic links are not followed.
    static func from(folder: URL, limits: Limits, requireMain: Bool) throws(IngestError) -> LaTeXSourceTree {
        let name = folder.lastPathComponent
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey, .fileSizeKey]) else {
            throw .unreadable(source: name, reason: "cannot list the folder")
        }
        var files: [String: Data] = [:]
        var total = 0
        var count = 0
        let root = folder.standardizedFileURL.path
        for case let url as URL in enumerator {
            let values: URLResourceValues
            do { values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey, .fileSizeKey]) } catch {
                throw .unreadable(source: url.lastPathComponent, reason: error.localizedDescription)
            }
            guard values.isRegularFile == true, values.isSymbolicLink != true else { continue }
            let lowered = url.pathExtension.lowercased()
            guard ["tex", "bbl", "ltx"].contains(lowered) else { continue }
            count += 1
            if count > limits.maxMembers { throw .tooLarge(source: name, limit: "\(limits.maxMembers) files") }
            total += values.fileSize ?? 0
            if total > limits.maxTotalBytes { throw .tooLarge(source: name, limit: "\(limits.maxTotalBytes >> 20) MB of sources") }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(root + "/") else { continue }
            do { files[String(path.dropFirst(root.count + 1))] = try Data(contentsOf: url) } catch {
                throw .unreadable(source: url.lastPathComponent, reason: error.localizedDescription)
            }
        }
        return try tree(from: files, name: name, requireMain: requireMain)
    }

    private static func tree(from raw: [String: Data], name: String, requireMain: Bool = true) throws(IngestError) -> LaTeXSourceTree {
        var files: [String: String] = [:]
        for (path, data) in raw {
            let lowered = path.lowercased()
            guard lowered.hasSuffix(".tex") || lowered.hasSuffix(".bbl") || lowered.hasSuffix(".ltx") || !lowered.contains(".") else { continue }
            if TextDecoder.looksBinary(data) { continue }
            files[path] = TextDecoder.isValidUTF8(data) ? String(decoding: data, as: UTF8.self) : String(data: data, encoding: .isoLatin1) ?? ""
        }
        let candidates = files.filter { $0.value.contains("\\documentclass") || $0.value.contains("\\documentstyle") }
            .filter { $0.value.contains("\\begin{document}") }
        if candidates.isEmpty, !requireMain { return LaTeXSourceTree(files: files, mainFile: "") }
        guard !candidates.isEmpty else { throw .noMainTeXFile(source: name) }
        // Prefer conventional names, then the largest file (supplements are usually smaller than the paper).
        let preferred = ["main.tex", "ms.tex", "paper.tex", "article.tex"]
        let main = candidates.keys.first { preferred.contains(($0 as NSString).lastPathComponent.lowercased()) }
            ?? candidates.max { $0.value.count < $1.value.count }?.key ?? ""
        return LaTeXSourceTree(files: files, mainFile: main)
    }

    private static func gunzip(_ data: Data, name: String, limits: Limits) throws(IngestError) -> Data {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-\(UUID().uuidString)")
        let input = scratch.appendingPathExtension("gz")
        let output = scratch.appendingPathExtension("out")
        defer {
            try? FileManager.default.removeItem(at: input)  // best-effort cleanup of our own scratch files
            try? FileManager.default.removeItem(at: output)
        }
        do { try data.write(to: input) } catch {
            throw .toolFailed(tool: "gzip", source: name, reason: "cannot write a temporary file: \(error.localizedDescription)")
        }
        var runner = Subprocess(executable: "/bin/gzip", timeout: limits.timeout)
        runner.fileSizeLimit = limits.maxTotalBytes
        let result = try runner.run(["-dc", input.path], outputFile: output, source: name)
        if result.timedOut { throw .timedOut(source: name, seconds: limits.timeout) }
        // Over the file-size limit gzip is killed by SIGXFSZ, or, when the signal is blocked, fails with EFBIG.
        if result.wasSignalled || result.standardError.contains("File too large") {
            throw .tooLarge(source: name, limit: "\(limits.maxTotalBytes >> 20) MB uncompressed")
        }
        let unpacked: Data
        do { unpacked = try Data(contentsOf: output) } catch {
            throw .toolFailed(tool: "gzip", source: name, reason: error.localizedDescription)
        }
        if result.status != 0 {
            // gzip exits 2 on "trailing garbage" yet writes good output; anything else is a damaged archive.
            if result.status == 2, !unpacked.isEmpty { return unpacked }
            throw .malformed(source: name, reason: "gzip: \(result.standardError.split(separator: "\n").first ?? "exit status \(result.status)")")
        }
        return unpacked
    }
}
