import ExoCore

/// The trace's logical byte stream (the concatenated member payloads) as a
/// cursor: integers, varints and byte strings that may straddle member
/// boundaries, positions as (member offset, offset within member), and a
/// capture of the bytes of the current record for the hash chain that does
/// not copy unless the record straddles a boundary.
final class TraceByteStream {
    let members: GzipMemberReader
    private var pos = 0
    private var count = 0
    private var capturing = false
    private var captureStart = 0
    private var spill: [UInt8] = []
    /// The event number reported in errors while parsing.
    var errorEvent: UInt64 = 0
    /// True while parsing the footer or the tail: errors are labelled `footer:`.
    var inFooter = false

    init(members: GzipMemberReader) { self.members = members }

    var file: String { members.path }

    /// Starts reading at member `offset`, skipping `within` bytes into it.
    func seek(member offset: UInt64, within: UInt32) throws {
        try members.seek(to: offset)
        pos = 0; count = 0
        guard try members.loadNext() else {
            throw TraceError.truncated(file: file, detail: "no member at byte \(offset)")
        }
        count = members.payloadCount
        guard Int(within) <= count else { throw malformed("index points past its member") }
        pos = Int(within)
    }

    /// True when no byte is left in the file.
    func atEnd() throws -> Bool {
        if pos < count { return false }
        return try !refill(orEOF: true)
    }

    private func refill(orEOF: Bool) throws -> Bool {
        if capturing && captureStart < count {
            spill.append(contentsOf: UnsafeBufferPointer(start: members.payload + captureStart, count: count - captureStart))
        }
        captureStart = 0
        repeat {
            guard try members.loadNext() else {
                pos = 0; count = 0
                if orEOF { return false }
                throw TraceError.truncated(file: file, detail: inFooter ? "ends inside the footer"
                    : errorEvent == 0 ? "ends inside the header" : "ends at event \(errorEvent), before the footer")
            }
            pos = 0
            count = members.payloadCount
        } while count == 0
        return true
    }

    @inline(__always) func u8() throws -> UInt8 {
        if pos >= count { _ = try refill(orEOF: false) }
        let b = members.payload[pos]
        pos += 1
        return b
    }

    func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            if shift == 63 && b > 1 { throw malformed("varint overflows 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw malformed("varint longer than 10 bytes") }
        }
    }

    func zigzag() throws -> Int64 {
        let u = try varint()
        return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
    }

    /// A varint that must fit `limit`.
    func varint(max limit: UInt64, _ what: String) throws -> UInt64 {
        let v = try varint()
        guard v <= limit else { throw malformed("\(what) \(v) out of range") }
        return v
    }

    func le16() throws -> UInt16 { UInt16(try u8()) | UInt16(try u8()) << 8 }
    func le32() throws -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(try u8()) << UInt32(8 * i) }
        return v
    }
    func le64() throws -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(try u8()) << UInt64(8 * i) }
        return v
    }
    func fingerprint() throws -> Fingerprint128 {
        let low = try le64()
        return Fingerprint128(high: try le64(), low: low)
    }

    func bytes(_ n: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(n, 1 << 20))
        var left = n
        while left > 0 {
            if pos >= count { _ = try refill(orEOF: false) }
            let k = min(left, count - pos)
            out.append(contentsOf: UnsafeBufferPointer(start: members.payload + pos, count: k))
            pos += k
            left -= k
        }
        return out
    }

    /// A varint length (at most `limit`) followed by that many bytes.
    func lengthPrefixed(max limit: Int, _ what: String) throws -> [UInt8] {
        let n = try varint(max: UInt64(limit), "\(what) length")
        return try bytes(Int(n))
    }

    func string(max limit: Int, _ what: String) throws -> String {
        let b = try lengthPrefixed(max: limit, what)
        guard let s = String(validating: b, as: UTF8.self) else { throw malformed("\(what) is not UTF-8") }
        return s
    }

    /// Starts recording the bytes read, for `endCapture`.
    func beginCapture() throws {
        if pos >= count { _ = try refill(orEOF: false) }
        capturing = true
        captureStart = pos
        spill.removeAll(keepingCapacity: true)
    }

    /// XXH3-64 (with `seed`) of the bytes read since `beginCapture`.
    func endCapture(seed: UInt64) -> UInt64 {
        capturing = false
        if spill.isEmpty {
            return XXH3.hash64(UnsafeRawBufferPointer(start: members.payload + captureStart, count: pos - captureStart), seed: seed)
        }
        spill.append(contentsOf: UnsafeBufferPointer(start: members.payload + captureStart, count: pos - captureStart))
        return XXH3.hash64(spill, seed: seed)
    }

    /// Where the next byte is: (member file offset, offset inside its
    /// payload). Valid after `beginCapture()` (which loads the next member
    /// if the current one is used up).
    var position: (member: UInt64, within: UInt32) { (members.memberOffset, UInt32(pos)) }

    func malformed(_ detail: String) -> TraceError {
        inFooter ? .malformedFooter(file: file, detail: detail)
            : .malformedRecord(file: file, event: errorEvent, detail: detail)
    }
}
