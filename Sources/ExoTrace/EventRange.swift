/// The events a `--from`/`--to` request names (numbered from 1, `to`
/// inclusive), checked the one way `replay` and `show` share: the
/// trace-independent part for argument validation, and against a trace.
public enum EventRange {
    /// What is wrong with the request whatever the trace, or nil.
    public static func problem(from: UInt64, to: UInt64?) -> String? {
        if from == 0 { return "--from counts events from 1" }
        if let to, to < from { return "--to \(to) is before --from \(from)" }
        return nil
    }

    /// Throws `TraceError.invalidRequest` (`file: …`) for a request `reader`'s
    /// trace cannot satisfy: `problem(from:to:)`, or `from` beyond the last
    /// event (read from the footer without reading the records).
    public static func check(from: UInt64, to: UInt64?, in reader: TraceReader) throws {
        if let p = problem(from: from, to: to) { throw TraceError.invalidRequest(file: reader.path, detail: p) }
        guard from > 1 else { return }
        let f = try reader.loadFooter()
        guard from <= f.eventCount else {
            throw TraceError.invalidRequest(file: reader.path, detail: "--from \(from) is beyond the last event (\(f.eventCount))")
        }
    }
}
