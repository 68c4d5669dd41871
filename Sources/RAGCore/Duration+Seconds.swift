extension Duration {
    /// The duration in seconds, as a `Double` (for reports, rates and metrics).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }

    /// The duration in milliseconds, as a `Double` (for traces and latency figures).
    public var inMilliseconds: Double {
        inSeconds * 1_000
    }
}
