// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Duban",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "duban", targets: ["duban"]),
        .library(name: "DubanCore", targets: ["DubanCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "DubanCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                "CLibXML2",
            ]
        ),
        .executableTarget(
            name: "duban",
            dependencies: [
                "DubanCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DubanCoreTests",
            dependencies: ["DubanCore"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
