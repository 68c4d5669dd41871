public import Chain

/// A seed-fission run as the API reports it (`GET /v1/fission`, `GET /v1/fission/{id}`).
public struct FissionRunBody: Codable, Sendable {
    /// Run id.
    public var id: String
    /// The seed topic.
    public var topic: String
    /// Collection the pairs come from.
    public var collection: String
    /// Pairs asked for.
    public var count: Int
    /// Pairs made so far.
    public var pairs: Int
    /// `running`, `done` or `failed`.
    public var status: String
    /// Why it failed.
    public var error: String?
    /// The pairs (only in `GET /v1/fission/{id}`).
    public var records: [FissionRecord]?
}

/// Starts seed-fission runs in the background and keeps their pairs while the server runs.
public protocol FissionService: Sendable {
    /// Starts a run of up to `count` pairs on `topic` over `collection`.
    func start(topic: String, count: Int, collection: String) async throws -> FissionRunBody
    /// All runs, newest first, without their pairs.
    func runs() async -> [FissionRunBody]
    /// One run with its pairs so far; nil if unknown.
    func run(_ id: String) async -> FissionRunBody?
}
