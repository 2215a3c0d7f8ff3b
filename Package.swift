// swift-tools-version:6.2
import PackageDescription

/// One settings list for every target: Swift 6 mode with the upcoming features on.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Amends",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "amends", targets: ["amends"]),
        .library(name: "AmendsCore", targets: ["AmendsCore"]),
        .library(name: "AmendsText", targets: ["AmendsText"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/console-kit", from: "4.16.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "AmendsText",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AmendsJSON",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AmendsCore",
            dependencies: ["AmendsJSON", "AmendsText", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AmendsStorage",
            dependencies: [
                "AmendsCore",
                "AmendsText",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AmendsDelivery",
            dependencies: [
                "AmendsCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AmendsApp",
            dependencies: [
                "AmendsCore",
                "AmendsJSON",
                "AmendsText",
                "AmendsStorage",
                "AmendsDelivery",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/demo-playbook.yaml")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AmendsHTTP",
            dependencies: [
                "AmendsApp",
                "AmendsCore",
                "AmendsJSON",
                "AmendsText",
                "AmendsStorage",
                "AmendsDelivery",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Pages/Templates")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "amends",
            dependencies: [
                "AmendsApp",
                "AmendsCore",
                "AmendsText",
                "AmendsStorage",
                "AmendsHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ConsoleKitTerminal", package: "console-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AmendsTestSupport",
            dependencies: ["AmendsCore", "AmendsStorage", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AmendsJSONTests",
            dependencies: ["AmendsJSON", "AmendsTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AmendsTextTests",
            dependencies: ["AmendsText"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AmendsCoreTests",
            dependencies: ["AmendsCore", "AmendsJSON", "AmendsText", "AmendsTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AmendsDeliveryTests",
            dependencies: [
                "AmendsCore",
                "AmendsDelivery",
                "AmendsTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AmendsAppTests",
            dependencies: ["AmendsApp", "AmendsCore", "AmendsTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AmendsStorageTests",
            dependencies: ["AmendsCore", "AmendsJSON", "AmendsText", "AmendsStorage", "AmendsTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AmendsHTTPTests",
            dependencies: [
                "AmendsCore",
                "AmendsText",
                "AmendsTestSupport",
                "AmendsStorage",
                "AmendsDelivery",
                "AmendsApp",
                "AmendsHTTP",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
