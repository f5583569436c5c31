/// Snapshots: the constants, frames and tables, and a decoding that refuses a
/// hypervisor whose tables do not have the shape its configuration gives
/// (the operations index the tables by the configuration's sizes).
extension Hypervisor {
    enum CodingKeys: String, CodingKey {
        case config, mutants, frames, tables
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let config = try c.decode(XenConfig.self, forKey: .config)
        let mutants = try c.decode(XenMutants.self, forKey: .mutants)
        let frames = try c.decode([FrameRecord].self, forKey: .frames)
        if let problem = config.problem() {
            throw DecodingError.dataCorruptedError(forKey: .config, in: c, debugDescription: problem)
        }
        let snapshot = try c.decode(TablesSnapshot.self, forKey: .tables)
        do {
            tables = try HypervisorTables(snapshot: snapshot, frames: frames, layout: Hypervisor.layout(config),
                                          config: config, mutants: mutants)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .tables, in: c, debugDescription: error.reason)
        }
    }

    /// The constants first, as the synthesized form had them (the keys are
    /// sorted in a snapshot anyway).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(config, forKey: .config)
        try c.encode(mutants, forKey: .mutants)
        try c.encode(frames, forKey: .frames)
        try c.encode(tables.snapshot, forKey: .tables)
    }
}
