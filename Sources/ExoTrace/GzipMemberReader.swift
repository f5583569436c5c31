#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// Reads a file written by `GzipMemberWriter` one member at a time: checks
/// the gzip header and our `EX` size subfield, inflates the raw deflate data
/// into a fixed 64 KiB buffer, and validates CRC32 and ISIZE. Memory stays
/// flat however long the file is.
final class GzipMemberReader {
    let path: String
    private let file: UnsafeMutablePointer<FILE>
    private let stream: UnsafeMutablePointer<z_stream>
    private var compressed: [UInt8] = []
    /// The current member's uncompressed bytes (`payloadCount` of them).
    let payload: UnsafeMutablePointer<UInt8>
    private(set) var payloadCount = 0
    /// File offset of the current member, and of the next one.
    private(set) var memberOffset: UInt64 = 0
    private(set) var nextOffset: UInt64 = 0
    let fileSize: UInt64

    init(path: String) throws {
        self.path = path
        guard let f = fopen(path, "rb") else {
            let e = errno
            if e == ENOENT { throw TraceError.missingFile(file: path) }
            throw TraceError.io(file: path, message: "cannot open: \(String(cString: strerror(e)))")
        }
        file = f
        var st = stat()
        if fstat(fileno(f), &st) != 0 || (st.st_mode & S_IFMT) != S_IFREG {
            fclose(f)
            throw TraceError.io(file: path, message: "not a regular file")
        }
        fileSize = UInt64(st.st_size)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        payload = .allocate(capacity: GzipFraming.memberPayload)
        let rc = inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if rc != Z_OK {
            fclose(f); stream.deallocate(); payload.deallocate()
            throw TraceError.io(file: path, message: "inflateInit2 failed (\(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        payload.deallocate()
        fclose(file)
    }

    /// Positions the reader so that the next `loadNext()` reads the member at `offset`.
    func seek(to offset: UInt64) throws {
        guard offset <= fileSize, fseeko(file, off_t(offset), SEEK_SET) == 0 else {
            throw TraceError.io(file: path, message: "cannot seek to byte \(offset)")
        }
        nextOffset = offset
        payloadCount = 0
    }

    /// Reads and inflates the next member. Returns false at a clean end of
    /// file (no byte left where a member would start).
    func loadNext() throws -> Bool {
        memberOffset = nextOffset
        var head = [UInt8](repeating: 0, count: GzipFraming.headerSize)
        let got = head.withUnsafeMutableBytes { fread($0.baseAddress, 1, GzipFraming.headerSize, file) }
        if got == 0 { payloadCount = 0; return false }
        if got >= 2 && !(head[0] == 0x1F && head[1] == 0x8B) || got < 2 && head[0] != 0x1F {
            if memberOffset == 0 { throw TraceError.notGzip(file: path) }
            throw TraceError.corruptDeflate(file: path, memberOffset: memberOffset, detail: "no gzip member header")
        }
        if got < GzipFraming.headerSize {
            if memberOffset == 0 && got < 10 { throw TraceError.truncated(file: path, detail: "gzip header cut short") }
            throw TraceError.truncated(file: path, detail: "gzip member at byte \(memberOffset) cut short")
        }
        guard head[2] == 8 else {
            throw TraceError.notATrace(file: path, detail: "gzip member at byte \(memberOffset) does not use deflate")
        }
        guard head[3] == 0x04, readLE(head, 10, as: UInt16.self) == 8,
              head[12] == GzipFraming.subfieldID.0, head[13] == GzipFraming.subfieldID.1,
              readLE(head, 14, as: UInt16.self) == 4 else {
            throw TraceError.notATrace(file: path, detail: "gzip member at byte \(memberOffset) has no EX size field")
        }
        let total = Int(readLE(head, 16, as: UInt32.self))
        let bodyCount = total - GzipFraming.headerSize
        guard bodyCount >= GzipFraming.trailerSize, total <= GzipFraming.maxMemberSize else {
            throw TraceError.corruptDeflate(file: path, memberOffset: memberOffset, detail: "member size \(total) impossible")
        }
        guard memberOffset + UInt64(total) <= fileSize else {
            throw TraceError.truncated(file: path, detail: "gzip member at byte \(memberOffset) cut short")
        }
        if compressed.count < bodyCount { compressed = [UInt8](repeating: 0, count: bodyCount) }
        let gotBody = compressed.withUnsafeMutableBytes { fread($0.baseAddress, 1, bodyCount, file) }
        guard gotBody == bodyCount else {
            throw TraceError.truncated(file: path, detail: "gzip member at byte \(memberOffset) cut short")
        }
        nextOffset = memberOffset + UInt64(total)
        let deflated = bodyCount - GzipFraming.trailerSize
        inflateReset(stream)
        let (rc, consumed, produced): (Int32, Int, Int) = compressed.withUnsafeMutableBytes { inBuf in
            stream.pointee.next_in = inBuf.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(deflated)
            stream.pointee.next_out = payload
            stream.pointee.avail_out = uInt(GzipFraming.memberPayload)
            let rc = inflate(stream, Z_FINISH)
            return (rc, deflated - Int(stream.pointee.avail_in), GzipFraming.memberPayload - Int(stream.pointee.avail_out))
        }
        guard rc == Z_STREAM_END, consumed == deflated else {
            let why = rc == Z_DATA_ERROR && stream.pointee.msg != nil ? String(cString: stream.pointee.msg)
                : (rc == Z_STREAM_END ? "data after the deflate stream" : "deflate stream incomplete or over 64 KiB")
            throw TraceError.corruptDeflate(file: path, memberOffset: memberOffset, detail: why)
        }
        let crc = readLE(compressed, deflated, as: UInt32.self)
        let isize = readLE(compressed, deflated + 4, as: UInt32.self)
        guard GzipFraming.crc(UnsafeRawBufferPointer(start: payload, count: produced)) == crc else {
            throw TraceError.crcMismatch(file: path, memberOffset: memberOffset)
        }
        guard UInt32(truncatingIfNeeded: produced) == isize else {
            throw TraceError.sizeMismatch(file: path, memberOffset: memberOffset)
        }
        payloadCount = produced
        return true
    }
}
