#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file atomically: the bytes go to a temporary file in the same
/// directory, which `commit()` flushes, fsyncs and renames over the target
/// (then fsyncs the directory). Until then the target is untouched; a reader
/// never sees half a trace under the final name.
///
/// - The target must be a regular file or not exist yet: a FIFO, a device,
///   a socket or a directory is refused (nothing is created).
/// - A symlink is followed (to any depth; a dangling link names the file to
///   create): the file it points at is replaced, in that file's directory,
///   and the link stays a link.
/// - The temporary file is created with `O_EXCL`, so it never clobbers an
///   existing file, and gets the permission bits of the file it replaces
///   (0644, less the umask, for a new file).
/// - While it exists, the temporary file is registered with
///   `TempFileRegistry`: SIGINT, SIGTERM or SIGHUP remove it before the
///   process dies of the signal.
public final class AtomicFileWriter {
    /// The path as given (used in messages).
    let path: String
    /// The file actually replaced: `path` with symlinks resolved.
    let targetPath: String
    let tempPath: String
    private var file: UnsafeMutablePointer<FILE>?
    private var registration: TempFileRegistry.Slot?
    /// Bytes written so far.
    private(set) var offset: UInt64 = 0

    public init(path: String) throws {
        self.path = path
        let target = try Self.resolveTarget(path)
        targetPath = target.path
        let (dir, name) = Self.split(targetPath)
        // The process id keeps concurrent writers apart; it is only a file name.
        let base = dir + "/.\(name).tmp.\(getpid())"
        let mode = target.mode ?? 0o644
        TempFileRegistry.installHandlers()
        var attempt = 0
        while true {
            let candidate = attempt == 0 ? base : base + ".\(attempt)"
            let fd = open(candidate, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
            // Registered once it is ours: registered before, a signal between
            // a failed exclusive open and the unregistering would unlink
            // another writer's file of that name. (A signal between the open
            // and this leaves the file behind: harmless, and a moment long.)
            let slot = fd >= 0 ? TempFileRegistry.register(candidate) : nil
            if fd >= 0 {
                // open() applies the umask; an existing file's mode is copied
                // exactly, and its owner where we may (best effort, as editors do).
                if target.mode != nil {
                    _ = fchmod(fd, mode)
                    if let owner = target.owner, owner.uid != geteuid() || owner.gid != getegid() {
                        _ = fchown(fd, owner.uid, owner.gid)
                    }
                }
                guard let f = fdopen(fd, "wb") else {
                    let e = errno
                    close(fd)
                    unlink(candidate)
                    TempFileRegistry.unregister(slot)
                    throw TraceError.io(file: path, message: "cannot create \(candidate): \(String(cString: strerror(e)))")
                }
                tempPath = candidate
                registration = slot
                file = f
                return
            }
            let e = errno
            // A file of that name already exists (another writer, or left by a
            // crash): it is not ours to clobber; try the next name.
            if e == EEXIST && attempt < 100 { attempt += 1; continue }
            throw TraceError.io(file: path, message: "cannot create \(candidate): \(String(cString: strerror(e)))")
        }
    }

    deinit { abandon() }

    /// Writes a whole file atomically in one call.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let w = try AtomicFileWriter(path: path)
        try w.write(bytes)
        try w.commit()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let f = file else { throw TraceError.io(file: path, message: "write after close") }
        if bytes.count == 0 { return }
        if fwrite(bytes.baseAddress, 1, bytes.count, f) != bytes.count {
            throw TraceError.io(file: path, message: "write failed: \(String(cString: strerror(errno)))")
        }
        offset += UInt64(bytes.count)
    }

    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Flushes, fsyncs and renames the temporary file over the target.
    public func commit() throws {
        guard let f = file else { throw TraceError.io(file: path, message: "commit after close") }
        file = nil
        let ok = fflush(f) == 0 && fsync(fileno(f)) == 0
        let err = errno
        fclose(f)
        guard ok else {
            removeTemp()
            throw TraceError.io(file: path, message: "flush failed: \(String(cString: strerror(err)))")
        }
        // The target may have changed since init (e.g. a FIFO created meanwhile).
        var st = stat()
        if lstat(targetPath, &st) == 0, let kind = Self.refusedKind(st.st_mode) {
            removeTemp()
            throw Self.refusal(path, kind)
        }
        if rename(tempPath, targetPath) != 0 {
            let e = errno
            removeTemp()
            throw TraceError.io(file: path, message: "rename failed: \(String(cString: strerror(e)))")
        }
        TempFileRegistry.unregister(registration)
        registration = nil
        let (dir, _) = Self.split(targetPath)
        let fd = open(dir.isEmpty ? "/" : dir, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }

    /// Closes and removes the temporary file; the target is left as it was.
    public func abandon() {
        if let f = file {
            fclose(f)
            file = nil
            removeTemp()
        }
    }

    private func removeTemp() {
        unlink(tempPath)
        TempFileRegistry.unregister(registration)
        registration = nil
    }

    // MARK: - The target

    /// `(directory, name)` of a path; the directory is "." for a bare name
    /// and "" for a file in "/" (so `dir + "/" + name` is always the path).
    static func split(_ path: String) -> (dir: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// Follows `path` through symlinks to the file to replace; returns it
    /// with its permission bits and owner (nil if it does not exist yet). Throws for
    /// anything but a regular file, and for a symlink loop.
    static func resolveTarget(_ path: String) throws -> (path: String, mode: mode_t?, owner: (uid: uid_t, gid: gid_t)?) {
        guard !path.isEmpty else { throw TraceError.io(file: path, message: "empty file name") }
        var current = path
        for _ in 0..<40 {
            var st = stat()
            if lstat(current, &st) != 0 {
                let e = errno
                if e == ENOENT { return (current, nil, nil) }
                throw TraceError.io(file: path, message: "cannot inspect \(current): \(String(cString: strerror(e)))")
            }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(current, &buf, Int(PATH_MAX))
                guard n > 0 else {
                    throw TraceError.io(file: path, message: "cannot read the symlink \(current): \(String(cString: strerror(errno)))")
                }
                let link = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if link.hasPrefix("/") {
                    current = link
                } else {
                    let (dir, _) = split(current)
                    current = (dir == "." ? "" : dir + "/") + link
                }
                continue
            }
            if let kind = refusedKind(st.st_mode) { throw refusal(path, kind) }
            return (current, st.st_mode & 0o7777, (st.st_uid, st.st_gid))
        }
        throw TraceError.io(file: path, message: "too many levels of symbolic links")
    }

    /// What a non-regular file is, for the refusal message; nil for a regular file.
    static func refusedKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG, S_IFLNK: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    static func refusal(_ path: String, _ kind: String) -> TraceError {
        .io(file: path, message: "is \(kind), not a regular file; refusing to replace it")
    }
}
