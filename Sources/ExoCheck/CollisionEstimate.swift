/// How likely it is that a fingerprint collision made the search skip a
/// state, estimated the way TLC does.
public struct CollisionEstimate: Equatable, Codable, Sendable {
    /// n·(g−n)/2^bits for n distinct and g generated states: each of the
    /// g−n duplicate hits could have been a different state whose
    /// fingerprint matched one of the n stored ones.
    public var calculated: Double
    /// The smallest gap between two stored fingerprints (sorted), or nil
    /// with fewer than two states.
    public var minimumDistance: Double?
    /// 1 / minimumDistance: the "based on the actual fingerprints" figure.
    public var observed: Double?

    public init(calculated: Double, minimumDistance: Double?) {
        self.calculated = calculated
        self.minimumDistance = minimumDistance
        if let d = minimumDistance { observed = d > 0 ? 1 / d : 1 } else { observed = nil }
    }

    /// n·(g−n)/2^bits.
    public static func calculated(distinct n: UInt64, generated g: UInt64, bits: Int) -> Double {
        guard g > n else { return 0 }
        return Double(n) * Double(g - n) / pow2(bits)
    }

    /// The smallest difference between neighbours of an ascending list.
    public static func minimumDistance<K: FingerprintKey>(sorted keys: [K]) -> Double? {
        guard keys.count >= 2 else { return nil }
        var best = Double.infinity
        for i in 1..<keys.count {
            let d = keys[i - 1].distance(to: keys[i])
            if d < best { best = d }
        }
        return best
    }

    /// Estimates from the visited set and the generated count.
    static func of<K: FingerprintKey>(_ set: FingerprintSet<K>, generated: UInt64) -> CollisionEstimate {
        let keys = set.sortedKeys()
        return CollisionEstimate(
            calculated: calculated(distinct: UInt64(keys.count), generated: generated, bits: K.bitWidth),
            minimumDistance: minimumDistance(sorted: keys))
    }

    private static func pow2(_ bits: Int) -> Double {
        var p = 1.0
        for _ in 0..<bits { p *= 2 }
        return p
    }
}
