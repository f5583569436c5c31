import ExoCore

/// The library OS linked into one environment: processes, which process
/// each frame was given to, container grants and the scheduler's cursor.
public struct LibOSState: Equatable, Codable, Sendable, CanonicalEncodable {
    /// The fields, behind one copy-on-write reference. A library OS is
    /// written only by process, pager and IPC operations, and an
    /// environment's box is copied whenever any operation writes the
    /// environment: as three arrays, each such copy retained and released
    /// all three, on counts that every state of a run that never touched
    /// its processes shares (the exokernel bench's). Now it retains one box.
    private var box: CowBox<Fields>

    /// What a library OS is. Equality and the coded form are these fields'
    /// (the coded form is unchanged from when they were stored in
    /// `LibOSState` itself).
    public struct Fields: Equatable, Codable, Sendable {
        public var processes: [LibProcess]
        /// Per kernel frame index: the process the pager gave it to, or -1.
        public var holder: [Int]
        /// Row-major `containers x containers`: IPC and sharing from row to column allowed.
        public var grants: [Bool]
        /// The process the library-OS scheduler runs, or -1.
        public var current: Int = -1
    }

    /// Gives this library OS a box of its own before a write.
    @inline(__always) private mutating func makeUnique() {
        CowBox.makeUnique(&box)
    }

    /// The fields of the library OS at `l`, where they lie in its box
    /// (valid while that library OS lives unchanged).
    @inline(__always) static func fields(at l: UnsafePointer<LibOSState>) -> UnsafePointer<Fields> {
        l.pointee.box.fieldsAddress
    }

    // Each field, read in place or written after making the box this
    // library OS's own.
    public var processes: [LibProcess] {
        @inline(__always) _read { yield box.fields.processes }
        @inline(__always) _modify { makeUnique(); yield &box.fields.processes }
    }
    /// Per kernel frame index: the process the pager gave it to, or -1.
    public var holder: [Int] {
        @inline(__always) _read { yield box.fields.holder }
        @inline(__always) _modify { makeUnique(); yield &box.fields.holder }
    }
    /// Row-major `containers x containers`: IPC and sharing from row to column allowed.
    public var grants: [Bool] {
        @inline(__always) _read { yield box.fields.grants }
        @inline(__always) _modify { makeUnique(); yield &box.fields.grants }
    }
    /// The process the library-OS scheduler runs, or -1.
    public var current: Int {
        @inline(__always) get { box.fields.current }
        @inline(__always) set { makeUnique(); box.fields.current = newValue }
    }

    public init(config: ExoConfig, frames: Int) {
        let c = config.maxContainers
        box = CowBox(Fields(
            processes: Array(repeating: LibProcess(pages: config.pagesPerProcess, peers: config.maxEnvs * config.maxProcesses),
                             count: config.maxProcesses),
            holder: Array(repeating: -1, count: frames),
            grants: (0..<(c * c)).map { $0 / c == $0 % c }))
    }

    public static func == (a: LibOSState, b: LibOSState) -> Bool {
        withUnsafePointer(to: a) { pa in withUnsafePointer(to: b) { pb in equal(at: pa, pb) } }
    }

    /// `a.pointee == b.pointee`, read where the two lie: two library OSes
    /// that share a box (the usual case) are equal without a retain.
    static func equal(at a: UnsafePointer<LibOSState>, _ b: UnsafePointer<LibOSState>) -> Bool {
        let fa = fields(at: a), fb = fields(at: b)
        return fa == fb || fa.pointee == fb.pointee
    }

    public init(from decoder: Decoder) throws { box = CowBox(try Fields(from: decoder)) }

    public func encode(to encoder: Encoder) throws { try box.fields.encode(to: encoder) }

    // MARK: Canonical encoding

    public func encode(into e: inout CanonicalEncoder) {
        withUnsafePointer(to: self) { LibOSState.encode(at: $0, into: &e) }
    }

    /// `encode(into:)` of the library OS at `l`, read in place.
    @inline(__always) static func encode(at l: UnsafePointer<LibOSState>, into e: inout CanonicalEncoder) {
        let f = fields(at: l)
        e.array(at: f.pointer(to: \.processes)!) { LibProcess.encode(at: $0, into: &$1) }
        e.smallArray(at: f.pointer(to: \.holder)!); e.array(at: f.pointer(to: \.grants)!); e.small(f.pointee.current)
    }
}
