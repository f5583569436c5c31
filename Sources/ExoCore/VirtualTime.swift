/// Virtual time, in ticks.
///
/// One tick is the smallest step of the modelled machine's timer: nominally
/// one microsecond of virtual time (Aegis dispatches an exception in about
/// 1.5 µs, so one kernel operation is "about a tick"). Nothing reads a wall
/// clock; time moves only when the model says so.
public typealias Tick = UInt64

/// A deterministic timer queue: entries ordered by (due time, insertion
/// sequence), so two timers due at the same tick fire in the order they were
/// armed (as swift-nio's EmbeddedEventLoop orders its tasks).
///
/// It is a value type and part of the model state. Entries are kept sorted in
/// an array: queues are small (a handful of deadlines) and the array encodes
/// canonically without any sorting step.
public struct TimerQueue<Payload: Equatable & Codable & CanonicalEncodable>: Equatable, Codable {
    public struct Entry: Equatable, Codable {
        public var due: Tick
        public var seq: UInt64
        public var payload: Payload
    }

    public private(set) var entries: [Entry] = []
    /// The next insertion sequence number.
    public private(set) var nextSeq: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public var first: Entry? { entries.first }

    /// Arms a timer; returns its sequence number (usable with `cancel`).
    @discardableResult
    public mutating func schedule(at due: Tick, _ payload: Payload) -> UInt64 {
        let seq = nextSeq
        nextSeq += 1
        // Insert after every entry with due <= this one: (due, seq) order.
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].due <= due { lo = mid + 1 } else { hi = mid }
        }
        entries.insert(Entry(due: due, seq: seq, payload: payload), at: lo)
        return seq
    }

    /// Removes and returns the earliest entry if it is due at or before `now`.
    public mutating func popDue(now: Tick) -> Entry? {
        guard let f = entries.first, f.due <= now else { return nil }
        return entries.removeFirst()
    }

    /// Removes every entry whose payload matches; returns how many.
    @discardableResult
    public mutating func cancel(where match: (Payload) -> Bool) -> Int {
        let before = entries.count
        entries.removeAll { match($0.payload) }
        return before - entries.count
    }

    /// Encodes the queue with due times relative to `now`, so that absolute
    /// time, which cannot change future behaviour, stays out of fingerprints.
    /// Sequence numbers are encoded as ranks for the same reason.
    public func encodeRelative(now: Tick, into e: inout CanonicalEncoder) {
        e.count(entries.count)
        for entry in entries {
            e.u64(entry.due &- now)
            entry.payload.encode(into: &e)
        }
    }
}
