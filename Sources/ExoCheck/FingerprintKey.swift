import ExoCore

/// A fingerprint the visited set can store: 64-bit (`UInt64`) or 128-bit
/// (`Fingerprint128`) XXH3 of a state's fingerprint bytes.
///
/// The all-zero value doubles as the empty-slot marker of `FingerprintSet`;
/// the set remembers separately whether the zero fingerprint itself was
/// inserted, so no two fingerprints are merged.
public protocol FingerprintKey: Comparable, Sendable {
    /// Width in bits (64 or 128), used by the collision estimate.
    static var bitWidth: Int { get }
    /// The all-zero fingerprint.
    static var zero: Self { get }
    /// Hashes the bytes encoded so far.
    static func hashing(_ encoder: borrowing CanonicalEncoder) -> Self
    /// 64 well-mixed bits that choose the home slot (the high word).
    var slotBits: UInt64 { get }
    /// The value as (high, low) words; `high` is 0 for 64-bit keys.
    var words: (high: UInt64, low: UInt64) { get }
    /// `other - self` as a floating-point magnitude, for `other >= self`.
    func distance(to other: Self) -> Double
}

extension UInt64: FingerprintKey {
    public static var bitWidth: Int { 64 }
    @inlinable public static func hashing(_ encoder: borrowing CanonicalEncoder) -> UInt64 { encoder.fingerprint64() }
    @inlinable public var slotBits: UInt64 { self }
    public var words: (high: UInt64, low: UInt64) { (0, self) }
    public func distance(to other: UInt64) -> Double { Double(other &- self) }
}

extension Fingerprint128: FingerprintKey {
    public static var bitWidth: Int { 128 }
    public static var zero: Fingerprint128 { Fingerprint128(high: 0, low: 0) }
    @inlinable public static func hashing(_ encoder: borrowing CanonicalEncoder) -> Fingerprint128 { encoder.fingerprint128() }
    @inlinable public var slotBits: UInt64 { high }
    public var words: (high: UInt64, low: UInt64) { (high, low) }
    public func distance(to other: Fingerprint128) -> Double {
        let (low, borrow) = other.low.subtractingReportingOverflow(low)
        let high = other.high &- self.high &- (borrow ? 1 : 0)
        return Double(high) * 18_446_744_073_709_551_616.0 + Double(low)
    }
}
