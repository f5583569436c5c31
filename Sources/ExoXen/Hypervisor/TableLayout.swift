/// Where one table sits in `HypervisorTables`: `rows` rows of `width`
/// records of type `Record`, back to back (row 0 first), starting `offset`
/// bytes into the shared storage. A per-domain table has a row per domain
/// slot; the machine's frame table is one row.
struct TableColumn<Record>: Equatable, Sendable {
    let offset: Int
    let width: Int
    let rows: Int
    /// Records in the whole column.
    var count: Int { @inline(__always) get { width &* rows } }
}

/// A record the hypervisor's tables hold: plain data in which every byte
/// belongs to a field (explicit zero `reserved` fields where alignment would
/// leave padding; no enum with a payload, whose unused payload bytes are
/// undefined). Equal records therefore have equal bytes, which is what lets
/// the tables' bytes, as they sit, be the hypervisor's canonical encoding.
/// `packedSize` states the size the fields add up to; the layout refuses a
/// record whose size or stride differs (padding crept in).
public protocol TableRecord {
    static var packedSize: Int { get }
}

extension UInt32: TableRecord {
    public static var packedSize: Int { 4 }
}

/// The shape of `HypervisorTables`: one column per table, each sized once.
struct TableLayout: Equatable, Sendable {
    let domains: Int
    /// The machine frame table: one row, a record per frame.
    let frames: TableColumn<FrameRecord>
    /// Each slot's scalars (one record per row).
    let slots: TableColumn<Domain>
    /// Page lists (`Domain.pageCount` long).
    let pages: TableColumn<FrameNumber>
    let grants: TableColumn<GrantEntry>
    let active: TableColumn<ActiveEntry>
    let maptrack: TableColumn<MaptrackEntry>
    /// Maptrack free lists (`Domain.freeHandleCount` long).
    let freeHandles: TableColumn<GrantHandle>
    let ports: TableColumn<EventPort>
    /// Bytes of storage the columns need.
    let byteCount: Int

    /// Lays the columns out one after another, each aligned for its records
    /// (no wider: every byte of the tables is hashed).
    /// Every record type must be plain data (copied bytewise, never
    /// retained or destroyed) without padding.
    init(frames: Int, domains: Int, pages: Int, grants: Int, maptrack: Int, freeHandles: Int, ports: Int) {
        var at = 0
        func column<R: TableRecord>(_ width: Int, of _: R.Type, rows: Int = domains) -> TableColumn<R> {
            precondition(_isPOD(R.self), "a table record must be plain data")
            precondition(MemoryLayout<R>.size == R.packedSize && MemoryLayout<R>.stride == R.packedSize,
                         "a table record has padding (\(R.self): \(MemoryLayout<R>.size) bytes, fields \(R.packedSize))")
            let align = MemoryLayout<R>.alignment
            at = (at + align - 1) & ~(align - 1)
            defer { at += MemoryLayout<R>.stride * width * rows }
            return TableColumn(offset: at, width: width, rows: rows)
        }
        self.domains = domains
        self.frames = column(frames, of: FrameRecord.self, rows: 1)
        self.slots = column(1, of: Domain.self)
        self.pages = column(pages, of: FrameNumber.self)
        self.grants = column(grants, of: GrantEntry.self)
        self.active = column(grants, of: ActiveEntry.self)
        self.maptrack = column(maptrack, of: MaptrackEntry.self)
        self.freeHandles = column(freeHandles, of: GrantHandle.self)
        self.ports = column(ports, of: EventPort.self)
        byteCount = at
    }
}
