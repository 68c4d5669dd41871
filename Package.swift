// swift-tools-version: 6.2
import PackageDescription

// One settings list for every target (Hummingbird's Package.swift does the same).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// The numeric hot paths (encoder, distance kernels, graph search) run ~10–50× slower unoptimised, which
// made the test suite (real model, real corpora) take many minutes; they are optimised in debug builds too.
// Everything is compiled for baseline x86-64, whatever machine builds it: the vector code lives in CVectorKernels,
// once per instruction-set level, and the level is chosen at run time (LinearAlgebra/KernelLevel.swift).
let optimizedSettings: [SwiftSetting] = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "HepChain",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hepchain", targets: ["hepchain"]),
        .executable(name: "rag-server", targets: ["rag-server"]),
        .executable(name: "hepchain-pdftext", targets: ["hepchain-pdftext"]),
        // For bench/Package.swift (one package for every benchmark, depending on this one by path).
        .library(name: "RAGCore", targets: ["RAGCore"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "Embedding", targets: ["Embedding"]),
        .library(name: "VectorIndex", targets: ["VectorIndex"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "PostgresStore", targets: ["PostgresStore"]),
        .library(name: "KnowledgeBase", targets: ["KnowledgeBase"]),
        .library(name: "Chain", targets: ["Chain"]),
        .library(name: "HepChainApp", targets: ["HepChainApp"]),
        .library(name: "TestSupport", targets: ["TestSupport"]),
    ],
    dependencies: [
        // Default traits minus ConfigurationSupport: we read configuration ourselves (saves a package build).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Outbound HTTP (the document fetcher): pooled connections, streamed bodies with backpressure.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Metrics API for every layer (Hummingbird already depends on it) and its Prometheus backend for /metrics.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The PostgreSQL + pgvector backend (issue 20).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // multipart/form-data uploads, parsed as the body streams in (issue 23).
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ],
    targets: [
        // MARK: - C libraries
        // Header-only (function-pointer types): OpenBLAS is opened with dlopen, never linked (see BLAS.swift).
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
        // The spin-wait pause hint for the thread team: Swift has none.
        .target(name: "CPUHints"),
        // Distance, element-wise and encoder kernels for every x86-64 level (baseline, AVX2, AVX-512) in one binary;
        // the level is chosen at run time (LinearAlgebra/KernelLevel.swift). Optimised in debug builds too.
        .target(name: "CVectorKernels", cSettings: [.unsafeFlags(["-O2"])]),

        // MARK: - Libraries
        .target(name: "RAGCore", swiftSettings: swiftSettings),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS", "CPUHints", "CVectorKernels"], swiftSettings: optimizedSettings),
        .target(
            name: "Embedding", dependencies: ["RAGCore", "LinearAlgebra", .product(name: "Metrics", package: "swift-metrics")],
            swiftSettings: optimizedSettings),
        .target(name: "VectorIndex", dependencies: ["RAGCore", "LinearAlgebra"], swiftSettings: optimizedSettings),
        .target(
            name: "Ingest",
            dependencies: [
                "RAGCore", "CLibXML2", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "Store", dependencies: ["RAGCore", "CSQLite"], swiftSettings: swiftSettings),
        // The LLM client speaks HTTP through AsyncHTTPClient (pooled connections, streamed bodies, deadlines).
        .target(
            name: "Chain",
            dependencies: [
                "RAGCore", .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The same DocumentStore on PostgreSQL + pgvector, for many servers and workers on one database.
        .target(
            name: "PostgresStore",
            dependencies: [
                "RAGCore", "Store",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "KnowledgeBase",
            dependencies: ["RAGCore", "Ingest", "Store", .product(name: "Metrics", package: "swift-metrics")],
            resources: [.copy("Resources/hep-glossary.tsv")],
            swiftSettings: swiftSettings
        ),
        // The application: configuration, the composition root (`HepChainRuntime`), the services the CLI and the
        // HTTP API share, fetch-then-ingest. Knows nothing of HTTP.
        .target(
            name: "HepChainApp",
            dependencies: [
                "RAGCore", "LinearAlgebra", "Embedding", "VectorIndex", "Ingest", "Store", "KnowledgeBase", "Chain", "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Routes, middleware and the web page over the application's services.
        .target(
            name: "HTTPAPI",
            dependencies: [
                "RAGCore", "Ingest", "Chain", "Embedding", "HepChainApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Executables
        .executableTarget(
            name: "rag-server",
            dependencies: ["HTTPAPI", "HepChainApp", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // The CLI does not link the HTTP layer: `hepchain serve` runs the `rag-server` installed beside it.
        .executableTarget(
            name: "hepchain",
            dependencies: [
                "HepChainApp", "KnowledgeBase", "Chain", "Ingest", "Embedding", "LinearAlgebra", "RAGCore", "PostgresStore", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // PDF text and word boxes from one poppler layout pass, run by PDFLoader as a sandboxed child. C++ over
        // poppler's own classes (libpoppler-private-dev): the GLib API has no pdftotext-identical text.
        .executableTarget(
            name: "hepchain-pdftext",
            cxxSettings: [.unsafeFlags(["-I/usr/include/poppler"])],
            linkerSettings: [.linkedLibrary("poppler")]
        ),

        // MARK: - Tests
        // Helpers shared by the test targets and the bench package: running child processes safely, the test
        // doubles, synthetic vectors, .fvecs/.ivecs files.
        .target(
            name: "TestSupport", dependencies: ["RAGCore", "LinearAlgebra", "VectorIndex"], path: "Tests/TestSupport", resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(name: "RAGCoreTests", dependencies: ["RAGCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"], swiftSettings: swiftSettings),
        .testTarget(name: "EmbeddingTests", dependencies: ["Embedding"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex", "RAGCore", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "RAGCore", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store", "RAGCore", "KnowledgeBase", "VectorIndex", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: ["PostgresStore", "Store", "RAGCore", "KnowledgeBase", "HepChainApp", "Embedding", "Ingest", "VectorIndex", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(name: "ChainTests", dependencies: ["Chain", "RAGCore", "VectorIndex", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "KnowledgeBaseTests", dependencies: ["KnowledgeBase", "RAGCore", "Store", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "HTTPAPI", "HepChainApp", "KnowledgeBase", "Chain", "Ingest", "LinearAlgebra", "RAGCore", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"],  // scripts the tests run (openai_client.py), read from the source tree
            swiftSettings: swiftSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)
