"""gevent.subprocess behaviour that GreenProcess mirrors: return codes, signal deaths, communicate's timeout and
its continuation, the messages of CalledProcessError, TimeoutExpired and a missing executable.
Run with: python3 subprocess_semantics.py  (its output is subprocess_semantics.out, checked by GreenProcessGeventTests)."""
import signal
import gevent
from gevent import subprocess

# 1. Exit codes, and a negative signal number for a signal death.
print("exit 3:", subprocess.call(["sh", "-c", "exit 3"]))
p = subprocess.Popen(["sleep", "1000"])
p.kill()
print("killed:", p.wait())
p = subprocess.Popen(["sleep", "1000"])
p.terminate()
print("terminated:", p.wait())
p = subprocess.Popen(["sleep", "1000"])
p.send_signal(signal.SIGINT)
print("sigint:", p.wait())
p = subprocess.Popen(["sleep", "1000"])
print("poll running:", p.poll())
p.kill()
print("poll after kill:", p.wait(), p.poll())

# 2. communicate with a timeout raises TimeoutExpired; what was read is kept, and a second communicate continues.
p = subprocess.Popen(["sh", "-c", "echo first; sleep 1; echo second"], stdout=subprocess.PIPE)
try:
    p.communicate(timeout=0.5)
except subprocess.TimeoutExpired as e:
    print("communicate timeout:", type(e).__name__, "|", e)
out, err = p.communicate()
print("after timeout:", repr(out), repr(err))

# 3. wait with a timeout.
p = subprocess.Popen(["sleep", "1000"])
try:
    p.wait(timeout=0.1)
except subprocess.TimeoutExpired as e:
    print("wait timeout:", e)
p.kill()
p.wait()

# 4. check_call / check_output failures.
try:
    subprocess.check_call(["sh", "-c", "exit 2"])
except subprocess.CalledProcessError as e:
    print("check_call:", e.returncode, "|", e)
try:
    subprocess.check_output(["sh", "-c", "echo partial; exit 5"])
except subprocess.CalledProcessError as e:
    print("check_output:", e.returncode, repr(e.output), "|", e)
try:
    subprocess.check_output(["sh", "-c", "kill -9 $$"])
except subprocess.CalledProcessError as e:
    print("signal death:", e.returncode, "|", e)

# 5. A missing executable.
try:
    subprocess.Popen(["no-such-program-xyz"])
except OSError as e:
    print("missing:", type(e).__name__, e.errno, "|", e)

# 6. run: stdout and stderr separate, input to stdin.
r = subprocess.run(["sh", "-c", "cat; echo oops >&2; exit 4"], input=b"hello", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
print("run:", r.returncode, repr(r.stdout), repr(r.stderr))
print("check_output text:", repr(subprocess.check_output(["echo", "hi"], universal_newlines=True)))
