import ExoCore

/// A digest of the explored state space that does not depend on the order in
/// which states were found: the distinct count plus a mix of the wrapping sum
/// and the xor of every fingerprint. Two runs that visit the same set of
/// fingerprints print the same signature, whatever the number of jobs.
public struct StateSpaceSignature: Equatable, Codable, Sendable, CustomStringConvertible {
    public var count: UInt64
    /// XXH3-64 of (count, sum.high, sum.low, xor.high, xor.low).
    public var digest: UInt64

    public var description: String { "\(count):\(hex64(digest))" }
}

/// Accumulates fingerprints into a `StateSpaceSignature`.
struct SignatureAccumulator {
    private var count: UInt64 = 0
    private var sumHigh: UInt64 = 0, sumLow: UInt64 = 0
    private var xorHigh: UInt64 = 0, xorLow: UInt64 = 0

    @inline(__always) mutating func add<K: FingerprintKey>(_ key: K) {
        let w = key.words
        count &+= 1
        sumHigh &+= w.high
        sumLow &+= w.low
        xorHigh ^= w.high
        xorLow ^= w.low
    }

    var signature: StateSpaceSignature {
        var e = CanonicalEncoder(capacity: 40)
        e.u64(count); e.u64(sumHigh); e.u64(sumLow); e.u64(xorHigh); e.u64(xorLow)
        return StateSpaceSignature(count: count, digest: e.fingerprint64())
    }
}
