// swift-tools-version: 6.2
// Stand-alone runner for bench/index.sh until `hepchain bench index` exists in the main package. It compiles the
// main package's VectorIndex sources (symlinked) so the benchmark measures exactly that code.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "IndexBench",
    platforms: [.macOS(.v15)],
    targets: [
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas"),
        .target(name: "RAGCore", swiftSettings: swiftSettings),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: swiftSettings),
        .target(name: "VectorIndex", dependencies: ["RAGCore", "LinearAlgebra"], swiftSettings: swiftSettings),
        .executableTarget(name: "index-bench", dependencies: ["VectorIndex"], swiftSettings: swiftSettings),
    ]
)
