import ExoCore

/// A cached translation: in a software TLB (one per environment, `env` is
/// that environment) or a hardware TLB (one per CPU, entries tagged by env).
public struct TranslationEntry: Equatable, Codable, Sendable, CanonicalEncodable {
    public var env: Int
    public var vpage: Int
    public var frame: Int
    public var rights: Rights

    public init(env: Int, vpage: Int, frame: Int, rights: Rights) {
        self.env = env; self.vpage = vpage; self.frame = frame; self.rights = rights
    }

    public func encode(into e: inout CanonicalEncoder) {
        e.small(env); e.small(vpage); e.small(frame); rights.encode(into: &e)
    }
}
