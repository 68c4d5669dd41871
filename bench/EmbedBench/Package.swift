// swift-tools-version: 6.2
// Benchmark harness for the embedder, kept out of the root package (as Hummingbird keeps its benchmarks
// behind ENABLE_HB_BENCHMARKS). The library targets are the repository's own sources, reached through
// symlinks, because the root package exports no library products; bench/embed.sh builds this in release.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "EmbedBench",
    targets: [
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas"),
        .target(name: "RAGCore", swiftSettings: swiftSettings),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: swiftSettings),
        .target(name: "Embedding", dependencies: ["RAGCore", "LinearAlgebra"], swiftSettings: swiftSettings),
        .executableTarget(name: "embed-bench", dependencies: ["Embedding"], swiftSettings: swiftSettings),
    ]
)
