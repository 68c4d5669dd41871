// swift-tools-version: 6.2
// The vector index's and LinearAlgebra's tests (the HNSW index, the thread team) under ThreadSanitizer, as a
// package of their own so that CI builds only those modules with `--sanitize=thread`, not Hummingbird and the
// rest of the server. The sources and tests are the main package's own, reached through symlinks.
// Run: scripts/tsan-index.sh (part of `make test`).
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
// Optimised like the main package's numeric modules, so the concurrency tests do real amounts of work.
let optimizedSettings = swiftSettings + [SwiftSetting.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "TSanIndex",
    platforms: [.macOS(.v15)],
    targets: [
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .target(name: "CPUHints"),
        .target(name: "CVectorKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "RAGCore", swiftSettings: swiftSettings),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS", "CPUHints", "CVectorKernels"], swiftSettings: optimizedSettings),
        .target(name: "VectorIndex", dependencies: ["RAGCore", "LinearAlgebra"], swiftSettings: optimizedSettings),
        .target(name: "TestSupport", dependencies: ["RAGCore", "LinearAlgebra", "VectorIndex"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"], swiftSettings: swiftSettings),
    ]
)
