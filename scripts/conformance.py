#!/usr/bin/env python3
"""make conformance: feedsift's parser against feedparser's own test suite (a measurement, not a test).

feedparser ships about 2,200 small feeds, each with the condition its result must meet in a
comment at the top (`Expect: not bozo and feed['title'] == 'Example feed'`). This script takes
them from feedparser's source distribution on PyPI (pinned, downloaded once into
bench/out/conformance/), parses each with `feedsift parse --json` (the ones under an `http`
name served by a local HTTP server with the headers the file asks for, as feedparser's runner
does), turns feedsift's JSON into the dictionary feedparser would return, and evaluates the
condition. Needs network access to PyPI the first time, and python3; not ../shared.

The dictionary: feedsift's fields under feedparser's names and aliases (`summary` and
`description`, `rights` and `copyright`, `subtitle` and `tagline`, `categories` as `tags`,
`authors[0]` as `author` / `author_detail`, dates also as `*_parsed` time tuples, lengths as
strings as feedparser keeps them). Fields feedsift does not model (`title_detail`'s `type`,
`xml:base` per element, iTunes, GeoRSS, Podlove chapters, CDF, textinput, cloud...) raise a
KeyError: those conditions are counted apart, as "not modelled", not as failures.

Prints, per folder, passed / failed / not modelled, and the overall pass rate over the
conditions feedsift models. FAILS=1 lists each failure with its condition and what feedsift
gave; ONLY=substring limits the run to the files whose path holds it."""
import calendar, datetime, glob, http.server, json, os, re, subprocess, sys, tarfile, threading, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
version = os.environ.get('FEEDPARSER_VERSION', '6.0.11')
binary = os.environ.get('FEEDSIFT', os.path.join(root, '.build', 'release', 'feedsift'))
cache = os.path.join(root, 'bench', 'out', 'conformance')
only = os.environ.get('ONLY', '')


def suite():
    """The tests/ folder of feedparser's sdist, downloaded and unpacked once."""
    tests = os.path.join(cache, 'feedparser-%s' % version, 'tests')
    if os.path.isdir(tests):
        return tests
    os.makedirs(cache, exist_ok=True)
    tarball = os.path.join(cache, 'feedparser-%s.tar.gz' % version)
    if not os.path.exists(tarball):
        pip = [sys.executable, '-m', 'pip']
        venv_pip = os.path.join(root, 'bench', 'out', 'venv', 'bin', 'pip')
        if os.path.exists(venv_pip):
            pip = [venv_pip]
        subprocess.run(pip + ['download', '-q', '--no-deps', '--no-binary', ':all:', '-d', cache,
                              'feedparser==%s' % version], check=True)
    with tarfile.open(tarball) as t:
        t.extractall(cache, members=[m for m in t.getmembers() if '/tests/' in m.name])
    return tests


desc_re = re.compile(rb"Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->")
skip_re = re.compile(rb"SkipUnless:\s*(.*?)\n")
header_re = re.compile(rb"^Header:\s+([^:]+):(.+)$", re.MULTILINE)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the test files with the `Header:` lines they hold, as feedparser's runner does."""
    def send_head(self):
        path = self.translate_path(self.path)
        try:
            blob = open(path, 'rb').read()
        except OSError:
            self.send_error(404)
            return None
        headers = {k.decode().strip(): v.decode().strip() for k, v in header_re.findall(blob)}
        self.send_response(200)
        headers.setdefault('Content-type', 'application/xml')
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(blob)))
        self.end_headers()
        import io
        return io.BytesIO(blob)

    def log_message(self, *args):
        pass


# ---- feedsift's JSON as feedparser's dictionary ----

