/// A named sequence of steps, built from a chain file or the built-ins.
public struct ChainDefinition: Sendable {
    /// Name by which the chain is run (`qa`, `search`, …).
    public var name: String
    /// One line for listings.
    public var summary: String
    /// The steps, in order.
    public var steps: [any ChainStep]

    /// Creates a chain.
    public init(name: String, summary: String = "", steps: [any ChainStep]) {
        self.name = name
        self.summary = summary
        self.steps = steps
    }
}
