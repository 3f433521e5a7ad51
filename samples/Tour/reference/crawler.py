import gevent.monkey
gevent.monkey.patch_socket()

import re
import urllib.request
import urllib.error

import gevent
from gevent.pool import Pool
from gevent.queue import JoinableQueue
from gevent.pywsgi import WSGIServer

# --- The site: there is no internet here, so the program serves its own small site (gevent pywsgi on 127.0.0.1,
# an ephemeral port). Each page has a fixed server-side latency, so pages finish in the same order on every run.
SITE = {
    '/':            (  10, ['/news', '/docs', '/about']),
    '/news':        (  50, ['/news/1', '/news/2', '/news/3', '/']),
    '/docs':        ( 210, ['/docs/intro', '/docs/api', '/missing']),
    '/about':       ( 245, ['/team', '/slow', '/']),
    '/news/1':      ( 110, ['/news']),
    '/news/2':      (  50, ['/news', '/news/3']),
    '/news/3':      ( 225, ['/news/1']),
    '/docs/intro':  ( 215, ['/docs/api']),
    '/docs/api':    ( 140, ['/docs/api/v2', '/docs']),
    '/docs/api/v2': ( 115, ['/docs/intro']),
    '/team':        ( 140, ['/about', '/news/2']),
    '/slow':        (2000, ['/never']),
}
MISSING_LATENCY = 95

def site(environ, start_response):
    path = environ['PATH_INFO']
    latency, links = SITE.get(path, (MISSING_LATENCY, None))
    gevent.sleep(latency / 1000)
    if links is None:
        start_response('404 Not Found', [('Content-Type', 'text/plain')])
        return [b'not found']
    body = ''.join('<a href="%s">%s</a>\n' % (link, link) for link in links)
    start_response('200 OK', [('Content-Type', 'text/html')])
    return [body.encode('ascii')]

server = WSGIServer(('127.0.0.1', 0), site, log=None)
server.start()
ROOT = 'http://127.0.0.1:%d' % server.server_port
# --- end of the site

LINK = re.compile(r'href="([^"]+)"')
FETCH_TIMEOUT = 0.5  # seconds

pool = Pool(10)
frontier = JoinableQueue()
seen = {'/'}
crawled = []
failed = []

def crawl(path):
    try:
        with gevent.Timeout(FETCH_TIMEOUT):
            html = urllib.request.urlopen(ROOT + path).read().decode('ascii')
    except gevent.Timeout:
        failed.append(path)
        print('%-13s timed out after %s s' % (path, FETCH_TIMEOUT))
    except urllib.error.HTTPError as error:
        failed.append(path)
        print('%-13s %d' % (path, error.code))
    else:
        links = LINK.findall(html)
        new = [link for link in links if link not in seen]
        for link in new:
            seen.add(link)
            frontier.put(link)
        crawled.append(path)
        print('%-13s links %d, new %d' % (path, len(links), len(new)))
    finally:
        frontier.task_done()

def dispatch():
    while True:
        path = frontier.get()
        pool.spawn(crawl, path)

frontier.put('/')
dispatcher = gevent.spawn(dispatch)
frontier.join()
dispatcher.kill()
pool.join()
server.stop()

print('Crawled %d pages, %d failed: %s' % (len(crawled), len(failed), ', '.join(sorted(failed))))
