public import RAGCore

/// Failures of the knowledge base that are not the store's, the loader's or the embedder's own.
public enum KnowledgeBaseError: UserFacingError, Equatable {
    /// The embedder does not match the collection's recorded model or dimension.
    case embedderMismatch(collection: String, expectedModel: String, expectedDimension: Int, model: String, dimension: Int)
    /// A document produced no chunks.
    case noText(source: String)
    /// The embedder returned the wrong number or length of vectors.
    case badEmbedding(source: String, detail: String)
    /// The evaluation file could not be read or parsed.
    case invalidEvaluationFile(path: String, line: Int, detail: String)
    /// A source path does not exist.
    case sourceNotFound(path: String)
    /// The vector index file could not be written.
    case cannotSaveIndex(path: String, detail: String)
    /// A command that only reads found no store in the data folder (it never creates one).
    case noStore(folder: String)

    /// Classification for status and exit codes.
    public var kind: ErrorKind {
        switch self {
        case .embedderMismatch: .conflict
        case .noText, .invalidEvaluationFile: .invalidInput
        case .sourceNotFound, .noStore: .notFound
        case .badEmbedding, .cannotSaveIndex: .internal
        }
    }

    /// One sentence: what failed, on what, and what to do.
    public var description: String {
        switch self {
        case .embedderMismatch(let collection, let expectedModel, let expectedDimension, let model, let dimension):
            "The collection '\(collection)' was built with '\(expectedModel)' (\(expectedDimension) dimensions), but the embedder is '\(model)' (\(dimension) dimensions). Open it with the same model or use another collection."
        case .noText(let source):
            "'\(source)' has no extractable text, so nothing was indexed. If it is a scan, run OCR on it first."
        case .badEmbedding(let source, let detail):
            "Embedding '\(source)' failed: \(detail). Check the model folder."
        case .invalidEvaluationFile(let path, let line, let detail):
            "Cannot read the evaluation file '\(path)' at line \(line): \(detail). Each line must be a JSON object with \"question\" and \"expected\" or \"quote\"."
        case .sourceNotFound(let path):
            "'\(path)' does not exist. Check the path."
        case .noStore(let folder):
            "No store at \(folder); index something first (`hepchain index FILE --data \(folder)`) or pass --data (or HEPCHAIN_DATA) naming the data folder you indexed into."
        case .cannotSaveIndex(let path, let detail):
            "Cannot write the vector index '\(path)': \(detail). Check free space and permissions; the index is rebuilt from the database on the next start."
        }
    }
}
