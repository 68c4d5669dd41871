// swift-tools-version: 6.2
// Stand-alone runner for bench/index.sh until `hepchain bench index` exists in the main package. It compiles the
// main package's VectorIndex sources (symlinked) so the benchmark measures exactly that code.
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
    name: "IndexBench",
    platforms: [.macOS(.v15)],
    targets: [
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .target(name: "CPUHints"),
        .target(name: "CVectorKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "RAGCore", swiftSettings: swiftSettings),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS", "CPUHints", "CVectorKernels"], swiftSettings: numericSettings),
        .target(name: "VectorIndex", dependencies: ["RAGCore", "LinearAlgebra"], swiftSettings: numericSettings),
        .executableTarget(name: "index-bench", dependencies: ["VectorIndex"], swiftSettings: swiftSettings),
    ]
)
