import Glibc

/// Runs another program (git, swift, ldd, dpkg) and collects its output, without Foundation.
///
/// The program is found on `PATH`; its standard input is `/dev/null`; stdout and stderr are read
/// together with `poll` so neither pipe can fill and stall the child, and each is capped.
public struct Subprocess: Sendable {
    /// What a finished program left behind.
    public struct Outcome: Sendable {
        /// The exit status, or 128 + signal number when killed by a signal.
        public let status: Int32
        public let stdout: [UInt8]
        public let stderr: [UInt8]
        /// stdout decoded as UTF-8 (invalid bytes replaced).
        public var output: String { String(decoding: stdout, as: UTF8.self) }
        /// The first line of stderr, for one-line error messages.
        public var firstErrorLine: String {
            String(decoding: stderr, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        }
    }

    /// Why a program could not be run at all.
    public enum Failure: SrooterError {
        case cannotStart(program: String, reason: String)
        case outputTooLarge(program: String, limit: Int)

        public var kind: FailureKind { .unusableInput }
        public var description: String {
            switch self {
            case .cannotStart(let program, let reason): "cannot run \(program): \(reason)"
            case .outputTooLarge(let program, let limit): "\(program) printed more than \(limit) bytes"
            }
        }
    }

    /// Runs `program` with `arguments` in `directory` (the current one when nil), with this process's
    /// environment less the variables named in `unsetting`.
    public static func run(
        _ program: String, _ arguments: [String], in directory: String? = nil, unsetting: [String] = [],
        outputLimit: Int = 64 << 20
    ) throws(Failure) -> Outcome {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw .cannotStart(program: program, reason: FileError.reason(errno))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        // glibc's addchdir_np is not visible to Swift; coreutils' `env -C` changes folder instead.
        let settings = unsetting.flatMap { ["-u", $0] } + (directory.map { ["-C", $0] } ?? [])
        let command = settings.isEmpty ? [program] : ["env"] + settings + [program]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, command[0], &actions, nil, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        defer {
            close(outPipe[0])
            close(errPipe[0])
        }
        guard spawned == 0 else { throw .cannotStart(program: program, reason: FileError.reason(spawned)) }

        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var open = [true, true]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var tooLarge = false
        while open[0] || open[1] {
            var fds = [
                pollfd(fd: open[0] ? outPipe[0] : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: open[1] ? errPipe[0] : -1, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<2 where open[index] && fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count <= 0 {
                    open[index] = false
                    continue
                }
                if index == 0 { stdout += buffer[0..<count] } else { stderr += buffer[0..<count] }
                if stdout.count + stderr.count > outputLimit {
                    tooLarge = true
                    kill(pid, SIGKILL)
                    open = [false, false]
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        if tooLarge { throw .outputTooLarge(program: program, limit: outputLimit) }
        let exited = status & 0x7F == 0
        return Outcome(status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), stdout: stdout, stderr: stderr)
    }
}
