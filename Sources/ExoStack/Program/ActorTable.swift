import ExoCore

/// Every actor's program counter and locals, inline in the world when they
/// fit: a copy of the world then retains nothing for its actors.
///
/// The words are laid out as the canonical encoding writes actors: per
/// actor, its pc, its local count and its locals (all `Int32`). Up to
/// `inlineCapacity` words live in the value itself; a table with more keeps
/// them all in one array instead (copy on write).
///
/// Why inline: in the grant/revoke benchmarks every actor rests at its loop
/// head in every state, so an actor array was one buffer that every state of
/// a run retained. Each copy and destruction of a world updated its reference
/// count, and with two worker threads that count's cache line went back and
/// forth between the cores on every step.
public struct ActorTable: Sendable {
    /// The words, when more than `inlineCapacity` (else nil).
    private var spill: [Int32]?
    private var words: InlineWords
    private let actorCount: UInt16
    /// Inline words in use (0 when spilled).
    private let inlineCount: UInt16

    /// Words a table keeps inline (a world stays 80 bytes).
    public static let inlineCapacity = 9

    /// The inline words; those past `inlineCount` stay zero, so equal
    /// tables have equal inline words.
    private struct InlineWords: Equatable {
        var w: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0, 0, 0, 0)

        @inline(__always) static func == (a: InlineWords, b: InlineWords) -> Bool {
            a.w.0 == b.w.0 && a.w.1 == b.w.1 && a.w.2 == b.w.2 && a.w.3 == b.w.3 && a.w.4 == b.w.4
                && a.w.5 == b.w.5 && a.w.6 == b.w.6 && a.w.7 == b.w.7 && a.w.8 == b.w.8
        }
    }

    public init(_ actors: [ActorState]) {
        precondition(actors.count < Int(UInt16.max), "too many actors")
        var all: [Int32] = []
        for a in actors {
            all.append(a.pc)
            all.append(Int32(a.locals.count))
            all.append(contentsOf: a.locals)
        }
        actorCount = UInt16(actors.count)
        words = InlineWords()
        if all.count <= ActorTable.inlineCapacity {
            inlineCount = UInt16(all.count)
            spill = nil
            withUnsafeMutableBytes(of: &words.w) { raw in
                let dst = raw.bindMemory(to: Int32.self)
                for k in all.indices { dst[k] = all[k] }
            }
        } else {
            inlineCount = 0
            spill = all
        }
    }

    /// Calls `body` with every word (read only; valid only inside `body`).
    @inline(__always) private func withWords<T>(_ body: (UnsafeBufferPointer<Int32>) throws -> T) rethrows -> T {
        if let spill { return try spill.withUnsafeBufferPointer(body) }
        return try withUnsafeBytes(of: words.w) { raw in
            try body(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: Int32.self), count: Int(inlineCount)))
        }
    }

    /// Calls `body` with every word for writing (copies a shared spilled array).
    @inline(__always) private mutating func withMutableWords<T>(_ body: (UnsafeMutableBufferPointer<Int32>) -> T) -> T {
        if spill != nil { return spill!.withUnsafeMutableBufferPointer { body($0) } }
        let n = Int(inlineCount)
        return withUnsafeMutableBytes(of: &words.w) { raw in
            body(UnsafeMutableBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: Int32.self), count: n))
        }
    }

    /// Where actor `i`'s pc sits among `all` (its local count and locals follow).
    @inline(__always) private static func offset(of i: Int, in all: UnsafeBufferPointer<Int32>) -> Int {
        var at = 0
        for _ in 0..<i { at &+= 2 &+ Int(all[at &+ 1]) }
        precondition(at &+ 1 < all.count, "actor index out of range")
        return at
    }

    /// Calls `body` with each actor in order: its number, pc and locals
    /// (borrowed in place): one walk over the words.
    @inline(__always) public func forEachActor(_ body: (Int, Int32, UnsafeBufferPointer<Int32>) throws -> Void) rethrows {
        try withWords { all in
            var at = 0
            for i in 0..<count {
                let n = Int(all[at &+ 1])
                try body(i, all[at], UnsafeBufferPointer(rebasing: all[(at &+ 2)..<(at &+ 2 &+ n)]))
                at &+= 2 &+ n
            }
        }
    }

    /// Actor `i`'s program counter.
    @inline(__always) public func pc(of i: Int) -> Int32 {
        precondition(i >= 0 && i < count, "actor index out of range")
        return withWords { $0[ActorTable.offset(of: i, in: $0)] }
    }

    /// Calls `body` with actor `i`'s locals, borrowed in place.
    @inline(__always) public func withLocals<T>(of i: Int, _ body: (UnsafeBufferPointer<Int32>) throws -> T) rethrows -> T {
        precondition(i >= 0 && i < count, "actor index out of range")
        return try withWords { all in
            let at = ActorTable.offset(of: i, in: all)
            return try body(UnsafeBufferPointer(rebasing: all[(at + 2)..<(at + 2 + Int(all[at + 1]))]))
        }
    }

    /// Moves actor `i` on past a step: to `pc`, with `locals` when the
    /// control flow changed them, and `result` bound to local `bind` (when
    /// `bind >= 0`). Writes only what differs, so a step that leaves the
    /// actor where it was keeps a spilled table's buffer shared.
    mutating func advance(_ i: Int, to pc: Int32, locals: [Int32]?, bind: Int, result: Int32) {
        precondition(i >= 0 && i < count, "actor index out of range")
        if locals == nil && bind < 0 && spill == nil {
            // The common step: only the pc may move. The words are read in
            // place (`withWords` would copy the tuple first).
            let n = Int(inlineCount)
            withUnsafeMutableBytes(of: &words.w) { raw in
                let w = UnsafeMutableBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: Int32.self), count: n)
                let at = ActorTable.offset(of: i, in: UnsafeBufferPointer(w))
                if w[at] != pc { w[at] = pc }
            }
            return
        }
        let (at, n, same) = withWords { all -> (Int, Int, Bool) in
            let at = ActorTable.offset(of: i, in: all)
            let n = Int(all[at + 1])
            precondition(locals == nil || locals!.count == n, "an actor's locals changed their count")
            precondition(bind < n, "bound local out of range")
            var same = all[at] == pc
            for k in 0..<n where all[at + 2 + k] != (k == bind ? result : locals?[k] ?? all[at + 2 + k]) { same = false }
            return (at, n, same)
        }
        if same { return }
        withMutableWords { all in
            all[at] = pc
            if let locals { for k in 0..<n { all[at + 2 + k] = locals[k] } }
            if bind >= 0 { all[at + 2 + bind] = result }
        }
    }

    /// Whether `other`, made from this table by steps, is equal to it, in
    /// a few comparisons: the inline words, or a spilled array's identity
    /// (false then says nothing).
    @inline(__always) func sharesStorage(with other: ActorTable) -> Bool {
        if let spill {
            guard let theirs = other.spill else { return false }
            return spill.sharesBuffer(with: theirs)
        }
        return other.spill == nil && actorCount == other.actorCount && inlineCount == other.inlineCount && words == other.words
    }
}

