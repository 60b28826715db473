import Foundation
import SrooterTestSupport
import Testing

/// On a terminal, srooter asks for the password without echoing it. Python's `pty` module plays
/// the person at the keyboard.
@Suite struct PasswordPromptTests {
    let dir = TemporaryDirectory()

    @Test func promptsTwiceWithoutEchoAndMinisignAcceptsTheKey() async throws {
        let script = """
            import os, pty, sys, time
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            seen = b""
            def wait_for(text):
                global seen
                deadline = time.time() + 20
                while text not in seen and time.time() < deadline:
                    try:
                        seen += os.read(fd, 1024)
                    except OSError:
                        break
            wait_for(b"Password for")
            os.write(fd, b"typed-secret\\n")
            wait_for(b"again")
            os.write(fd, b"typed-secret\\n")
            wait_for(b"Secret key:")
            deadline = time.time() + 20
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done or time.time() > deadline:
                    break
                time.sleep(0.05)
            sys.stdout.write(seen.decode(errors="replace"))
            if not done:
                os.kill(pid, 9)
                sys.exit("srooter did not finish")
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let scriptPath = dir.write("drive.py", script)
        let result = try await CommandRunner.run(
            "python3",
            [scriptPath, CommandRunner.srooter, "keys", "generate", "--name", "tty", "--output-dir", dir.path])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("Password for"))
        #expect(!result.stdout.contains("typed-secret"), "the password was echoed")

        let file = dir.write("f.txt", "x")
        let sign = try await CommandRunner.run(
            "minisign", ["-S", "-s", dir.file("tty.key"), "-m", file], stdin: "typed-secret\n")
        #expect(sign.status == 0, "\(sign.stderr)")
        let verify = try await CommandRunner.srooter(["verify", file, "--pubkey", dir.file("tty.pub")])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
