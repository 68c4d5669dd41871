import Foundation

extension BERTEmbedder {
    /// The engine of `hepchain embed`: reads JSON lines `{"text": …}` and writes one line per input,
    /// `{"embedding":[…]}`, plus `"tokens":[ids]` (with `[CLS]`/`[SEP]`, truncated as embedded) when
    /// `includeTokens` is set. Blank lines are skipped; input is embedded in batches of `batchSize` lines.
    ///
    /// Usage example (stdin to stdout):
    /// ```swift
    /// let lines = AnySequence { AnyIterator { readLine(strippingNewline: true) } }
    /// try await embedder.embedJSONLines(lines, includeTokens: false) { print($0) }
    /// ```
    /// - Throws: `EmbeddingError.invalidInputLine` naming the 1-based line number (lines before it are written).
    public func embedJSONLines(
        _ lines: some Sequence<String>, includeTokens: Bool, batchSize: Int = 256, write: (String) -> Void
    ) async throws {
        var batch: [[Int32]] = []
        func flush() async {
            guard !batch.isEmpty else { return }
            let vectors = await embed(tokenIDs: batch)
            for (ids, vector) in zip(batch, vectors) {
                var line = "{\"embedding\":[" + vector.map { "\($0)" }.joined(separator: ",") + "]"
                if includeTokens { line += ",\"tokens\":[" + ids.map { "\($0)" }.joined(separator: ",") + "]" }
                write(line + "}")
            }
            batch.removeAll(keepingCapacity: true)
        }
        for (index, line) in lines.enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            } catch {
                await flush()
                throw EmbeddingError.invalidInputLine(number: index + 1, reason: "it is not valid JSON")
            }
            guard let text = (object as? [String: Any])?["text"] as? String else {
                await flush()
                throw EmbeddingError.invalidInputLine(number: index + 1, reason: "it has no string field \"text\"")
            }
            batch.append(tokenizer.encode(text))
            if batch.count >= max(1, batchSize) { await flush() }
        }
        await flush()
    }
}
