// swift-tools-version: 6.2
// HepChain's benchmarks: one executable, `hepchain-bench`, over the root package's library products (so it
// measures exactly the code `hepchain` and `rag-server` run, compiled with the root package's own settings).
// bench/build.sh builds it in release; bench/README.md lists every benchmark, its peer and its command.
import PackageDescription

let package = Package(
    name: "HepChainBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "HepChain", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // The loopback OpenAI-compatible server of `hepchain-bench chain client` (the same versions as the root's).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // The machine probes' inner loops, compiled for AVX2 + FMA by function attribute (not by host detection).
        .target(name: "BenchKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .executableTarget(
            name: "hepchain-bench",
            dependencies: [
                "BenchKernels",
                .product(name: "RAGCore", package: "HepChain"),
                .product(name: "LinearAlgebra", package: "HepChain"),
                .product(name: "Embedding", package: "HepChain"),
                .product(name: "VectorIndex", package: "HepChain"),
                .product(name: "Ingest", package: "HepChain"),
                .product(name: "Store", package: "HepChain"),
                .product(name: "PostgresStore", package: "HepChain"),
                .product(name: "KnowledgeBase", package: "HepChain"),
                .product(name: "Chain", package: "HepChain"),
                .product(name: "HepChainApp", package: "HepChain"),
                .product(name: "TestSupport", package: "HepChain"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        ),
    ]
)
