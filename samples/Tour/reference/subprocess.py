import gevent
from gevent.subprocess import Popen, PIPE

# The tutorial's child is `sleep 1; uname` and its cron ticks until the child is done, so how many times "cron" is
# printed depends on the machine. Here the child waits for its standard input to close instead of sleeping, and cron
# closes it after its fifth tick: the same overlap, with one output.
sub = Popen(['cat > /dev/null; uname'], stdin=PIPE, stdout=PIPE, shell=True)

def cron():
    for _ in range(5):
        print("cron")
        gevent.sleep(0.2)
    sub.stdin.close()

g = gevent.spawn(cron)
out = sub.stdout.read()
sub.wait()
g.kill()
print(out.rstrip().decode())
