# Micro gevent chatroom.
# ----------------------
#
# Port: the tutorial's chat room is a Flask app. Flask is not available, so
# this is the same app on plain WSGI (gevent.pywsgi): the same routes, the
# same Room/User logic, a small stand-in for Flask's routing, and minimal
# inline templates instead of choose.html / main.html / room.html.

from html import escape
from urllib.parse import parse_qs
import re

from gevent import queue
from gevent.pywsgi import WSGIServer
import json  # the tutorial uses simplejson; the stdlib json is equivalent here

# --- stand-in for Flask: @app.route, request.form, render_template --------
ROUTES = []

def route(rule, methods=('GET',)):
    def register(view):
        regex = re.sub(r'<(\w+)>', r'(?P<\1>[^/]+)', rule)
        static = len([p for p in rule.split('/') if p and not p.startswith('<')])
        ROUTES.append((static, re.compile('^%s$' % regex), methods, view))
        # like Werkzeug, rules with more static parts are tried first
        ROUTES.sort(key=lambda r: -r[0])
        return view
    return register

# (a plain global is enough here: a view reads request.form before it ever
# yields to another greenlet)
class Request(object):
    form = {}

request = Request()

TEMPLATES = {
    'choose.html':
        '<h1>Choose a name</h1>\n'
        '<form onsubmit="location.href = \'/\' + this.uid.value; return false">'
        '<input name="uid"></form>\n',
    'main.html':
        '<h1>Hello {uid}</h1>\n'
        '<ul>\n{room_links}</ul>\n',
    'room.html':
        '<h1>{room} ({uid})</h1>\n'
        '<ul id="messages">\n{message_items}</ul>\n'
        '<form><input name="message"></form>\n',
}

def render_template(name, uid='', room='', rooms=(), messages=()):
    return TEMPLATES[name].format(
        uid=escape(uid),
        room=escape(room),
        room_links=''.join('<li><a href="/%s/%s">%s</a></li>\n'
                           % (escape(r), escape(uid), escape(r)) for r in rooms),
        message_items=''.join('<li>%s</li>\n' % escape(m) for m in messages))

def app(environ, start_response):
    path = environ['PATH_INFO']
    method = environ['REQUEST_METHOD']
    for _, regex, methods, view in ROUTES:
        match = regex.match(path)
        if match and method in methods:
            if method == 'POST':
                length = int(environ.get('CONTENT_LENGTH') or 0)
                body = environ['wsgi.input'].read(length).decode('utf-8')
                request.form = {k: v[0] for k, v in parse_qs(body).items()}
            result = view(**match.groupdict())
            start_response('200 OK', [('Content-Type', 'text/html; charset=utf-8')])
            return [result.encode('utf-8')]
    start_response('404 NOT FOUND', [('Content-Type', 'text/plain')])
    return [b'Not Found']
# --- end of stand-in ------------------------------------------------------

class Room(object):

    def __init__(self, name):
        self.name = name
        # Determinism fix: the tutorial uses set(), whose iteration order
        # (and so the order of the prints in add()) varies between runs.
        self.users = []
        self.messages = []

    def __str__(self):
        # Determinism fix: the default repr prints a memory address.
        return '<Room %s>' % self.name

    def backlog(self, size=25):
        return self.messages[-size:]

    def subscribe(self, user):
        if user not in self.users:
            self.users.append(user)

    def add(self, message):
        for user in self.users:
            print(user)
            user.queue.put_nowait(message)
        self.messages.append(message)

class User(object):

    def __init__(self, uid):
        self.uid = uid
        self.queue = queue.Queue()

    def __str__(self):
        # Determinism fix: the default repr prints a memory address.
        return '<User %s>' % self.uid

# (the tutorial builds this dict before Room is defined: a NameError)
rooms = {
    'topic1': Room('topic1'),
    'topic2': Room('topic2'),
}

users = {}

@route('/')
def choose_name():
    return render_template('choose.html')

@route('/<uid>')
def main(uid):
    return render_template('main.html',
        uid=uid,
        rooms=rooms.keys()
    )

@route('/<room>/<uid>')
def join(room, uid):
    user = users.get(uid, None)

    if not user:
        users[uid] = user = User(uid)

    active_room = rooms[room]
    active_room.subscribe(user)
    print('subscribe', active_room, user)

    messages = active_room.backlog()

    return render_template('room.html',
        room=room, uid=uid, messages=messages)

@route("/put/<room>/<uid>", methods=["POST"])
def put(room, uid):
    user = users[uid]
    room = rooms[room]

    message = request.form['message']
    room.add(':'.join([uid, message]))

    return ''

@route("/poll/<uid>", methods=["POST"])
def poll(uid):
    try:
        msg = users[uid].queue.get(timeout=10)
    except queue.Empty:
        msg = []
    return json.dumps(msg)

# --- Reference-run change: instead of WSGIServer(('', 5000), app)
# .serve_forever() we serve on an ephemeral port of 127.0.0.1 and drive the
# room with a scripted client: alice and bob join topic1, bob starts a long
# poll, alice posts "hello", bob's poll returns it, alice's own poll returns
# it too, then carol joins and sees it in the backlog. Every response the
# clients get is printed as "[who] METHOD path -> status" plus its body,
# in script order (bob's poll result is printed after alice's post returns,
# so the output does not depend on which socket the OS reports first).
import gevent
import gevent.socket

def http(method, path, form=None):
    body = b''
    if form is not None:
        body = '&'.join('%s=%s' % kv for kv in form.items()).encode('utf-8')
    conn = gevent.socket.create_connection(('127.0.0.1', http_server.server_port))
    conn.sendall(('%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n'
                  'Content-Type: application/x-www-form-urlencoded\r\n'
                  'Content-Length: %d\r\n\r\n' % (method, path, len(body))).encode('ascii') + body)
    received = b''
    while True:
        data = conn.recv(4096)
        if not data:
            break
        received += data
    conn.close()
    head, _, content = received.partition(b'\r\n\r\n')
    status = head.split(b'\r\n')[0].decode('ascii').split(' ', 1)[1]
    return status, content.decode('utf-8')

def show(who, method, path, response):
    status, content = response
    print('[%s] %s %s -> %s' % (who, method, path, status))
    if content:
        print(content, end='' if content.endswith('\n') else '\n')

def visit(who, method, path, form=None):
    show(who, method, path, http(method, path, form))

def script():
    visit('alice', 'GET', '/')
    visit('alice', 'GET', '/alice')
    visit('alice', 'GET', '/topic1/alice')
    visit('bob', 'GET', '/topic1/bob')
    bob_poll = gevent.spawn(http, 'POST', '/poll/bob')
    gevent.sleep(0.2)  # let bob's long poll reach the server and block
    print('(bob is waiting on /poll/bob)')
    visit('alice', 'POST', '/put/topic1/alice', {'message': 'hello'})
    # printed after alice's response, whichever of the two arrived first
    show('bob', 'POST', '/poll/bob', bob_poll.get())
    visit('alice', 'POST', '/poll/alice')
    visit('carol', 'GET', '/topic1/carol')

if __name__ == "__main__":
    http_server = WSGIServer(('127.0.0.1', 0), app, log=None)
    http_server.start()
    gevent.spawn(script).join(timeout=20)
    http_server.stop()
