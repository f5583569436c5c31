import ExoCore

extension Model {
    /// The full fingerprint of `state`, encoding into a caller-owned encoder
    /// (no allocation once it has grown).
    @inlinable
    public func fingerprint128(of state: State, using encoder: inout CanonicalEncoder) -> Fingerprint128 {
        encoder.reset()
        fingerprintBytes(of: state, into: &encoder)
        return encoder.fingerprint128()
    }
}
