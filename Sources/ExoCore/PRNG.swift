/// Our own pseudo-random generator: xoshiro256** (Blackman and Vigna),
/// seeded through SplitMix64. It is a plain value: copying it forks the
/// stream, storing it in state makes runs reproducible. No global RNG and no
/// system randomness exist anywhere in exocheck.
public struct PRNG: Equatable, Codable, CanonicalEncodable, Sendable {
    public private(set) var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Seeds the four state words from SplitMix64(seed), as the xoshiro
    /// authors recommend.
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is a fixed point
    }

    /// Uses the four words as the raw state (for test vectors).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state.0 | state.1 | state.2 | state.3 != 0, "xoshiro state must not be all zero")
        (s0, s1, s2, s3) = state
    }

    @inlinable static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    public mutating func next() -> UInt64 {
        let result = PRNG.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = PRNG.rotl(s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound`, without modulo bias (Lemire's method
    /// with rejection).
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "PRNG.below needs a positive bound")
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    /// A uniform index into a collection of `count` elements.
    public mutating func index(_ count: Int) -> Int {
        precondition(count > 0, "PRNG.index needs a non-empty range")
        return Int(below(UInt64(count)))
    }

    /// True with probability `numerator/denominator`: integer ratios only,
    /// no floating point in the semantics.
    public mutating func chance(_ numerator: UInt64, in denominator: UInt64) -> Bool {
        precondition(denominator > 0 && numerator <= denominator, "chance needs 0 <= n <= d, d > 0")
        return below(denominator) < numerator
    }

    public func encode(into e: inout CanonicalEncoder) { e.u64(s0); e.u64(s1); e.u64(s2); e.u64(s3) }
}

/// SplitMix64 (Steele, Lea, Flood): used to expand one seed into many words.
public struct SplitMix64: Equatable, Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
