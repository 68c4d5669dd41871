// swift-tools-version: 6.2
// Benchmark harness for the embedder, kept out of the root package (as Hummingbird keeps its benchmarks
// behind ENABLE_HB_BENCHMARKS). The library targets are the repository's own sources, reached through
// symlinks, because the root package exports no library products; bench/embed.sh builds this in release.
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// The same host vector flags as the root package (see its Package.swift).
let hostVectorFlags: [String] = {
    #if arch(x86_64) && os(Linux)
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let flagsLine = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
    let flags = Set(flagsLine.split(separator: " "))
    return flags.contains("avx2") && flags.contains("fma") ? ["-target-cpu", "haswell", "-DHEPCHAIN_X86_64_V3"] : []
    #else
    return []
    #endif
}()
let numericSettings = swiftSettings + [SwiftSetting.unsafeFlags(hostVectorFlags)]

let package = Package(
    name: "EmbedBench",
    targets: [
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .target(name: "CPUHints"),
        .target(name: "CVectorKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "RAGCore", swiftSettings: swiftSettings),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS", "CPUHints", "CVectorKernels"], swiftSettings: numericSettings),
        .target(name: "Embedding", dependencies: ["RAGCore", "LinearAlgebra"], swiftSettings: numericSettings),
        .executableTarget(name: "embed-bench", dependencies: ["Embedding", "LinearAlgebra"], swiftSettings: numericSettings),
    ]
)
