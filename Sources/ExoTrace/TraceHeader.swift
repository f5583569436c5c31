import ExoCore

/// What a trace says about itself before its first event: who wrote it, from
/// which spec (the full text, so replay needs nothing else), how it was run,
/// and free-form metadata for the CLI (e.g. `mutants`, `violated`).
public struct TraceHeader: Equatable, Sendable {
    public var formatVersion: UInt16
    public var toolVersion: String
    public var specFileName: String
    public var specText: String
    /// XXH3-128 of the spec text's UTF-8 bytes.
    public var specDigest: Fingerprint128
    public var mode: RunMode
    public var seed: UInt64
    /// K: a full state snapshot is stored after every K events (and at event 0).
    public var snapshotInterval: UInt64
    /// Key/value pairs, kept sorted by key (UTF-8 byte order), keys unique.
    public private(set) var metadata: [MetadataEntry]

    public struct MetadataEntry: Equatable, Sendable, Codable {
        public var key: String
        public var value: String
        public init(key: String, value: String) { self.key = key; self.value = value }
    }

    /// A header for a new trace; the digest is computed from `specText`.
    public init(toolVersion: String, specFileName: String, specText: String, mode: RunMode,
                seed: UInt64, snapshotInterval: UInt64 = TraceFormat.defaultSnapshotInterval,
                metadata: [(String, String)] = []) {
        self.formatVersion = TraceFormat.version
        self.toolVersion = toolVersion
        self.specFileName = specFileName
        self.specText = specText
        self.specDigest = XXH3.hash128(specText)
        self.mode = mode
        self.seed = seed
        self.snapshotInterval = max(1, snapshotInterval)
        self.metadata = []
        for (k, v) in metadata { setMetadata(k, v) }
    }

    /// Sets (or replaces) one metadata value, keeping keys sorted.
    public mutating func setMetadata(_ key: String, _ value: String) {
        let kb = Array(key.utf8)
        var i = 0
        while i < metadata.count && Array(metadata[i].key.utf8).lexicographicallyPrecedes(kb) { i += 1 }
        if i < metadata.count && metadata[i].key == key {
            metadata[i].value = value
        } else {
            metadata.insert(MetadataEntry(key: key, value: value), at: i)
        }
    }

    /// The value for `key`, if any.
    public func metadata(_ key: String) -> String? { metadata.first { $0.key == key }?.value }

    /// The header's bytes: magic, version, body length, body.
    func encoded() -> [UInt8] {
        let body = encodedBody()
        var out = TraceFormat.magic
        out.appendLE16(formatVersion)
        out.appendVarint(UInt64(body.count))
        out.append(contentsOf: body)
        return out
    }

    /// The header's fields after the length.
    func encodedBody() -> [UInt8] {
        var body: [UInt8] = []
        body.appendString(toolVersion)
        body.appendString(specFileName)
        body.appendString(specText)
        body.appendFingerprint(specDigest)
        body.append(mode.rawValue)
        body.appendLE64(seed)
        body.appendVarint(snapshotInterval)
        body.appendVarint(UInt64(metadata.count))
        for m in metadata { body.appendString(m.key); body.appendString(m.value) }
        return body
    }

    /// Parses a header from the start of `s` (capturing its bytes is the caller's job).
    static func decode(from s: TraceByteStream) throws -> TraceHeader {
        for m in TraceFormat.magic {
            let b: UInt8
            do { b = try s.u8() } catch TraceError.truncated { throw TraceError.wrongMagic(file: s.file) }
            guard b == m else { throw TraceError.wrongMagic(file: s.file) }
        }
        let version = try s.le16()
        guard version <= TraceFormat.version else {
            throw TraceError.newerVersion(file: s.file, found: version, supported: TraceFormat.version)
        }
        guard version >= 1 else { throw s.malformed("format version 0") }
        let declared = try s.varint(max: UInt64(TraceFormat.maxStringBytes) * 4, "header length")
        let tool = try s.string(max: TraceFormat.maxStringBytes, "tool version")
        let name = try s.string(max: TraceFormat.maxStringBytes, "spec file name")
        let text = try s.string(max: TraceFormat.maxStringBytes, "spec text")
        let digest = try s.fingerprint()
        guard let mode = RunMode(rawValue: try s.u8()) else { throw s.malformed("unknown run mode") }
        let seed = try s.le64()
        let k = try s.varint()
        guard k >= 1 else { throw s.malformed("snapshot interval 0") }
        let n = try s.varint(max: UInt64(TraceFormat.maxMetadata), "metadata count")
        var h = TraceHeader(toolVersion: tool, specFileName: name, specText: text, mode: mode, seed: seed, snapshotInterval: k)
        h.formatVersion = version
        var previous: [UInt8]? = nil
        for _ in 0..<n {
            let key = try s.string(max: TraceFormat.maxStringBytes, "metadata key")
            let value = try s.string(max: TraceFormat.maxStringBytes, "metadata value")
            let kb = Array(key.utf8)
            if let p = previous, !p.lexicographicallyPrecedes(kb) { throw s.malformed("metadata keys not sorted") }
            previous = kb
            h.metadata.append(MetadataEntry(key: key, value: value))
        }
        guard h.encodedBody().count == declared else { throw s.malformed("header length \(declared) does not match its fields") }
        guard h.specDigest == digest else {
            throw TraceError.specDigestMismatch(file: s.file, stored: digest, actual: h.specDigest)
        }
        return h
    }
}
