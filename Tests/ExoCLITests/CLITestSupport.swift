import Foundation
import XCTest

/// Runs the built `exocheck` binary as a separate process, as users do.
class CLITestCase: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "exocli-\(getpid())-\(name.filter { $0.isLetter || $0.isNumber })"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func path(_ name: String) -> String { dir + "/" + name }

    /// The `exocheck` executable next to the test bundle.
    static let binary: String = {
        var candidates: [URL] = []
        for b in Bundle.allBundles where b.bundlePath.hasSuffix(".xctest") {
            candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("exocheck"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("exocheck"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/exocheck"))
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c.path }
        return candidates.last!.path
    }()

    struct Run {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    func exocheck(_ args: [String], cwd: String? = nil) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(code: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func write(_ text: String, _ name: String) throws -> String {
        let p = path(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func bytes(_ p: String) -> Data? { FileManager.default.contents(atPath: p) }

    /// d0 grants a frame to d1 read-only and ends access; d1 maps and unmaps.
    static let grantSpec = """
        spec grant-map-end
          "d0 grants a frame to d1 read-only, then ends access; d1 maps and unmaps whatever it is offered."
        expect holds

        machine frames 3
        hypervisor grant-entries 2 maptrack 2 ports 2
        domain d0, d1 : guest

        actor a0 on d0:
          let f = alloc
          let g = grant_access d1 f ro
          end_access g
          free f

        daemon a1 on d1:
          loop:
            either: map_grant_ref any grant offered-to d1 ro host
            or: unmap_grant_ref any mapping of d1 host

        """
}
