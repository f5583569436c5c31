import ExoCore

/// Everything that changes during a run: the virtual clock, every layer's
/// state and every actor's program counter and locals. A plain value: copying
/// it forks the world.
public struct World: Equatable, Codable {
    public var clock: Tick
    public var layers: Layers
    public var actors: [ActorState]

    public init(clock: Tick = 0, layers: Layers, actors: [ActorState]) {
        self.clock = clock
        self.layers = layers
        self.actors = actors
    }
}

extension World: CanonicalEncodable {
    /// The fingerprint encoding. The absolute clock is left out: every
    /// deadline is encoded relative to it, so two worlds that differ only in
    /// when they happen fingerprint alike (they behave alike from now on).
    public func encode(into e: inout CanonicalEncoder) {
        e.count(actors.count)
        for a in actors { a.encode(into: &e) }
        layers.encode(into: &e, now: clock)
    }
}
