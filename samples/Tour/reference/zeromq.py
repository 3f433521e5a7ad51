# Note: the tutorial used the old ``gevent_zeromq`` package; pyzmq now ships
# the same thing as ``zmq.green`` (Debian: python3-zmq).
import gevent
import zmq.green as zmq

# Global Context
context = zmq.Context()

# Reference-run change: instead of the fixed tcp://127.0.0.1:5000 we bind the
# server socket to a free port on 127.0.0.1 and let the client connect there.
server_socket = context.socket(zmq.REQ)
port = server_socket.bind_to_random_port("tcp://127.0.0.1")

def server():
    for request in range(1,10):
        server_socket.send(b"Hello")
        print('Switched to Server for ', request)
        # Implicit context switch occurs here
        server_socket.recv()

def client():
    client_socket = context.socket(zmq.REP)
    client_socket.connect("tcp://127.0.0.1:%d" % port)

    for request in range(1,10):

        client_socket.recv()
        print('Switched to Client for ', request)
        # Implicit context switch occurs here
        client_socket.send(b"World")

    client_socket.close(linger=0)

publisher = gevent.spawn(server)
client = gevent.spawn(client)

gevent.joinall([publisher, client])

server_socket.close(linger=0)
context.term()
