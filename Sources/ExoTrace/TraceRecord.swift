import ExoCore

/// One step as the trace stores it.
public struct TraceRecord: Equatable, Sendable {
    /// The event's number, counting from 1.
    public var number: UInt64
    /// The index of the chosen action in `model.actions(of:)` of the pre-state.
    public var choice: Int
    /// The post-state's clock.
    public var clock: Tick
    public var event: Event
    /// The low 32 bits of the post-state's 128-bit fingerprint.
    public var fingerprint32: UInt32

    public init(number: UInt64, choice: Int, clock: Tick, event: Event, fingerprint32: UInt32) {
        self.number = number
        self.choice = choice
        self.clock = clock
        self.event = event
        self.fingerprint32 = fingerprint32
    }

    /// The truncated fingerprint a record stores for a full one.
    public static func truncate(_ f: Fingerprint128) -> UInt32 { UInt32(truncatingIfNeeded: f.low) }

    /// Appends the record's bytes (tag included); `previousClock` is the clock
    /// the delta is taken from.
    func encode<Out: ByteOutput>(into out: inout Out, previousClock: Tick) {
        out.append(TraceFormat.tagEvent)
        out.appendVarint(UInt64(choice))
        out.appendZigzag(Int64(bitPattern: clock &- previousClock))
        out.appendVarint(UInt64(event.actor))
        out.appendVarint(UInt64(event.op))
        let n = Int(event.operands.count)
        out.append(UInt8(n))
        for i in 0..<n { out.appendZigzag(Int64(event.operands[i])) }
        out.appendZigzag(Int64(event.result))
        out.appendLE32(fingerprint32)
    }

    /// Parses the fields after the tag.
    static func decode(from s: TraceByteStream, number: UInt64, previousClock: Tick) throws -> TraceRecord {
        let choice = try s.varint(max: UInt64(Int32.max), "choice index")
        let delta = try s.zigzag()
        let actor = try s.varint(max: UInt64(UInt16.max), "actor")
        let op = try s.varint(max: UInt64(UInt16.max), "operation")
        let n = try s.u8()
        guard Int(n) <= Operands.capacity else { throw s.malformed("\(n) operands") }
        var operands = Operands()
        for _ in 0..<n { operands.append(try int32(s, "operand")) }
        let result = try int32(s, "result")
        let fp = try s.le32()
        return TraceRecord(number: number, choice: Int(choice), clock: previousClock &+ UInt64(bitPattern: delta),
                           event: Event(actor: UInt16(actor), op: UInt16(op), operands: operands, result: result),
                           fingerprint32: fp)
    }

    private static func int32(_ s: TraceByteStream, _ what: String) throws -> Int32 {
        let v = try s.zigzag()
        guard let r = Int32(exactly: v) else { throw s.malformed("\(what) \(v) out of range") }
        return r
    }
}
