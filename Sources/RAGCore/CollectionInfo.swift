/// A named set of documents embedded by one model; vectors of another model or dimension are refused.
public struct CollectionInfo: Hashable, Sendable, Codable {
    /// Name, unique in a knowledge base: letters, digits, `-`, `_` and `.`.
    public var name: String
    /// Embedding model identifier, e.g. `all-MiniLM-L6-v2`.
    public var modelID: String
    /// Length of every vector in the collection.
    public var dimension: Int
    /// Creation time as ISO 8601.
    public var createdAt: String

    /// Creates a collection description.
    public init(name: String, modelID: String, dimension: Int, createdAt: String) {
        self.name = name
        self.modelID = modelID
        self.dimension = dimension
        self.createdAt = createdAt
    }
}
