#!/usr/bin/python3
"""Interim lesson recorder: replays a ctlab lesson on the real kernel.

This is a stop-gap until the native backend's `ctlab record` exists (see
README.md next to this file). It reproduces the world of
/work/notes/conventions.md ("The world a lesson starts in"):

* fresh mount, pid, uts, ipc, net and cgroup namespaces (unshare(2)); the
  recorder's own process is PID 1 of the new PID namespace, renamed to
  comm `init` with prctl(PR_SET_NAME) and with its /proc/1/cmdline pointed at
  the string "init" by overwriting its argv in place (setproctitle-style);
* a root that is an overlay over the host root with a throwaway upper dir on
  a tmpfs (where /mnt is emptied, as in the model), entered with pivot_root(2) (nothing a lesson writes reaches the
  host), fresh tmpfs on /tmp, /root and /dev (with a new devpts instance, so
  the first terminal is /dev/pts/0), /proc for the new PID namespace, /sys
  read-only, hostname `ctlab`;
* one interactive `bash -i` per terminal on its own pseudo-terminal (80x24,
  session leader with a controlling tty), forked by PID 1 in order of first
  use, so the first terminal's bash is PID 2, the next PID 3;
  environment exactly HOME, PATH, TERM=dumb, cwd /.

Everything lives in namespaces that vanish when the recorder exits: PID 1
dying kills every process of its PID namespace (pid_namespaces(7)), and the
mount namespace with its tmpfs and overlay goes with its last process.

Prompt detection: the overlay's copy of /etc/bash.bashrc (Debian's, which
every interactive bash reads) gets three lines appended that set a marker PS1
and PS2 and turn line editing off (`set +o emacs`), so nested shells
(`unshare ... bash`) print the marker too, no extra process is forked for the
prompt, and the command line typed is not echoed (the pty's ECHO is off and
readline is not used). The environment is untouched. A bash started where
/etc/bash.bashrc does not exist (inside a `chroot`) prints bash's default
prompt `bash-5.2# ` and uses readline: the recorder recognises that prompt
after 0.4 s of quiet. Readline did not echo the typed line in testing (the
whole line is written at once, and readline skips redisplay while input is
queued); if it ever did, the echo would show in the record and the
two-run comparison would flag it, so it is not stripped.

Python 3 standard library only; run as root.
"""

import argparse
import ctypes
import errno
import json
import os
import pty
import re
import select
import shutil
import signal
import stat
import struct
import sys
import termios
import fcntl
import time

PS1 = "<ctlab-ps1>"
PS2 = "<ctlab-ps2>"
BASHRC_APPEND = (
    "\n# ctlab record-interim: a marker prompt, no line editing\n"
    "PS1='%s'\nPS2='%s'\nset +o emacs +o vi\n" % (PS1, PS2)
)
INPUTRC_APPEND = "\nset enable-bracketed-paste off\n"
# bash's default prompt (\s-\v\$), shown where there is no /etc/bash.bashrc.
DEFAULT_PROMPT = re.compile(rb"(?:^|(?<=\n))bash-\d+\.\d+[#$] $")
ENV = {
    "HOME": "/root",
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "TERM": "dumb",
}
COLS, ROWS = 80, 24

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REC = 0x4000
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15
SYS_PIVOT_ROOT = 155  # x86_64

# Loaded by name, never through ctypes.util.find_library: that forks
# helpers, and PID 1 must not fork anything before the first terminal.
libc = ctypes.CDLL("libc.so.6", use_errno=True)
libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong,
                       ctypes.c_ulong, ctypes.c_ulong]
libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
libc.syscall.argtypes = [ctypes.c_long, ctypes.c_char_p, ctypes.c_char_p]


def check(ret, what):
    if ret != 0:
        e = ctypes.get_errno()
        raise OSError(e, "%s: %s" % (what, os.strerror(e)))


def mount(src, target, fstype, flags=0, data=None):
    enc = lambda s: None if s is None else s.encode()
    check(libc.mount(enc(src), enc(target), enc(fstype), flags, enc(data)),
          "mount %s on %s" % (fstype or src, target))


# ---------------------------------------------------------------- lesson file

FENCE = re.compile(r"^(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$")


class Command:
    def __init__(self, line_no, terminal, text, expected):
        self.line_no = line_no  # 0-based index of the command line
        self.terminal = terminal
        self.text = text
        self.expected = expected  # list of (0-based line index, text)


def front_matter_terminals(lines):
    if not lines or lines[0].strip() != "---":
        return ["host"]
    for line in lines[1:]:
        if line.strip() == "---":
            break
        m = re.match(r"^terminals:\s*\[(.*)\]", line.split("#")[0])
        if m:
            return [t.strip().strip("\"'") for t in m.group(1).split(",") if t.strip()]
    return ["host"]


