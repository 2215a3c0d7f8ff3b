// swift-tools-version:6.2
import PackageDescription

/// One settings list for every target: Swift 6 mode with the upcoming features on.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// The products of the packages below, by the module names the sources import.
enum Library {
    static let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
    static let asyncHTTPClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")
    static let bcrypt = Target.Dependency.product(name: "HummingbirdBcrypt", package: "hummingbird-auth")
    static let consoleKitTerminal = Target.Dependency.product(name: "ConsoleKitTerminal", package: "console-kit")
    static let coreMetrics = Target.Dependency.product(name: "CoreMetrics", package: "swift-metrics")
    static let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
    static let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
    static let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
    static let hummingbirdTesting = Target.Dependency.product(name: "HummingbirdTesting", package: "hummingbird")
    static let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
    static let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
    static let mustache = Target.Dependency.product(name: "Mustache", package: "swift-mustache")
    static let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
    static let nioEmbedded = Target.Dependency.product(name: "NIOEmbedded", package: "swift-nio")
    static let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
    static let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
    static let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")
    static let postgresKit = Target.Dependency.product(name: "PostgresKit", package: "postgres-kit")
    static let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
    static let propertyBased = Target.Dependency.product(name: "PropertyBased", package: "swift-property-based")
    static let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
    static let sqlKit = Target.Dependency.product(name: "SQLKit", package: "sql-kit")
    static let sqliteKit = Target.Dependency.product(name: "SQLiteKit", package: "sqlite-kit")
    static let yams = Target.Dependency.product(name: "Yams", package: "Yams")
}

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
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/console-kit", from: "4.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Tests only: generated inputs with random damage for the importers.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The text engine: scanner, lexicon, model, training, evaluation. Foundation only.
        .target(name: "AmendsText", swiftSettings: swiftSettings),
        // The strict JSON reader and the writer of stored documents. Foundation only.
        .target(name: "AmendsJSON", swiftSettings: swiftSettings),
        // QR codes: a byte-mode encoder for versions 1–10 at every correction level, drawn as SVG or PNG. Foundation only.
        .target(name: "AmendsQR", swiftSettings: swiftSettings),
        // The domain: the product's types and rules, and the store protocols. No database, HTTP or file system.
        .target(
            name: "AmendsCore",
            dependencies: ["AmendsJSON", "AmendsText", Library.mustache],
            swiftSettings: swiftSettings
        ),
        // The SQL store for SQLite and PostgreSQL.
        .target(
            name: "AmendsStorage",
            dependencies: [
                "AmendsCore", "AmendsJSON", "AmendsText",
                Library.sqlKit, Library.sqliteKit, Library.postgresKit, Library.logging, Library.nioCore, Library.nioPosix,
            ],
            swiftSettings: swiftSettings
        ),
        // Outbox workers and transports: signed webhooks, chat, SMTP e-mail, SMS and chat gateways.
        .target(
            name: "AmendsDelivery",
            dependencies: [
                "AmendsCore", "AmendsJSON",
                Library.asyncHTTPClient, Library.nioCore, Library.nioHTTP1, Library.nioPosix, Library.nioSSL, Library.crypto, Library.logging,
                Library.metrics, Library.serviceLifecycle,
            ],
            swiftSettings: swiftSettings
        ),
        // The running application: configuration, runtime, tokens and passwords, importers, schedulers.
        .target(
            name: "AmendsApp",
            dependencies: [
                "AmendsCore", "AmendsJSON", "AmendsText", "AmendsStorage", "AmendsDelivery",
                Library.yams, Library.crypto, Library.bcrypt, Library.nioCore, Library.nioPosix, Library.asyncHTTPClient, Library.logging,
                Library.metrics, Library.coreMetrics, Library.prometheus, Library.serviceLifecycle,
            ],
            resources: [.copy("Resources/demo-playbook.yaml")],
            swiftSettings: swiftSettings
        ),
        // The HTTP layer: controllers, middleware, pages, the API reference.
        .target(
            name: "AmendsHTTP",
            dependencies: [
                "AmendsApp", "AmendsCore", "AmendsJSON", "AmendsQR", "AmendsText", "AmendsDelivery",
                Library.hummingbird, Library.httpTypes, Library.nioCore, Library.crypto, Library.logging, Library.mustache, Library.prometheus,
                Library.serviceLifecycle,
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Pages/Templates"), .copy("Pages/Assets")],
            swiftSettings: swiftSettings
        ),
        // The command line.
        .executableTarget(
            name: "amends",
            dependencies: [
                "AmendsApp", "AmendsCore", "AmendsDelivery", "AmendsHTTP", "AmendsJSON", "AmendsStorage", "AmendsText",
                Library.argumentParser, Library.consoleKitTerminal, Library.hummingbird, Library.logging,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AmendsTestSupport",
            dependencies: ["AmendsCore", "AmendsStorage", Library.logging],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AmendsJSONTests", dependencies: ["AmendsJSON", "AmendsTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "AmendsTextTests", dependencies: ["AmendsText"], swiftSettings: swiftSettings),
        .testTarget(name: "AmendsQRTests", dependencies: ["AmendsQR", "AmendsTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AmendsCoreTests",
            dependencies: ["AmendsCore", "AmendsJSON", "AmendsText", "AmendsTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AmendsStorageTests",
            dependencies: ["AmendsCore", "AmendsText", "AmendsStorage", "AmendsTestSupport", Library.logging, Library.sqlKit],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AmendsDeliveryTests",
            dependencies: ["AmendsCore", "AmendsDelivery", "AmendsTestSupport", Library.nioCore, Library.nioEmbedded, Library.nioSSL],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AmendsAppTests", dependencies: ["AmendsApp", "AmendsCore", Library.propertyBased], swiftSettings: swiftSettings),
        .testTarget(
            name: "AmendsHTTPTests",
            dependencies: [
                "AmendsApp", "AmendsCore", "AmendsDelivery", "AmendsHTTP", "AmendsJSON", "AmendsStorage", "AmendsTestSupport", "AmendsText",
                Library.hummingbird, Library.hummingbirdTesting, Library.httpTypes, Library.nioCore, Library.crypto, Library.asyncHTTPClient,
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
