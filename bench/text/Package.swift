// swift-tools-version:6.2
// Benchmarks of the text engine (analyze and train) with the Swift community's harness, in a package of their
// own so the product's build does not carry the harness. Run from this folder: swift package benchmark
import Foundation
import PackageDescription

// The product's package is two folders up; a path dependency is known by its folder's name.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "TextBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: root.path),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "TextEngine",
            dependencies: [
                .product(name: "AmendsText", package: root.lastPathComponent.lowercased()),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TextEngine",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
