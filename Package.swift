// swift-tools-version:6.1
import PackageDescription

/// One settings list for every Swift target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    // Release builds skip the runtime exclusivity checks (about 5% of parse time in perf);
    // debug builds, which run the tests, keep them.
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "feedsift",
    platforms: [.macOS(.v15)],  // v15: Synchronization's Atomic
    products: [
        .executable(name: "feedsift", targets: ["feedsift"]),
        .library(name: "FeedParse", targets: ["FeedParse", "FeedModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries: a module map and a shim header each, nothing else.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8",
                       providers: [.apt(["libpcre2-dev"])]),  // the rule language's /regex/
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),  // glibc's mallopt

        // The data path: model <- parse; model <- fetch; the command line ties them.
        .target(name: "FeedModel", swiftSettings: swiftSettings),
        .target(name: "FeedParse", dependencies: ["FeedModel", "CLibXML2"],
                swiftSettings: swiftSettings),
        .target(name: "FeedClassify", dependencies: ["FeedModel", "CPCRE2"], swiftSettings: swiftSettings),
        .target(name: "FeedConfig", dependencies: ["FeedModel"], swiftSettings: swiftSettings),
        .target(name: "FeedStore", dependencies: ["FeedModel", "CSQLite"], swiftSettings: swiftSettings),
        .target(name: "FeedFetch", dependencies: ["FeedModel", "CCurl"],
                swiftSettings: swiftSettings),
        // The outputs: Atom, RSS, JSON Feed and OPML writers; pure, on the model only.
        .target(name: "FeedExport", dependencies: ["FeedModel"], swiftSettings: swiftSettings),
        // The refresh pipeline and the service: fetch -> parse -> classify -> store.
        .target(name: "FeedDaemon", dependencies: ["FeedModel", "FeedParse", "FeedFetch", "FeedClassify", "FeedConfig", "FeedStore", "FeedExport",
                                                   .product(name: "Logging", package: "swift-log")],
                swiftSettings: swiftSettings),
        // Serving the filtered feeds over HTTP (`listen`): plain sockets and poll, see docs/design.md.
        .target(name: "FeedServe", dependencies: ["FeedDaemon", "FeedConfig", "FeedExport", "FeedFetch", "FeedModel", "FeedParse", "FeedStore", "CZlib",
                                                  .product(name: "Logging", package: "swift-log")],
                swiftSettings: swiftSettings),
        .executableTarget(name: "feedsift", dependencies: [
            "FeedModel", "FeedParse", "FeedFetch", "FeedClassify", "FeedConfig", "FeedStore", "FeedDaemon", "FeedExport", "FeedServe",
            "CMalloc",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: swiftSettings),

        // The offline demo's feed server (`make demo`).
        .executableTarget(name: "feedsift-demo-server", dependencies: ["FeedServe", "FeedDaemon"], swiftSettings: swiftSettings),

        // The parser's fuzz target (`make fuzz`); LLVMFuzzerRunDriver is declared in CFuzzer.
        .systemLibrary(name: "CFuzzer"),
        .executableTarget(name: "feedsift-fuzz", dependencies: ["FeedParse", "FeedModel", "FeedClassify", "FeedDaemon", "CFuzzer"],
                          swiftSettings: swiftSettings),

        .testTarget(name: "FeedParseTests", dependencies: ["FeedParse", "FeedModel"],
                    resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "FeedExportTests", dependencies: ["FeedExport", "FeedParse", "FeedModel"],
                    resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "FeedClassifyTests", dependencies: ["FeedClassify"], swiftSettings: swiftSettings),
        .testTarget(name: "FeedConfigTests", dependencies: ["FeedConfig"], swiftSettings: swiftSettings),
        .testTarget(name: "FeedStoreTests", dependencies: ["FeedStore", "FeedModel", "CSQLite"], swiftSettings: swiftSettings),
        .testTarget(name: "FeedFetchTests", dependencies: ["FeedFetch", "FeedParse", "FeedModel", "TestHTTPServer"],
                    resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "FeedDaemonTests", dependencies: ["FeedDaemon", "FeedStore", "FeedFetch", "FeedConfig", "FeedClassify", "TestHTTPServer"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "FeedServeTests", dependencies: ["FeedServe", "FeedDaemon", "FeedFetch", "FeedParse", "FeedStore", "TestHTTPServer"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "FeedsiftCLITests", dependencies: ["TestHTTPServer", "FeedFetch"], swiftSettings: swiftSettings),
        // A real HTTP server on 127.0.0.1 for the tests that fetch.
        .target(name: "TestHTTPServer", path: "Tests/TestHTTPServer", swiftSettings: swiftSettings),
    ]
)
