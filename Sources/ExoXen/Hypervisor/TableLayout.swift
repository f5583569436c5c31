/// Where one per-domain table sits in `HypervisorTables`: `width` records of
/// type `Record` per domain slot, the rows back to back (domain 0 first),
/// starting `offset` bytes into the shared storage.
struct TableColumn<Record>: Equatable, Sendable {
    let offset: Int
    let width: Int
}

/// The shape of `HypervisorTables`: one column per table, each sized once.
struct TableLayout: Equatable, Sendable {
    let domains: Int
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

    /// Lays the columns out one after another, each on a 16-byte boundary.
    /// Every record type must be plain data (copied bytewise, never
    /// retained or destroyed).
    init(domains: Int, pages: Int, grants: Int, maptrack: Int, freeHandles: Int, ports: Int) {
        var at = 0
        func column<R>(_ width: Int, of _: R.Type) -> TableColumn<R> {
            precondition(_isPOD(R.self), "a table record must be plain data")
            at = (at + 15) & ~15
            defer { at += MemoryLayout<R>.stride * width * domains }
            return TableColumn(offset: at, width: width)
        }
        self.domains = domains
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
