# A dead member stays in its Group until the hub's next pass, where the link callback discards it.
# Run: /usr/bin/python3 -P group_discard.py > group_discard.out
import gevent
from gevent.pool import Group
def nap(s): gevent.sleep(s)
dead = gevent.spawn(nap, 0); dead.join()
alive = gevent.spawn(nap, 1)
group = Group([dead, alive]); group.add(dead)
print(len(group), dead in group)
gevent.sleep(0)
print(len(group), dead in group)
g = Group()
for i in range(3): g.spawn(nap, 1)
for m in list(g): m.kill()
print(len(g))
