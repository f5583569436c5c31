import ExoCore

/// A bounded translation cache with first-in-first-out eviction, used both
/// for the per-environment software TLB and the per-CPU hardware TLB.
/// Entries are kept oldest first.
public struct TranslationCache: Equatable, Codable, Sendable, CanonicalEncodable {
    public let capacity: Int
    public private(set) var entries: [TranslationEntry] = []

    public init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The cached translation of (`env`, `vpage`), if any.
    public func lookup(env: Int, vpage: Int) -> TranslationEntry? {
        entries.first { $0.env == env && $0.vpage == vpage }
    }

    /// Caches `entry`, replacing any entry for the same page and evicting the
    /// oldest when full.
    public mutating func insert(_ entry: TranslationEntry) {
        guard capacity > 0 else { return }
        entries.removeAll { $0.env == entry.env && $0.vpage == entry.vpage }
        if entries.count >= capacity { entries.removeFirst() }
        entries.append(entry)
    }

    /// Drops every entry matching `match`.
    public mutating func flush(where match: (TranslationEntry) -> Bool) {
        entries.removeAll(where: match)
    }

    public func encode(into e: inout CanonicalEncoder) {
        withUnsafePointer(to: self) { TranslationCache.encode(at: $0, into: &e) }
    }

    /// `encode(into:)` of the cache at `c`, read in place.
    @inline(__always) static func encode(at c: UnsafePointer<TranslationCache>, into e: inout CanonicalEncoder) {
        e.array(at: c.pointer(to: \.entries)!)
    }
}
