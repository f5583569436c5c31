import ExoCore

/// Renders a trace for people (numbered text lines) or tools (JSON lines
/// with stable field names). With `EventNamer.raw` it needs no model, so a
/// trace can be shown even when its spec no longer compiles.
public struct Timeline {
    public enum Format: Equatable, Sendable { case text, jsonLines }

    public var namer: EventNamer
    public var format: Format

    public init(namer: EventNamer = .raw, format: Format = .text) {
        self.namer = namer
        self.format = format
    }

    /// `s` with its control characters written as `\u{1B}` escapes: a
    /// trace's strings come from a file, and printed raw they would drive
    /// the terminal.
    static func printable(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u.value < 0x20 || (0x7F...0x9F).contains(u.value) {
                out += "\\u{\(String(u.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// The header, as lines (text: `key: value`; JSON: one object with "type":"header").
    public func headerLines(_ h: TraceHeader) -> [String] {
        switch format {
        case .text:
            let p = Self.printable
            var out = ["format: exotrace \(h.formatVersion)", "tool: \(p(h.toolVersion))",
                       "spec: \(p(h.specFileName)) (xxh3-128 \(h.specDigest))", "mode: \(h.mode)",
                       "seed: \(h.seed)", "snapshot-interval: \(h.snapshotInterval)"]
            for m in h.metadata { out.append("meta \(p(m.key)): \(p(m.value))") }
            return out
        case .jsonLines:
            let meta = h.metadata.map { "\(Self.quote($0.key)):\(Self.quote($0.value))" }.joined(separator: ",")
            return ["{\"type\":\"header\",\"format\":\(h.formatVersion),\"tool\":\(Self.quote(h.toolVersion)),"
                    + "\"spec\":\(Self.quote(h.specFileName)),\"spec_digest\":\"\(h.specDigest)\","
                    + "\"mode\":\"\(h.mode)\",\"seed\":\(h.seed),\"snapshot_interval\":\(h.snapshotInterval),"
                    + "\"metadata\":{\(meta)}}"]
        }
    }

    /// One event.
    public func line(_ r: TraceRecord) -> String {
        let e = r.event
        switch format {
        case .text:
            return "#\(r.number)  t=\(r.clock)  \(namer.describe(e))  [choice \(r.choice), fp \(hex32(r.fingerprint32))]"
        case .jsonLines:
            let ops = e.operands.values.map(String.init).joined(separator: ",")
            return "{\"type\":\"event\",\"n\":\(r.number),\"clock\":\(r.clock),\"choice\":\(r.choice),"
                + "\"actor\":\(e.actor),\"actor_name\":\(Self.quote(namer.actorName(e.actor))),"
                + "\"op\":\(e.op),\"op_name\":\(Self.quote(namer.operationName(e.op))),"
                + "\"operands\":[\(ops)],\"result\":\(e.result),\"fp32\":\"\(hex32(r.fingerprint32))\","
                + "\"text\":\(Self.quote(namer.describe(e)))}"
        }
    }

    /// One snapshot marker (the state itself is not printed).
    public func line(_ s: TraceSnapshot) -> String {
        switch format {
        case .text:
            return "-- snapshot after \(s.eventCount) events  t=\(s.clock)  fp \(s.fingerprint)  (\(s.state.count) bytes)"
        case .jsonLines:
            return "{\"type\":\"snapshot\",\"events\":\(s.eventCount),\"clock\":\(s.clock),"
                + "\"fingerprint\":\"\(s.fingerprint)\",\"chain\":\"\(hex64(s.chain))\",\"bytes\":\(s.state.count)}"
        }
    }

    public func line(_ f: TraceFooter) -> String {
        switch format {
        case .text:
            return "end: \(f.eventCount) events  t=\(f.finalClock)  fp \(f.finalFingerprint)  chain \(hex64(f.finalChain))  snapshots \(f.index.count)"
        case .jsonLines:
            return "{\"type\":\"footer\",\"events\":\(f.eventCount),\"clock\":\(f.finalClock),"
                + "\"fingerprint\":\"\(f.finalFingerprint)\",\"chain\":\"\(hex64(f.finalChain))\",\"snapshots\":\(f.index.count)}"
        }
    }

    /// Streams a trace: header, events `from…to` (numbered from 1), optional
    /// snapshot markers, and the footer when the end is reached. Seeks to the
    /// nearest snapshot when `from > 1`. The range is checked first, as
    /// `Replayer` does (`EventRange.check`): `from` 0, `to` before `from`
    /// and `from` beyond the last event throw `TraceError.invalidRequest`.
    public func render(_ reader: TraceReader, from: UInt64 = 1, to: UInt64? = nil, snapshots: Bool = false,
                       emit: (String) throws -> Void) throws {
        try EventRange.check(from: from, to: to, in: reader)
        for l in headerLines(reader.header) { try emit(l) }
        if from > 1 { try reader.seek(toSnapshotAtOrBefore: from - 1) }
        while let item = try reader.next() {
            switch item {
            case .event(let r):
                if let to, r.number > to { return }
                if r.number >= from { try emit(line(r)) }
            case .snapshot(let s):
                if snapshots && s.eventCount + 1 >= from { try emit(line(s)) }
            }
        }
        if let f = reader.footer { try emit(line(f)) }
    }

    /// A JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