def parse_lesson(text):
    lines = text.split("\n")
    terminals = front_matter_terminals(lines)
    prompt = re.compile(r"^(%s)[#$] (.*)$" % "|".join(map(re.escape, terminals)))
    commands = []
    fence = None
    console = False
    current = None  # the last command of the open console block
    for i, line in enumerate(lines):
        if fence is None:
            m = FENCE.match(line)
            if m:
                fence = m.group(1)
                console = m.group(2) == "console"
                current = None
            continue
        if line.strip().startswith(fence[0] * len(fence)) and \
                line.strip() == line.strip()[0] * len(line.strip()):
            fence = None
            continue
        if not console:
            continue
        m = prompt.match(line)
        if m:
            current = Command(i, m.group(1), m.group(2), [])
            commands.append(current)
        elif current is not None:
            current.expected.append((i, line))
    return lines, commands


# ---------------------------------------------------------- wildcard matching

def line_matches(pattern, text):
    if "[..]" not in pattern:
        return pattern == text
    rx = ".*?".join(re.escape(p) for p in pattern.split("[..]"))
    return re.fullmatch(rx, text, re.S) is not None


def block_matches(exp, obs):
    """trycmd semantics: `[..]` within a line, a `...` line = any lines."""
    memo = {}

    def go(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(exp):
            r = j == len(obs)
        elif exp[i] == "...":
            r = any(go(i + 1, k) for k in range(j, len(obs) + 1))
        else:
            r = j < len(obs) and line_matches(exp[i], obs[j]) and go(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    return go(0, 0)


def merge(exp, obs):
    """The lines to write: the author's where they still match."""
    if block_matches(exp, obs):
        return exp
    if "..." not in exp and len(exp) == len(obs):
        return [e if line_matches(e, o) else o for e, o in zip(exp, obs)]
    return obs


# ------------------------------------------------------------ the sandbox

def setup_world():
    """Runs in PID 1 of the new namespaces: builds and enters the root."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    # Scratch tmpfs, private to this mount namespace, shadowing /tmp here only.
    mount("tmpfs", "/tmp", "tmpfs", 0, "mode=700")
    for d in ("upper", "work", "root"):
        os.mkdir("/tmp/" + d)
    mount("overlay", "/tmp/root", "overlay", 0,
          "lowerdir=/,upperdir=/tmp/upper,workdir=/tmp/work")
    r = "/tmp/root"
    # The model's /mnt is empty; this host keeps its sandbox's mount points
    # there. Deleting them through the overlay only writes whiteouts to the
    # throwaway upper dir.
    for name in os.listdir(r + "/mnt"):
        shutil.rmtree(r + "/mnt/" + name)
    mount("tmpfs", r + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")
    mount("tmpfs", r + "/root", "tmpfs", 0, "mode=700")
    mount("tmpfs", r + "/dev", "tmpfs", MS_NOSUID, "mode=755")
    for name, major, minor in (("null", 1, 3), ("zero", 1, 5), ("full", 1, 7),
                               ("random", 1, 8), ("urandom", 1, 9), ("tty", 5, 0)):
        os.mknod(r + "/dev/" + name, stat.S_IFCHR | 0o666, os.makedev(major, minor))
        os.chmod(r + "/dev/" + name, 0o666)
    os.mkdir(r + "/dev/pts")
    mount("devpts", r + "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
          "newinstance,ptmxmode=0666,mode=620,gid=5")
    os.symlink("pts/ptmx", r + "/dev/ptmx")
    os.mkdir(r + "/dev/shm")
    mount("tmpfs", r + "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")
    for i, n in enumerate(("stdin", "stdout", "stderr")):
        os.symlink("/proc/self/fd/%d" % i, r + "/dev/" + n)
    os.symlink("/proc/self/fd", r + "/dev/fd")
    mount("proc", r + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount("sysfs", r + "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    # Written to the overlay's upper dir only; see the module doc.
    with open(r + "/etc/bash.bashrc", "a") as f:
        f.write(BASHRC_APPEND)
    with open(r + "/etc/inputrc", "a") as f:
        f.write(INPUTRC_APPEND)
    check(libc.sethostname(b"ctlab", 5), "sethostname")
    os.chdir(r)
    check(libc.syscall(SYS_PIVOT_ROOT, b".", b"."), "pivot_root")
    check(libc.umount2(b".", MNT_DETACH), "umount old root")
    os.chdir("/")


def become_init():
    """comm `init` (proc(5): /proc/pid/comm) and /proc/1/cmdline "init".

    prctl(PR_SET_MM_ARG_START) needs CAP_SYS_RESOURCE, which this sandbox
    lacks, so the original argv strings are overwritten in place, as
    setproctitle(3) does: "init", a NUL, then non-NUL padding up to the last
    byte, which makes the kernel return the text up to the first NUL
    (fs/proc/base.c, get_mm_proctitle). Python copied argv at startup, so the
    bytes are free. The environment strings are zeroed: /proc/1/environ then
    reads as NUL bytes only (its length stays the host's)."""
    libc.prctl(PR_SET_NAME, ctypes.cast(ctypes.c_char_p(b"init"), ctypes.c_void_p).value,
               0, 0, 0)
    with open("/proc/self/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # proc(5): fields 48..51 are arg_start, arg_end, env_start, env_end;
    # fields[0] is field 3 (state).
    arg_start, arg_end, env_start, env_end = (int(x) for x in fields[45:49])
    n = arg_end - arg_start
    if n >= 6:
        title = b"init\0" + b"." * (n - 5)
        ctypes.memmove(arg_start, title, n)
    if env_end > env_start:
        ctypes.memset(env_start, 0, env_end - env_start)


def reap(*_):
    """PID 1 reaps every orphan, as an init does (wait(2))."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# ------------------------------------------------------------ terminals

ESC = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def clean(raw):
    """What a terminal shows, as text: no escapes, LF line ends, no NULs."""
    raw = ESC.sub(b"", raw).replace(b"\r\n", b"\n")
    raw = raw.replace(b"\x00", b"").replace(b"\x07", b"")
    return raw.decode("utf-8", "replace")


class Terminal:
    def __init__(self, name):
        self.name = name
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                attrs = termios.tcgetattr(0)
                attrs[3] &= ~(termios.ECHO | termios.ECHONL)
                termios.tcsetattr(0, termios.TCSANOW, attrs)
                os.chdir("/")
                os.closerange(3, 65536)  # fds the recorder itself inherited
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.execve("/bin/bash", ["bash", "-i"], ENV)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.alive = True

    def read_until_prompt(self, timeout):
        """Bytes up to the next prompt, and how it ended."""
        buf = b""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return buf, "timeout"
            wait = min(left, 0.4) if DEFAULT_PROMPT.search(buf) else left
            r, _, _ = select.select([self.fd], [], [], wait)
            if not r:
                if DEFAULT_PROMPT.search(buf):
                    return buf[: DEFAULT_PROMPT.search(buf).start()], "prompt"
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError as e:
                if e.errno != errno.EIO:
                    raise
                data = b""
            if not data:
                self.alive = False
                os.close(self.fd)
                return buf, "eof"
            buf += data
            for marker, how in ((PS1, "prompt"), (PS2, "continuation")):
                if buf.endswith(marker.encode()):
                    return buf[: -len(marker)], how

    def drain(self, wait):
        """Output the terminal printed while idle (e.g. `Killed` after its
        job was killed from another terminal)."""
        buf = b""
        while self.alive:
            r, _, _ = select.select([self.fd], [], [], wait)
            if not r:
                break
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if not data:
                self.alive = False
                os.close(self.fd)
                break
            buf += data
        text = clean(buf).replace(PS1, "").replace(PS2, "")
        return text


def run_lesson(commands, timeout):
    """Runs in PID 1; returns one result per command."""
    terminals = {}
    results = []

    def open_terminal(name):
        t = terminals[name] = Terminal(name)
        start, how = t.read_until_prompt(timeout)
        if how != "prompt" or clean(start).strip():
            return "terminal %s did not start cleanly (%s): %r" % (name, how, clean(start))
        return None

    # Every terminal the lesson uses is open before the first command, in
    # order of first use: bash PID 2, 3, ... (conventions.md).
    for c in commands:
        if c.terminal not in terminals:
            err = open_terminal(c.terminal)
            if err:
                return [{"error": err}]
    last_terminal = None
    for c in commands:
        t = terminals[c.terminal]
        pending = ""
        if not t.alive:
            # A terminal whose shell exited gets a new shell, as a new tab.
            err = open_terminal(c.terminal)
            if err:
                results.append({"error": err})
                break
            t = terminals[c.terminal]
        else:
            pending = t.drain(0.3 if last_terminal != c.terminal else 0.05)
        last_terminal = c.terminal
        os.write(t.fd, c.text.encode() + b"\n")
        raw, how = t.read_until_prompt(timeout)
        out = clean(raw)
        if DEBUG:
            sys.stderr.write("%s %r\n" % (c.terminal, raw))
        res = {"out": pending + out, "pending": pending}
        if how == "timeout":
            res["error"] = "no prompt within %ss" % timeout
        elif how == "continuation":
            res["error"] = "the shell waits for more input (PS2): unfinished quote or command"
        results.append(res)
        if "error" in res:
            break
    return results


def record_once(commands, timeout):
    """Forks into fresh namespaces; the grandchild is PID 1 there."""
    rfd, wfd = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.close(rfd)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            check(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC
                               | CLONE_NEWNET | CLONE_NEWCGROUP), "unshare")
            init = os.fork()
            if init == 0:
                libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
                try:
                    assert os.getpid() == 1
                    setup_world()
                    become_init()
                    signal.signal(signal.SIGCHLD, reap)
                    result = {"results": run_lesson(commands, TIMEOUT)}
                except Exception as e:  # reported by the parent
                    result = {"fatal": "%s: %s" % (type(e).__name__, e)}
                os.write(wfd, json.dumps(result).encode())
                os._exit(0)
            os.close(wfd)
            _, status = os.waitpid(init, 0)
            os._exit(0 if status == 0 else 1)
        except BaseException as e:
            os.write(wfd, json.dumps({"fatal": str(e)}).encode())
            os._exit(1)
    os.close(wfd)
    data = b""
    while True:
        chunk = os.read(rfd, 1 << 16)
        if not chunk:
            break
        data += chunk
    os.close(rfd)
    os.waitpid(child, 0)
    if not data:
        return {"fatal": "the recorder's PID 1 died without a result"}
    return json.loads(data)


TIMEOUT = 10.0
# RECORD_DEBUG=1 prints each command's raw bytes from the pty on stderr.
DEBUG = bool(os.environ.get("RECORD_DEBUG"))


def main():
    global TIMEOUT
    ap = argparse.ArgumentParser(description="Record a ctlab lesson's outputs on the real kernel.")
    ap.add_argument("lesson")
    ap.add_argument("--write", action="store_true", help="rewrite the lesson file in place")
    ap.add_argument("--runs", type=int, default=2,
                    help="record this many times and report differences (default 2)")
    ap.add_argument("--timeout", type=float, default=10.0,
                    help="seconds a command may take to give the prompt back")
    args = ap.parse_args()
    TIMEOUT = args.timeout
    if os.geteuid() != 0:
        sys.exit("record.py: must run as root")
    with open(args.lesson, encoding="utf-8") as f:
        text = f.read()
    lines, commands = parse_lesson(text)
    runs = []
    problems = 0
    for n in range(max(1, args.runs)):
        r = record_once(commands, TIMEOUT)
        if "fatal" in r:
            sys.exit("record.py: %s" % r["fatal"])
        runs.append(r["results"])
    first = runs[0]
    for c, res in zip(commands, first):
        if "error" in res:
            print("%s:%d: error: `%s`: %s" % (args.lesson, c.line_no + 1, c.text, res["error"]),
                  file=sys.stderr)
            problems += 1
        if res.get("pending"):
            print("%s:%d: note: terminal %s printed %r while idle; it is shown before "
                  "this command's output" % (args.lesson, c.line_no + 1, c.terminal,
                                             res["pending"]), file=sys.stderr)
    if len(first) < len(commands):
        problems += 1
    new_lines = list(lines)
    replacements = []
    for k, c in enumerate(commands):
        if k >= len(first):
            break
        obs = first[k]["out"]
        obs_lines = obs.split("\n")
        if obs_lines and obs_lines[-1] == "":
            obs_lines.pop()
        exp = [t for _, t in c.expected]
        # Trailing blank lines before the fence are layout, not output.
        while exp and exp[-1] == "" and len(exp) > len(obs_lines):
            exp.pop()
        for other in runs[1:]:
            if k < len(other):
                o2 = other[k]["out"].split("\n")
                if o2 and o2[-1] == "":
                    o2.pop()
                if o2 != obs_lines and not (block_matches(exp, obs_lines)
                                            and block_matches(exp, o2)):
                    print("%s:%d: error: `%s` printed differently in two runs; "
                          "needs a wildcard or another command:\n  run 1: %r\n  run 2: %r"
                          % (args.lesson, c.line_no + 1, c.text, obs_lines, o2),
                          file=sys.stderr)
                    problems += 1
        merged = merge(exp, obs_lines)
        if merged != exp:
            print("%s:%d: `%s` changed:\n%s" % (
                args.lesson, c.line_no + 1, c.text,
                "".join("  - %s\n" % l for l in exp) + "".join("  + %s\n" % l for l in merged)),
                file=sys.stderr)
        first_line = c.line_no + 1
        last_line = c.expected[len(exp) - 1][0] + 1 if exp else first_line
        replacements.append((first_line, last_line, merged))
    for a, b, new in reversed(replacements):
        new_lines[a:b] = new
    out = "\n".join(new_lines)
    if args.write:
        if out != text:
            with open(args.lesson, "w", encoding="utf-8") as f:
                f.write(out)
    else:
        sys.stdout.write(out)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
