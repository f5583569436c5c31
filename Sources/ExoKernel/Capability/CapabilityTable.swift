import ExoCore

/// The kernel's table of every capability in existence, indexed by serial.
/// Serials are handed out lowest-free-first and records are reclaimed when
/// nothing refers to them any more, so equal logical states have equal tables.
public struct CapabilityTable: Equatable, Codable, Sendable, CanonicalEncodable {
    public private(set) var records: [CapabilityRecord]

    public init(capacity: Int) {
        records = Array(repeating: CapabilityRecord(), count: max(0, capacity))
    }

    /// The record for `serial`, or nil when out of range or unused.
    public func record(_ serial: Int32) -> CapabilityRecord? {
        guard serial >= 0, Int(serial) < records.count, records[Int(serial)].inUse else { return nil }
        return records[Int(serial)]
    }

    /// Stores a new record in the lowest free slot; nil when the table is full.
    public mutating func insert(_ record: CapabilityRecord) -> Int32? {
        guard let i = records.firstIndex(where: { !$0.inUse }) else { return nil }
        records[i] = record
        return Int32(i)
    }

    /// Marks every strict descendant of `serial` revoked; returns them ascending.
    public mutating func revokeDescendants(of serial: Int32) -> [Int32] {
        var revoked: [Int32] = []
        var changed = true
        var marked = Array(repeating: false, count: records.count)  // a revocation: not per step
        if serial >= 0 && Int(serial) < records.count { marked[Int(serial)] = true }
        // Records may have been re-used out of creation order, so iterate to a fixpoint.
        while changed {
            changed = false
            for i in records.indices where records[i].inUse && !marked[i] {
                let p = records[i].parent
                if p >= 0, Int(p) < records.count, marked[Int(p)] {
                    marked[i] = true
                    changed = true
                }
            }
        }
        for i in records.indices where marked[i] && Int32(i) != serial && records[i].inUse {
            records[i].revoked = true
            revoked.append(Int32(i))
        }
        return revoked
    }

    /// Marks one record revoked.
    public mutating func revoke(_ serial: Int32) {
        guard serial >= 0, Int(serial) < records.count, records[Int(serial)].inUse else { return }
        records[Int(serial)].revoked = true
    }

    /// Frees every record with no reference: `referenced(serial)` reports
    /// references from outside the table; children keep their parents alive.
    public mutating func collect(referenced: (Int32) -> Bool) {
        withScratch(false, count: records.count) { isParent in
            var changed = true
            while changed {
                changed = false
                isParent.update(repeating: false)
                for r in records where r.inUse && r.parent >= 0 && Int(r.parent) < records.count {
                    isParent[Int(r.parent)] = true
                }
                for i in records.indices where records[i].inUse && !isParent[i] && !referenced(Int32(i)) {
                    records[i] = CapabilityRecord()
                    changed = true
                }
            }
        }
    }

    /// The record count, then per record: in use; if so, parent, root,
    /// name, rights and revoked (the table read in place, `encode(at:into:)`).
    public func encode(into e: inout CanonicalEncoder) {
        withUnsafePointer(to: self) { CapabilityTable.encode(at: $0, into: &e) }
    }

    /// `encode(into:)` of the table at `t`, read in place.
    @inline(__always) static func encode(at t: UnsafePointer<CapabilityTable>, into e: inout CanonicalEncoder) {
        e.array(at: t.pointer(to: \.records)!) { r, e in
            e.bool(r.pointee.inUse)
            guard r.pointee.inUse else { return }
            e.small(Int(r.pointee.parent)); e.small(Int(r.pointee.rootOf)); r.pointee.name.encode(into: &e)
            r.pointee.rights.encode(into: &e); e.bool(r.pointee.revoked)
        }
    }
}
