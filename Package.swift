// swift-tools-version:6.0
import PackageDescription

// exocheck: a deterministic simulator, trace recorder/replayer and model
// checker for exokernel, library-OS, unikernel and Xen-style protection
// machinery. See docs/ and README.md.
//
// Module graph (each arrow is "depends on"):
//   exocheck -> ExoCLI (one subcommand per file) -> ExoSpec, ExoCheck, ExoTrace, ExoStack
//   ExoSpec  -> ExoStack            spec language: lexer, parser, elaboration
//   ExoStack -> ExoXen, ExoKernel   the composed World and its one choke point
//   ExoXen   -> ExoCore             hypervisor (grants, event channels) + unikernel
//   ExoKernel-> ExoCore             exokernel + library OS
//   ExoCheck -> ExoTrace            generic explorer over any `Model`
//   ExoTrace -> ExoCore, CZlib      trace format, gzip members, replay
//   ExoCore  -> CXXHash, CExoPool   clock, timers, PRNG, encoding, fingerprints, storage reuse

let package = Package(
    name: "exocheck",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "exocheck", targets: ["exocheck"]),
        .library(name: "ExoCheckKit", targets: ["ExoCore", "ExoTrace", "ExoStack", "ExoSpec", "ExoCheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CXXHash", pkgConfig: "libxxhash",
            providers: [.apt(["libxxhash-dev"])]),

        .target(name: "CExoPool"),

        .target(name: "ExoCore", dependencies: ["CXXHash", "CExoPool"]),
        .target(name: "ExoTrace", dependencies: ["ExoCore", "CZlib"]),
        .target(name: "ExoXen", dependencies: ["ExoCore"]),
        .target(name: "ExoKernel", dependencies: ["ExoCore"]),
        .target(name: "ExoStack", dependencies: ["ExoCore", "ExoXen", "ExoKernel"]),
        .target(name: "ExoSpec", dependencies: ["ExoCore", "ExoStack"]),
        .target(name: "ExoCheck", dependencies: ["ExoCore", "ExoTrace"]),
        .target(
            name: "ExoCLI",
            dependencies: [
                "ExoCore", "ExoTrace", "ExoStack", "ExoSpec", "ExoCheck",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "exocheck", dependencies: ["ExoCLI"]),

        .testTarget(name: "ExoCoreTests", dependencies: ["ExoCore"]),
        .testTarget(name: "ExoTraceTests", dependencies: ["ExoTrace", "ExoCore"]),
        .testTarget(name: "ExoXenTests", dependencies: ["ExoXen", "ExoCore"]),
        .testTarget(name: "ExoKernelTests", dependencies: ["ExoKernel", "ExoCore"]),
        .testTarget(name: "ExoStackTests", dependencies: ["ExoStack", "ExoCore"]),
        .testTarget(name: "ExoSpecTests", dependencies: ["ExoSpec", "ExoStack", "ExoCore"]),
        .testTarget(name: "ExoCheckTests", dependencies: ["ExoCheck", "ExoTrace", "ExoCore"]),
        .testTarget(name: "ExoCLITests", dependencies: ["ExoCLI", "ExoCore", "ExoTrace"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v5]
)
