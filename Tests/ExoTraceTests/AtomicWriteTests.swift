import Foundation
import XCTest
import ExoCore
@testable import ExoTrace
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `AtomicFileWriter` treats what is already at the target path.
final class AtomicWriteTests: TraceTestCase {
    func mode(_ p: String) -> mode_t {
        var st = stat()
        XCTAssertEqual(stat(p, &st), 0, p)
        return st.st_mode & 0o7777
    }

    func kind(_ p: String) -> mode_t {
        var st = stat()
        XCTAssertEqual(lstat(p, &st), 0, p)
        return st.st_mode & S_IFMT
    }

    func entries(_ d: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: d).sorted() }

    func text(_ p: String) throws -> String { try String(contentsOfFile: p, encoding: .utf8) }

    func testRefusesAFIFOAndLeavesNothingBehind() throws {
        let fifo = path("out.trace.gz")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        assertTraceError(fifo, { _ = try AtomicFileWriter(path: fifo) }) {
            if case .io(_, let m) = $0 { return m.contains("is a FIFO, not a regular file") }
            return false
        }
        // Through the trace writer too (what `simulate --out` uses).
        assertTraceError(fifo, { _ = try TraceWriter(path: fifo, header: self.header(seed: 1)) }) {
            if case .io = $0 { return true }
            return false
        }
        XCTAssertEqual(kind(fifo), S_IFIFO, "the FIFO is still a FIFO")
        XCTAssertEqual(try entries(dir), ["out.trace.gz"], "no temporary file left")
    }

    func testRefusesADirectoryAndASymlinkToAFIFO() throws {
        let sub = path("sub")
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        assertTraceError(sub, { try AtomicFileWriter.write([1, 2, 3], to: sub) }) {
            if case .io(_, let m) = $0 { return m.contains("is a directory") }
            return false
        }
        let fifo = path("fifo")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let link = path("link")
        XCTAssertEqual(symlink("fifo", link), 0)
        assertTraceError(link, { try AtomicFileWriter.write([1, 2, 3], to: link) }) {
            if case .io(_, let m) = $0 { return m.contains("is a FIFO") }
            return false
        }
        XCTAssertEqual(kind(link), S_IFLNK)
        XCTAssertEqual(kind(fifo), S_IFIFO)
        XCTAssertEqual(try entries(dir), ["fifo", "link", "sub"])
    }

    func testKeepsTheTargetsPermissionBits() throws {
        for m: mode_t in [0o600, 0o755, 0o666, 0o640] {
            let p = path("spec-\(String(m, radix: 8)).exo")
            try write(Array("old\n".utf8), p)
            XCTAssertEqual(chmod(p, m), 0)
            try AtomicFileWriter.write(Array("new\n".utf8), to: p)
            XCTAssertEqual(try text(p), "new\n")
            XCTAssertEqual(mode(p), m, "mode \(String(m, radix: 8)) kept")
        }
        // A new file gets 0644 (less the umask).
        let fresh = path("fresh.exo")
        try AtomicFileWriter.write(Array("x".utf8), to: fresh)
        let mask = umask(0o022); umask(mask)
        XCTAssertEqual(mode(fresh), 0o644 & ~mask)
    }

    func testWritesThroughASymlinkAndKeepsTheLink() throws {
        let real = path("real")
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
        let target = real + "/spec.exo"
        try write(Array("old\n".utf8), target)
        XCTAssertEqual(chmod(target, 0o600), 0)
        let link = path("spec.exo")
        XCTAssertEqual(symlink("real/spec.exo", link), 0)            // relative
        let link2 = path("again.exo")
        XCTAssertEqual(symlink(link, link2), 0)                      // absolute, to a link
        try AtomicFileWriter.write(Array("new\n".utf8), to: link2)
        XCTAssertEqual(kind(link), S_IFLNK, "the link stays a link")
        XCTAssertEqual(kind(link2), S_IFLNK)
        XCTAssertEqual(try text(target), "new\n", "the link's target is replaced")
        XCTAssertEqual(mode(target), 0o600)
        XCTAssertEqual(try entries(dir), ["again.exo", "real", "spec.exo"])
        XCTAssertEqual(try entries(real), ["spec.exo"], "no temporary file left in the target's directory")

        // A dangling link names the file to create.
        let dangling = path("new.exo")
        XCTAssertEqual(symlink("real/created.exo", dangling), 0)
        try AtomicFileWriter.write(Array("made\n".utf8), to: dangling)
        XCTAssertEqual(kind(dangling), S_IFLNK)
        XCTAssertEqual(try text(real + "/created.exo"), "made\n")
    }

    func testTheTemporaryFileIsInTheTargetsDirectoryAndNeverClobbers() throws {
        let real = path("real")
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
        XCTAssertEqual(symlink("real/t.trace.gz", path("t.trace.gz")), 0)
        // A file already sits where the first temporary name would be.
        let squatter = real + "/.t.trace.gz.tmp.\(getpid())"
        try write(Array("precious".utf8), squatter)
        let w = try AtomicFileWriter(path: path("t.trace.gz"))
        XCTAssertTrue(w.tempPath.hasPrefix(real + "/.t.trace.gz.tmp."), w.tempPath)
        XCTAssertNotEqual(w.tempPath, squatter)
        XCTAssertEqual(try text(squatter), "precious", "O_EXCL: an existing file is not clobbered")
        try w.write(Array("trace".utf8))
        try w.commit()
        XCTAssertEqual(try text(real + "/t.trace.gz"), "trace")
        XCTAssertEqual(try text(squatter), "precious")
        XCTAssertEqual(try entries(real), [".t.trace.gz.tmp.\(getpid())", "t.trace.gz"])
    }

    func testLiveTemporaryFilesAreRegisteredForSignals() throws {
        let p = path("r.trace.gz")
        let w = try AtomicFileWriter(path: p)
        XCTAssertTrue(TempFileRegistry.registeredPaths().contains(w.tempPath))
        try w.commit()
        XCTAssertFalse(TempFileRegistry.registeredPaths().contains(w.tempPath))
        let a = try AtomicFileWriter(path: path("a.trace.gz"))
        let temp = a.tempPath
        XCTAssertTrue(TempFileRegistry.registeredPaths().contains(temp))
        a.abandon()
        XCTAssertFalse(TempFileRegistry.registeredPaths().contains(temp))
        XCTAssertFalse(FileManager.default.fileExists(atPath: temp))
        // The handlers are installed (unless the signal was ignored to begin with).
        var sa = sigaction()
        XCTAssertEqual(sigaction(SIGTERM, nil, &sa), 0)
        #if canImport(Glibc)
        let h = sa.__sigaction_handler.sa_handler
        #else
        let h = sa.__sigaction_u.__sa_handler
        #endif
        XCTAssertNotNil(h, "a SIGTERM handler removes temporary files")
    }
}
