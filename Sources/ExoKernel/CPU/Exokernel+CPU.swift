import ExoCore

extension Exokernel {
    /// Gives slice `slice` of the time-slice vector to `env`. Refusals:
    /// `badEnv`, `badOperand`, `busy` (slice taken).
    public mutating func allocSlice(_ env: Int, slice: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard slice >= 0, slice < slices.count else { return .badOperand }
        guard slices[slice] < 0 else { return .busy }
        slices[slice] = env
        return .ok
    }

    /// Returns a slice. Refusals: `badEnv`, `badOperand`, `notOwner`.
    public mutating func freeSlice(_ env: Int, slice: Int) -> ExoStatus {
        begin(clock)
        guard envAlive(env) else { return .badEnv }
        guard slice >= 0, slice < slices.count else { return .badOperand }
        guard slices[slice] == env else { return .notOwner }
        slices[slice] = -1
        return .ok
    }

    /// Starts the next occupied slice after the CPU's last one on an idle CPU:
    /// its environment runs until `now + config.quantum`. Refusals:
    /// `badOperand` (no such CPU), `busy` (CPU running), `empty` (no slice).
    public mutating func dispatch(cpu: Int, now: Tick) -> ExoStatus {
        let now = begin(now)
        guard cpu >= 0, cpu < cpus.count else { return .badOperand }
        guard cpus[cpu].running < 0 else { return .busy }
        return switchToNextSlice(cpu: cpu, now: now) ? .ok : .empty
    }

    /// The running environment gives the CPU up (at any time, and in answer
    /// to the end-of-quantum upcall); the next slice starts. Refusals:
    /// `badEnv`, `badOperand`, `notRunning`.
    public mutating func yieldCPU(_ env: Int, cpu: Int, now: Tick) -> ExoStatus {
        let now = begin(now)
        guard envAlive(env) else { return .badEnv }
        guard cpu >= 0, cpu < cpus.count else { return .badOperand }
        guard cpus[cpu].running == env else { return .notRunning }
        cpus[cpu].running = -1
        _ = switchToNextSlice(cpu: cpu, now: now)
        return .ok
    }

    /// Runs the next slice (cyclically) owned by a live environment.
    mutating func switchToNextSlice(cpu: Int, now: Tick) -> Bool {
        cpus[cpu].running = -1
        cpus[cpu].epiloguePosted = false
        guard !slices.isEmpty else { return false }
        for step in 1...slices.count {
            let s = ((cpus[cpu].slice + step) % slices.count + slices.count) % slices.count
            if slices[s] >= 0 && envAlive(slices[s]) {
                cpus[cpu].slice = s
                cpus[cpu].running = slices[s]
                cpus[cpu].quantumEnd = now &+ config.quantum
                return true
            }
        }
        return false
    }

    /// End of quantum: post the epilogue upcall and start the grace period;
    /// end of grace without a yield: penalise, kill past the bound, and move
    /// the CPU on. Returns how many of these happened.
    mutating func quantumDue(now: Tick) -> Int {
        var fired = 0
        for c in cpus.indices where cpus[c].running >= 0 {
            if !cpus[c].epiloguePosted && cpus[c].quantumEnd <= now {
                cpus[c].epiloguePosted = true
                cpus[c].graceEnd = cpus[c].quantumEnd &+ config.grace
                fired += 1
            }
            if cpus[c].epiloguePosted && cpus[c].graceEnd <= now && !mutants.contains(.graceNotEnforced) {
                let env = cpus[c].running
                envs[env].penalties += 1
                fired += 1
                if envs[env].penalties > config.killAfter {
                    destroy(env)
                }
                _ = switchToNextSlice(cpu: c, now: now)
            }
        }
        return fired
    }
}
