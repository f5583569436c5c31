import ExoCore

/// Everything that changes during a run: the virtual clock, every layer's
/// state and every actor's program counter and locals. A plain value: copying
/// it forks the world.
public struct World: Equatable, Codable {
    public var clock: Tick
    public var layers: Layers
    public var actors: ActorTable

    public init(clock: Tick = 0, layers: Layers, actors: [ActorState]) {
        self.clock = clock
        self.layers = layers
        self.actors = ActorTable(actors)
    }
}

extension World: CanonicalEncodable {
    /// The fingerprint encoding. The absolute clock is left out: every
    /// deadline is encoded relative to it, so two worlds that differ only in
    /// when they happen fingerprint alike (they behave alike from now on).
    public func encode(into e: inout CanonicalEncoder) {
        // The count, then each actor.
        actors.encode(into: &e)
        layers.encode(into: &e, now: clock)
    }
}

extension World {
    /// Whether `other`, made from this world by steps, still holds its very
    /// buffers and clock (then it is equal; false says nothing): what the
    /// explorer's self-loop test asks, in a few comparisons instead of a
    /// walk over every field.
    @inline(__always) func sharesStorage(with other: World) -> Bool {
        // The layers first: a step that changes anything almost always
        // writes the hypervisor, which one comparison tells.
        layers.sharesStorage(with: other.layers) && clock == other.clock && actors.sharesStorage(with: other.actors)
    }

    /// Moves actor `i` on past a step: to `pc`, with `locals` when the
    /// control flow changed them, and `result` bound to local `bind` (when
    /// `bind >= 0`). Writes only what differs (see `ActorTable.advance`).
    @inline(__always) mutating func advance(actor i: Int, to pc: Int32, locals: [Int32]?, bind: Int, result: Int32) {
        actors.advance(i, to: pc, locals: locals, bind: bind, result: result)
    }
}
