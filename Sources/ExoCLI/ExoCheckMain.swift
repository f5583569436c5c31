import ArgumentParser
import ExoCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit codes CI can trust.
public enum Exit {
    /// Holds, or the command did what it was asked.
    public static let ok: Int32 = 0
    /// An invariant is violated, a replay diverged, or a mutant survived.
    public static let violation: Int32 = 1
    /// Bad input or usage: a malformed spec, a corrupt trace, a wrong flag.
    public static let badInput: Int32 = 2
}

/// A user-facing failure: one line on stderr and an exit code, never a trap.
public struct CLIError: Error, CustomStringConvertible {
    public var message: String
    public var code: Int32
    public init(_ message: String, code: Int32 = Exit.badInput) {
        self.message = message
        self.code = code
    }
    public var description: String { message }
}

struct Root: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exocheck",
        abstract: "Simulate, record, replay and model-check exokernel, unikernel and hypervisor protection machinery.",
        discussion: """
            Exit codes: 0 the properties hold (or the command succeeded); 1 an invariant \
            is violated, a replay diverged, or a mutant survived; 2 bad input or usage.
            """,
        version: "exocheck \(ToolVersion.string)",
        subcommands: [
            Explore.self, Simulate.self, Replay.self, Show.self, Check.self, Fmt.self,
            List.self, Mutants.self, Bench.self, Version.self,
        ])
}

/// The entry point `exocheck` calls. Maps every error to a one-line message
/// and the documented exit codes (ArgumentParser's own usage errors would
/// otherwise exit 64).
public enum ExoCheckMain {
    public static func main(_ arguments: [String]? = nil) -> Never {
        exit(run(arguments))
    }

    /// Runs a command line and returns the exit code (used by tests).
    public static func run(_ arguments: [String]?) -> Int32 {
        do {
            var command = try Root.parseAsRoot(arguments)
            try command.run()
            return Exit.ok
        } catch let e as CLIError {
            writeStderr("exocheck: \(e.message)\n")
            return e.code
        } catch let e as ExitCode {
            return e.rawValue
        } catch {
            let code = Root.exitCode(for: error)
            if code == .success {
                print(Root.fullMessage(for: error))
                return Exit.ok
            }
            writeStderr(Root.fullMessage(for: error) + "\n")
            return Exit.badInput
        }
    }
}

func writeStderr(_ s: String) {
    var s = s
    s.withUTF8 { buf in _ = fwrite(buf.baseAddress, 1, buf.count, stderr) }
}
