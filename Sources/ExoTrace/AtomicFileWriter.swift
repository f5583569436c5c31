#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file atomically: the bytes go to a temporary file in the same
/// directory, which `commit()` flushes, fsyncs and renames over the target
/// (then fsyncs the directory). Until then the target is untouched; a reader
/// never sees half a trace under the final name.
final class AtomicFileWriter {
    let path: String
    let tempPath: String
    private var file: UnsafeMutablePointer<FILE>?
    /// Bytes written so far.
    private(set) var offset: UInt64 = 0

    init(path: String) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        // The process id keeps concurrent writers apart; it is only a file name.
        tempPath = (dir.isEmpty ? "" : dir + "/") + ".\(name).tmp.\(getpid())"
        guard let f = fopen(tempPath, "wb") else {
            throw TraceError.io(file: path, message: "cannot create \(tempPath): \(String(cString: strerror(errno)))")
        }
        file = f
    }

    deinit { abandon() }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let f = file else { throw TraceError.io(file: path, message: "write after close") }
        if bytes.count == 0 { return }
        if fwrite(bytes.baseAddress, 1, bytes.count, f) != bytes.count {
            throw TraceError.io(file: path, message: "write failed: \(String(cString: strerror(errno)))")
        }
        offset += UInt64(bytes.count)
    }

    func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Flushes, fsyncs and renames the temporary file to `path`.
    func commit() throws {
        guard let f = file else { throw TraceError.io(file: path, message: "commit after close") }
        file = nil
        let ok = fflush(f) == 0 && fsync(fileno(f)) == 0
        let err = errno
        fclose(f)
        guard ok else {
            unlink(tempPath)
            throw TraceError.io(file: path, message: "flush failed: \(String(cString: strerror(err)))")
        }
        if rename(tempPath, path) != 0 {
            let e = errno
            unlink(tempPath)
            throw TraceError.io(file: path, message: "rename failed: \(String(cString: strerror(e)))")
        }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let fd = open(dir.isEmpty ? "/" : dir, O_RDONLY)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }

    /// Closes and removes the temporary file; the target is left as it was.
    func abandon() {
        if let f = file {
            fclose(f)
            file = nil
            unlink(tempPath)
        }
    }
}
