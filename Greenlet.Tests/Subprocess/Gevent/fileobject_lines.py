# gevent.fileobject.FileObjectThread: lines, then the rest of the file, while a ticker greenlet runs.
# Run: /usr/bin/python3 -P fileobject_lines.py <scratch directory> > fileobject_lines.out
import os
import sys
import gevent
from gevent.fileobject import FileObjectThread

path = os.path.join(sys.argv[1], 'lines.txt')
with FileObjectThread(path, 'wb') as f:
    f.write('one\r\ntwo\n\nthré\n'.encode('utf-8') + b'x' * 200000 + b'\nlast line, no newline')

f = FileObjectThread(path, 'rb')
for _ in range(4):
    print(repr(f.readline().rstrip(b'\r\n').decode('utf-8')))
print(len(f.readline().rstrip(b'\n')))
print(repr(f.read().decode('utf-8')))
print(repr(f.readline().decode('utf-8')))
f.close()