class FPDict(dict):
    """feedparser's FeedParserDict: a dict with its aliases, read either way."""
    aliases = {
        'description': 'summary', 'description_detail': 'summary_detail',
        'tagline': 'subtitle', 'tagline_detail': 'subtitle_detail',
        'copyright': 'rights', 'copyright_detail': 'rights_detail',
        'url': 'href', 'modified': 'updated', 'modified_parsed': 'updated_parsed',
        'issued': 'published', 'issued_parsed': 'published_parsed',
        'date': 'updated', 'date_parsed': 'updated_parsed', 'guid': 'id',
        'channel': 'feed', 'items': 'entries',
    }

    def __getitem__(self, key):
        if key == 'category':
            return dict.__getitem__(self, 'tags')[0]['term']
        if key == 'enclosures' and not dict.__contains__(self, 'enclosures'):
            return [l for l in dict.get(self, 'links', []) if l.get('rel') == 'enclosure']
        if key == 'license':
            return [l['href'] for l in dict.get(self, 'links', []) if l.get('rel') == 'license'][0]
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if key in self.aliases and dict.__contains__(self, self.aliases[key]):
            return dict.__getitem__(self, self.aliases[key])
        raise KeyError(key)

    def __contains__(self, key):
        try:
            self[key]
            return True
        except (KeyError, IndexError):
            return False

    has_key = __contains__

    def get(self, key, default=None):
        try:
            return self[key]
        except (KeyError, IndexError):
            return default

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key)


def parsed_time(rfc3339):
    """feedparser's *_parsed: a UTC time tuple (struct_time compares equal to a tuple)."""
    s = rfc3339.replace('Z', '+00:00')
    try:
        d = datetime.datetime.fromisoformat(s)
    except ValueError:
        return None
    return time.gmtime(calendar.timegm(d.utctimetuple()))


def person(p):
    d = FPDict()
    for k in ('name', 'email'):
        if k in p:
            d[k] = p[k]
    if 'uri' in p:
        d['href'] = p['uri']
    return d


def link(l):
    d = FPDict(l)
    if 'length' in d:
        d['length'] = str(d['length'])
    return d


def common(src, out):
    """Fields the feed and its items share."""
    for k in ('title', 'id', 'link', 'language', 'rights', 'comments'):
        if k in src:
            out[k] = src[k]
    if 'subtitle' in src:
        out['subtitle'] = src['subtitle']
    for k in ('updated', 'published'):
        if k in src:
            out[k] = src[k]
            out[k + '_parsed'] = parsed_time(src[k])
    if src.get('authors'):
        out['authors'] = [person(p) for p in src['authors']]
        out['author_detail'] = out['authors'][0]
        a = out['authors'][0]
        if 'name' in a and 'email' in a:
            out['author'] = '%s (%s)' % (a['name'], a['email'])
        elif 'name' in a or 'email' in a:
            out['author'] = a.get('name') or a.get('email')
    if 'contributors' in src:
        out['contributors'] = [person(p) for p in src['contributors']]
    if 'categories' in src:
        out['tags'] = [FPDict(c) for c in src['categories']]
    if 'links' in src:
        out['links'] = [link(l) for l in src['links']]
    return out


def as_feedparser(j):
    feed = common(j.get('feed', {}), FPDict())
    f = j.get('feed', {})
    if 'generator' in f:
        g = f['generator']
        feed['generator_detail'] = FPDict({k if k != 'uri' else 'href': v for k, v in g.items()})
        if 'name' in g:
            feed['generator'] = g['name']
    if 'image' in f:
        im = FPDict({k if k != 'url' else 'href': v for k, v in f['image'].items()})
        feed['image'] = im
    for k in ('icon', 'logo'):
        if k in f:
            feed[k] = f[k]
    if 'ttl' in f:
        feed['ttl'] = str(f['ttl'])
    entries = []
    for it in j.get('items', []):
        e = common(it, FPDict())
        if 'summary' in it:
            e['summary'] = it['summary']
        if 'content' in it:
            e['content'] = [FPDict(c) for c in it['content']]
            if 'summary' not in it:  # feedparser copies the content into an absent summary
                e['summary'] = it['content'][0]['value']
        if 'enclosures' in it:
            e['enclosures'] = [FPDict({('href' if k == 'url' else k): (str(v) if k == 'length' else v)
                                       for k, v in x.items()}) for x in it['enclosures']]
        if 'source' in it:
            s = it['source']
            src = common(s, FPDict())
            if 'url' in s:
                src['href'] = s['url']
            e['source'] = src
        entries.append(e)
    return FPDict(bozo=1 if j.get('bozo') else 0, bozo_exception=j.get('bozoMessage'),
                  encoding=j.get('encoding'), version=j.get('format', ''), feed=feed, entries=entries)


