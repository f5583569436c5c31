/// Snapshots: the synthesized encoding, and a decoding that refuses a
/// hypervisor whose tables do not have the shape its configuration gives
/// (the operations index the tables by the configuration's sizes).
extension Hypervisor {
    enum CodingKeys: String, CodingKey {
        case config, mutants, frames, tables
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        config = try c.decode(XenConfig.self, forKey: .config)
        mutants = try c.decode(XenMutants.self, forKey: .mutants)
        frames = try c.decode([FrameRecord].self, forKey: .frames)
        tables = try c.decode(HypervisorTables.self, forKey: .tables)
        if let problem = config.problem() {
            throw DecodingError.dataCorruptedError(forKey: .config, in: c, debugDescription: problem)
        }
        guard frames.count == config.frames, tables.layout == Hypervisor.layout(config) else {
            throw DecodingError.dataCorruptedError(forKey: .tables, in: c,
                                                   debugDescription: "the tables do not have the configuration's sizes")
        }
    }
}
