// swift-tools-version: 6.2
// Benchmark and inspection runner for the Ingest module. It compiles the main package's RAGCore and Ingest
// sources (symlinked) in release mode, because the main package does not export them as library products.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "IngestRunner",
    platforms: [.macOS(.v15)],
    targets: [
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0"),
        .target(name: "RAGCore", swiftSettings: swiftSettings),
        .target(name: "Ingest", dependencies: ["RAGCore", "CLibXML2"], swiftSettings: swiftSettings),
        .executableTarget(name: "ingest-runner", dependencies: ["Ingest", "RAGCore"], swiftSettings: swiftSettings),
    ]
)