extension ActorTable: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(actorCount) }

    /// Actor `i` as a value (allocates its locals; not for hot paths). Set:
    /// the actor's pc and locals; a different local count reshapes the table.
    public subscript(i: Int) -> ActorState {
        get {
            ActorState(pc: pc(of: i), locals: withLocals(of: i) { Array($0) })
        }
        set {
            let n = withLocals(of: i) { $0.count }
            if n == newValue.locals.count {
                advance(i, to: newValue.pc, locals: newValue.locals, bind: -1, result: 0)
            } else {
                var all = Array(self)
                all[i] = newValue
                self = ActorTable(all)
            }
        }
    }
}

extension ActorTable: Equatable {
    public static func == (a: ActorTable, b: ActorTable) -> Bool {
        if a.spill == nil && b.spill == nil {
            return a.actorCount == b.actorCount && a.inlineCount == b.inlineCount && a.words == b.words
        }
        return a.actorCount == b.actorCount && a.withWords { x in b.withWords { y in x.elementsEqual(y) } }
    }
}

extension ActorTable: CanonicalEncodable {
    /// The count, then each actor: pc, local count, locals (the bytes an
    /// array of `ActorState` encodes to).
    public func encode(into e: inout CanonicalEncoder) {
        e.count(count)
        withWords { e.int32s($0) }
    }
}

extension ActorTable: Codable {
    /// Snapshots store the actors as an array of `ActorState`.
    public init(from decoder: Decoder) throws {
        let actors = try [ActorState](from: decoder)
        guard actors.count < Int(UInt16.max) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "too many actors"))
        }
        self.init(actors)
    }

    public func encode(to encoder: Encoder) throws {
        try Array(self).encode(to: encoder)
    }
}
