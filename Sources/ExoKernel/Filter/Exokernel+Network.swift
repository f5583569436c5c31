import ExoCore

extension Exokernel {
    /// The bounds downloaded code is verified against.
    public var filterLimits: FilterLimits {
        FilterLimits(maxLength: config.maxFilterLength, maxPacketLength: config.maxPacketLength,
                     memorySize: config.handlerMemory)
    }

    /// Downloads a packet filter / handler into `env` after verification;
    /// replaces any earlier one and drops the packets it had accepted.
    /// Refusals: `badEnv`, `badProgram` (the verifier said no; see
    /// `FilterVerifier.verify` for why).
    public mutating func installFilter(_ env: Int, program: [FilterInstruction]) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        if FilterVerifier.verify(program, limits: filterLimits, mutants: mutants) != nil { return .badProgram }
        envs[env].filter = program
        envs[env].rxQueue = []
        envs[env].filterOverran = false
        return .ok
    }

    /// Removes the environment's filter. Refusals: `badEnv`, `empty`.
    public mutating func removeFilter(_ env: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard envs[env].filter != nil else { return .empty }
        envs[env].filter = nil
        envs[env].rxQueue = []
        return .ok
    }

    /// The NIC delivers `packet`: every environment's filter runs on it (in
    /// environment order) and the packet is queued for each one whose filter
    /// accepts (dropped for that one if its queue is full). Returns the
    /// accepting environments, ascending. Refusals: `badOperand` (longer than
    /// `config.maxPacketLength`).
    public mutating func deliverPacket(_ packet: [UInt8]) -> (status: ExoStatus, accepted: [Int]) {
        begin(clock)
        guard packet.count <= config.maxPacketLength else { return (.badOperand, []) }
        var accepted: [Int] = []
        for e in envs.indices where envAlive(e) {
            guard let program = envs[e].filter else { continue }
            let result = FilterInterpreter.run(program, packet: packet, memory: &handlerMemory,
                                               base: e * config.handlerMemory, fuel: config.maxFilterLength)
            if result == .outOfFuel { envs[e].filterOverran = true }
            let takes = result == .accept || (result == .fault && mutants.contains(.demuxFaultAccepts))
            guard takes else { continue }
            accepted.append(e)
            if envs[e].rxQueue.count < config.rxQueue { envs[e].rxQueue.append(packet) }
        }
        return (.ok, accepted)
    }

    /// Takes the oldest packet from the environment's receive queue.
    /// Refusals: `badEnv`, `empty`.
    public mutating func receivePacket(_ env: Int) -> (status: ExoStatus, packet: [UInt8]) {
        begin(clock)
        guard envAlive(env) else { return (.badEnv, []) }
        guard !envs[env].rxQueue.isEmpty else { return (.empty, []) }
        return (.ok, envs[env].rxQueue.removeFirst())
    }
}
