// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "yoloset",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "yoloset", targets: ["yoloset"]),
        .library(name: "YolosetCore", targets: ["YolosetCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // System libraries, found with pkg-config; Debian's packages provide them.
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .systemLibrary(
            name: "CJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CJSONC",
            pkgConfig: "json-c",
            providers: [.apt(["libjson-c-dev"])]
        ),
        // yajl reads a JSON file as a stream of events, for files too large to hold as a tree.
        .systemLibrary(
            name: "CYAJL",
            pkgConfig: "yajl",
            providers: [.apt(["libyajl-dev"])]
        ),
        // The only C that yoloset owns: every setjmp/longjmp lives here, and the calls Swift cannot make:
        // FICLONE, syncfs, O_TMPFILE, and printf's "%.6f" (variadic).
        .target(
            name: "CImageShims",
            dependencies: ["CPNG", "CJPEG", "CZlib"]
        ),
        .target(
            name: "YolosetCore",
            dependencies: [
                "CImageShims",
                "CJSONC",
                "CYAJL",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "yoloset",
            dependencies: [
                "YolosetCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixture paths, golden files and expectations, shared by the test targets.
        .target(
            name: "YolosetTestSupport",
            path: "Tests/YolosetTestSupport"
        ),
        .testTarget(
            name: "YolosetCoreTests",
            // The C targets too: the message table's tests call the shim and name libjpeg's message codes.
            dependencies: ["YolosetCore", "YolosetTestSupport", "CImageShims", "CJPEG"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "YolosetEndToEndTests",
            dependencies: ["yoloset", "YolosetTestSupport"]
        ),
    ]
)

// The library keeps its dependencies out of its public API; imports there are internal unless marked.
for target in package.targets where target.type == .regular {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