def main():
    if not os.access(binary, os.X_OK):
        sys.exit('conformance: %s not built (make release)' % binary)
    tests = suite()
    files = []
    for pattern in ('wellformed/**/*.xml', 'illformed/*.xml', 'illformed/**/*.xml', 'encoding/*.xml', 'entities/*.xml'):
        files += glob.glob(os.path.join(tests, pattern), recursive=True)
    files = sorted(set(f for f in files if only in f))
    cases = []
    for f in files:
        data = open(f, 'rb').read()
        m = desc_re.search(data)
        if not m:
            continue
        skip = skip_re.search(data)
        if skip:
            try:
                if not eval(skip.group(1).strip()):
                    continue
            except Exception:
                continue
        cases.append((f, m.group(2).strip().decode('utf-8')))

    # The http ones through a local server, so that their headers count.
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), lambda *a: Handler(*a, directory=tests))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = 'http://127.0.0.1:%d/' % server.server_address[1]
    sources = [base + os.path.relpath(f, tests) if 'http' in os.path.relpath(f, tests) else f for f, _ in cases]
    results = {}
    for k in range(0, len(sources), 200):
        batch = sources[k:k + 200]
        out = subprocess.run([binary, 'parse', '--json'] + batch, capture_output=True, timeout=600)
        lines = [l for l in out.stdout.decode('utf-8').split('\n') if l]
        for src, line in zip(batch, lines):
            results[src] = json.loads(line)
    server.shutdown()

    tally, failures = {}, []
    for (f, expect), src in zip(cases, sources):
        folder = os.path.relpath(f, tests).split(os.sep)
        folder = '/'.join(folder[:2]) if folder[0] == 'wellformed' else folder[0]
        t = tally.setdefault(folder, [0, 0, 0])
        j = results.get(src, {'error': 'no output'})
        env = as_feedparser(j) if 'error' not in j else FPDict(bozo=1, feed=FPDict(), entries=[], encoding='', version='')
        try:
            ok = bool(eval(expect, {}, env))
            kind = 0 if ok else 1
        except (KeyError, AttributeError, NameError):
            kind, ok = 2, False
        except Exception:
            kind, ok = 1, False
        t[kind] += 1
        if kind == 1:
            failures.append((os.path.relpath(f, tests), expect, j))
    total = [sum(t[i] for t in tally.values()) for i in range(3)]
    print('feedparser %s test suite, %d conditions: feedsift parse --json' % (version, sum(total)))
    print('%-28s %7s %7s %13s' % ('folder', 'passed', 'failed', 'not modelled'))
    for folder in sorted(tally):
        p, fl, n = tally[folder]
        print('%-28s %7d %7d %13d' % (folder, p, fl, n))
    print('%-28s %7d %7d %13d' % ('all', *total))
    print('pass rate over the conditions feedsift models: %.1f%% (%d of %d); over all: %.1f%%'
          % (100.0 * total[0] / max(1, total[0] + total[1]), total[0], total[0] + total[1],
             100.0 * total[0] / max(1, sum(total))))
    if os.environ.get('FAILS'):
        for path, expect, j in failures:
            print('\nFAIL %s\n  expect: %s\n  got:    %s' % (path, expect, json.dumps(j, ensure_ascii=False)[:600]))


if __name__ == '__main__':
    main()
