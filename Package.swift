// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Rampart",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rampart", targets: ["rampart"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "RampartCore", swiftSettings: strict),
        .target(name: "RampartYAML", dependencies: ["RampartCore", "CYAML"], swiftSettings: strict),
        .target(name: "RampartManifests", dependencies: ["RampartCore", "RampartYAML"], swiftSettings: strict),
        .target(name: "RampartDesign", dependencies: ["RampartCore", "RampartYAML", "RampartManifests"], swiftSettings: strict),
        .target(name: "RampartProbe", dependencies: ["RampartCore", "COpenSSL"], swiftSettings: strict),
        .target(name: "RampartPolicy", dependencies: ["RampartCore", "RampartYAML"], swiftSettings: strict),
        .target(name: "RampartRules", dependencies: ["RampartCore", "RampartManifests", "RampartPolicy"], swiftSettings: strict),
        .target(name: "RampartReport", dependencies: ["RampartCore"], swiftSettings: strict),
        .target(
            name: "RampartAudit",
            dependencies: ["RampartCore", "RampartYAML", "RampartManifests", "RampartDesign", "RampartProbe", "RampartPolicy", "RampartRules", "RampartReport", "COpenSSL"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "rampart",
            dependencies: ["RampartAudit", "RampartCore", "RampartDesign", "RampartManifests", "RampartPolicy", "RampartProbe", "RampartRules", "RampartReport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // libFuzzer harness (scripts/fuzz.sh, docs/fuzzing.md); never shipped.
        .executableTarget(
            name: "rampart-fuzz",
            dependencies: ["COpenSSL", "RampartAudit", "RampartCore", "RampartYAML", "RampartManifests", "RampartProbe", "RampartPolicy", "RampartReport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RampartTests",
            dependencies: ["COpenSSL", "RampartCore", "RampartYAML", "RampartManifests", "RampartDesign", "RampartProbe", "RampartPolicy", "RampartRules", "RampartReport", "RampartAudit"],
            resources: [],
            swiftSettings: strict
        ),
    ]
)
