/// A progress report during batch ingestion, sent after each source starts and after each finishes.
public struct IngestProgress: Hashable, Sendable, Codable {
    /// Sources finished (stored, unchanged or failed).
    public var documentsDone: Int
    /// Sources in the batch.
    public var documentsTotal: Int
    /// Chunks written so far.
    public var chunks: Int
    /// Bytes of finished sources.
    public var bytesDone: Int
    /// Bytes of all sources.
    public var bytesTotal: Int
    /// Sources that failed so far.
    public var failures: Int
    /// Seconds since the batch started.
    public var elapsedSeconds: Double
    /// The source most recently started.
    public var currentSource: String?

    /// Creates a progress report.
    public init(
        documentsDone: Int, documentsTotal: Int, chunks: Int, bytesDone: Int, bytesTotal: Int, failures: Int,
        elapsedSeconds: Double, currentSource: String?
    ) {
        self.documentsDone = documentsDone
        self.documentsTotal = documentsTotal
        self.chunks = chunks
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.failures = failures
        self.elapsedSeconds = elapsedSeconds
        self.currentSource = currentSource
    }

    /// Source bytes per second.
    public var bytesPerSecond: Double { elapsedSeconds > 0 ? Double(bytesDone) / elapsedSeconds : 0 }
    /// Chunks per second.
    public var chunksPerSecond: Double { elapsedSeconds > 0 ? Double(chunks) / elapsedSeconds : 0 }
    /// Estimated seconds left, from the byte rate so far; nil before any source finished.
    public var estimatedSecondsRemaining: Double? {
        guard bytesDone > 0, bytesPerSecond > 0 else { return nil }
        return Double(max(0, bytesTotal - bytesDone)) / bytesPerSecond
    }
}
