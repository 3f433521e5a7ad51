import gevent
from gevent import Timeout

time_to_wait = 5 # seconds

class TooLong(Exception):
    pass

# Reference-run addition: the tutorial lets TooLong escape (the program dies
# with a traceback and exit status 1). We catch it and print a line instead.
try:
    with Timeout(time_to_wait, TooLong):
        gevent.sleep(10)
except TooLong:
    print('TooLong raised after', time_to_wait, 'seconds')
