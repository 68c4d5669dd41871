/// The result of a batch ingestion: one outcome per source that worked, one failure per source that did not.
public struct IngestReport: Hashable, Sendable, Codable {
    /// A source that could not be ingested, with the reason.
    public struct Failure: Hashable, Sendable, Codable {
        /// Source as given.
        public var source: String
        /// The error's user-facing sentence.
        public var message: String
        /// Creates a failure.
        public init(source: String, message: String) {
            self.source = source
            self.message = message
        }
    }
    /// Outcomes in completion order.
    public var outcomes: [IngestOutcome]
    /// Failures in completion order.
    public var failures: [Failure]
    /// Wall-clock seconds.
    public var seconds: Double
    /// When the batch was interrupted: sources that were in progress and were rolled back (nothing of them is
    /// stored; the next run indexes them).
    public var rolledBack: [String] = []
    /// When the batch was interrupted: sources that were in progress and were finished (stored) before it stopped.
    public var finishedAfterInterrupt: [String] = []

    /// Creates a report.
    public init(outcomes: [IngestOutcome] = [], failures: [Failure] = [], seconds: Double = 0) {
        self.outcomes = outcomes
        self.failures = failures
        self.seconds = seconds
    }

    /// Number of outcomes with `status`.
    public func count(_ status: IngestOutcome.Status) -> Int { outcomes.filter { $0.status == status }.count }
    /// Chunks written.
    public var chunks: Int { outcomes.reduce(0) { $0 + $1.chunks } }
}
