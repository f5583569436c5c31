import CZlib
import Dispatch
import ExoCore

/// The fixed bytes of our gzip framing, shared by writer and reader.
enum GzipFraming {
    /// Uncompressed bytes per member at most.
    static let memberPayload = 65536
    /// Bytes before the deflate data: 10 fixed + XLEN (2) + one 8-byte subfield.
    static let headerSize = 20
    static let trailerSize = 8
    /// No member can be larger: deflate's worst case for 64 KiB is about 64.1 KiB.
    static let maxMemberSize = 1 << 17
    /// Our FEXTRA subfield id: 'E' 'X', carrying the member's total size (u32 LE).
    static let subfieldID: (UInt8, UInt8) = (0x45, 0x58)

    /// The member header for a member of `total` bytes.
    static func header(total: UInt32, xfl: UInt8) -> [UInt8] {
        var h: [UInt8] = [0x1F, 0x8B, 8, 0x04, 0, 0, 0, 0, xfl, 255]
        h.appendLE16(8)
        h.append(subfieldID.0); h.append(subfieldID.1)
        h.appendLE16(4)
        h.appendLE32(total)
        return h
    }

    static func crc(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        return UInt32(crc32(0, base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
    }
}

/// Turns a byte stream into a sequence of complete, independent gzip members
/// (RFC 1952) of at most 64 KiB uncompressed each, BGZF-style: every member
/// carries its own total size in an `EX` extra subfield, so a reader can hop
/// from member to member without inflating. Bytes are deterministic for a
/// given zlib: MTIME 0, no name, OS 255, fixed level, raw deflate with the
/// header and trailer written here.
///
/// Compression runs on a private serial queue, one member at a time, while
/// the caller fills the next member (two cores: the run and deflate overlap).
/// The two member buffers are fixed and swap roles at each hand-off, so
/// writing is a copy into memory allocated once. The hand-off is strict: the
/// caller touches `stream`, `out`, `compressing` and the sink only after
/// `drain()`, and the worker touches nothing else; that is why the class may
/// be `@unchecked Sendable`. The bytes do not depend on the timing.
final class GzipMemberWriter: @unchecked Sendable {
    let sink: AtomicFileWriter
    let level: Int32
    private let stream: UnsafeMutablePointer<z_stream>
    /// The member being filled by the caller: `filled` bytes at `filling`.
    private var filling: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var filled = 0
    /// The member handed to the worker (the other buffer).
    private var compressing: UnsafeMutablePointer<UInt8>
    private var out: [UInt8] = []
    private let queue = DispatchQueue(label: "exocheck.trace.deflate")
    private let group = DispatchGroup()
    private var inFlight = false
    /// Set by the worker, read by the caller after `drain()`.
    private var workerError: Error?

    init(sink: AtomicFileWriter, level: Int32) throws {
        self.sink = sink
        self.level = level
        filling = .allocate(capacity: GzipFraming.memberPayload)
        compressing = .allocate(capacity: GzipFraming.memberPayload)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = deflateInit2_(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                               zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if rc != Z_OK {
            stream.deallocate()
            filling.deallocate()
            compressing.deallocate()
            throw TraceError.io(file: sink.path, message: "deflateInit2 failed (\(rc))")
        }
        out = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(GzipFraming.memberPayload))) + 64)
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        filling.deallocate()
        compressing.deallocate()
    }

    /// Waits for the member being compressed, if any, and rethrows its error.
    func drain() throws {
        if inFlight {
            group.wait()
            inFlight = false
        }
        if let e = workerError {
            workerError = nil
            throw e
        }
    }

    /// Closes the current member and waits until everything is in the file;
    /// returns the file size, where the next member will start.
    func flush() throws -> UInt64 {
        try closeMember()
        try drain()
        return sink.offset
    }

    /// The position the next byte will have: (member file offset, offset
    /// inside that member's uncompressed data). Closes a full member first
    /// so the offset inside is always below 64 KiB.
    func nextPosition() throws -> (member: UInt64, within: UInt32) {
        if filled >= GzipFraming.memberPayload { try closeMember() }
        try drain()
        return (sink.offset, UInt32(filled))
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            if filled >= GzipFraming.memberPayload { try closeMember() }
            let n = min(bytes.count - done, GzipFraming.memberPayload - filled)
            UnsafeMutableRawPointer(filling + filled).copyMemory(from: base + done, byteCount: n)
            filled += n
            done += n
        }
    }

    /// Hands the buffered bytes to the worker to become one member (nothing
    /// if empty); the caller goes on filling the other buffer.
    func closeMember() throws {
        if filled == 0 { return }
        try drain()
        swap(&filling, &compressing)
        let count = filled
        filled = 0
        inFlight = true
        queue.async(group: group) { [self] in
            do { try compress(count) } catch { workerError = error }
        }
    }

    /// Deflates the first `count` bytes of `compressing` and writes the member (worker side).
    private func compress(_ count: Int) throws {
        let payload = UnsafeMutableBufferPointer(start: compressing, count: count)
        deflateReset(stream)
        let produced: Int = try out.withUnsafeMutableBytes { outBuf in
            stream.pointee.next_in = payload.baseAddress!
            stream.pointee.avail_in = uInt(payload.count)
            stream.pointee.next_out = outBuf.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(outBuf.count)
            let rc = deflate(stream, Z_FINISH)
            guard rc == Z_STREAM_END else {
                throw TraceError.io(file: sink.path, message: "deflate failed (\(rc))")
            }
            return outBuf.count - Int(stream.pointee.avail_out)
        }
        let crc = GzipFraming.crc(UnsafeRawBufferPointer(payload))
        let xfl: UInt8 = level >= 9 ? 2 : (level == 1 ? 4 : 0)
        let total = GzipFraming.headerSize + produced + GzipFraming.trailerSize
        try sink.write(GzipFraming.header(total: UInt32(total), xfl: xfl))
        try out.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
        var trailer: [UInt8] = []
        trailer.appendLE32(crc)
        trailer.appendLE32(UInt32(truncatingIfNeeded: payload.count))
        try sink.write(trailer)
    }

    /// Writes `payload` (< 64 KiB) as its own member holding one stored
    /// (uncompressed) deflate block, so the member's size is a function of the
    /// payload length alone. The trace tail uses this to be findable from the
    /// end of the file.
    func writeStoredMember(_ payload: [UInt8]) throws {
        precondition(payload.count < 65536, "stored member payload too large")
        _ = try flush()
        var body: [UInt8] = [0x01]  // BFINAL = 1, BTYPE = 00 (stored)
        body.appendLE16(UInt16(payload.count))
        body.appendLE16(~UInt16(payload.count))
        body.append(contentsOf: payload)
        let total = GzipFraming.headerSize + body.count + GzipFraming.trailerSize
        try sink.write(GzipFraming.header(total: UInt32(total), xfl: 0))
        try sink.write(body)
        var trailer: [UInt8] = []
        trailer.appendLE32(payload.withUnsafeBytes { GzipFraming.crc($0) })
        trailer.appendLE32(UInt32(payload.count))
        try sink.write(trailer)
    }
}
