/// Facts `/healthz` and `--version` report.
public struct SystemInfo: Codable, Sendable, Hashable {
    /// HepChain version.
    public var version: String
    /// Embedding model id.
    public var model: String
    /// Vector dimension.
    public var dimension: Int
    /// OpenBLAS kernel in use (`openblas_get_corename`).
    public var blasCore: String
    /// Instruction-set level of HepChain's own distance and element-wise kernels (`baseline`, `avx2`, `avx512`).
    public var vectorKernels: String
    /// Generator in use (`extractive` or the LLM model name).
    public var generator: String
    /// Creates system facts.
    public init(version: String, model: String, dimension: Int, blasCore: String, vectorKernels: String, generator: String) {
        self.version = version
        self.model = model
        self.dimension = dimension
        self.blasCore = blasCore
        self.vectorKernels = vectorKernels
        self.generator = generator
    }
}
