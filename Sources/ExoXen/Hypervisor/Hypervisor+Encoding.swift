import ExoCore

#if !_endian(little)
#error("the hypervisor's canonical encoding is its tables' bytes, which are little-endian only on little-endian machines")
#endif

/// The canonical encoding of the hypervisor: the byte count of its tables,
/// then their bytes as they sit (the frame table, then every per-domain
/// table, rows in domain order, each column aligned for its records, any
/// gap zero). Every byte of a table record is a field (`TableRecord`), integers
/// are little-endian, and lists are blanked past their ends, so equal
/// hypervisors encode alike: one copy, no walk over fields.
extension Hypervisor: CanonicalEncodable {
    public func encode(into e: inout CanonicalEncoder) {
        tables.withBytes { bytes in
            e.count(bytes.count)
            e.raw(bytes)
        }
    }
}
