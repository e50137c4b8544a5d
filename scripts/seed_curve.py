#!/usr/bin/env python3
"""make seed-curve: does a topic learn from its seeds? (needs ../shared/labelled; not a test)

A fixed test set is held out first (200 positives and half the negatives of allsides_dev);
for n in 10, 100, 500, n positives of the rest become seed documents and n negatives go to
not/, and a topic with seeds only (no rule) is classified by `feedsift classify --json` on the
test set. The same test set for every n, so the figures compare: average precision
(threshold-free) and the best F1 over score thresholds must rise with n. Draws use a fixed
random seed, so runs repeat."""
import json, os, random, shutil, subprocess, sys, tempfile
from xml.sax.saxutils import escape

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
labelled = os.environ.get('LABELLED', os.path.join(root, '..', 'shared', 'labelled'))
binary = os.environ.get('FEEDSIFT', os.path.join(root, '.build', 'release', 'feedsift'))
if not os.path.exists(os.path.join(labelled, 'allsides_dev.jsonl')):
    sys.exit('seed-curve: %s not found (it needs ../shared/labelled)' % labelled)
rows = [json.loads(l) for l in open(os.path.join(labelled, 'allsides_dev.jsonl'), encoding='utf-8')]
split = random.Random(7)
positives = [r for r in rows if r['label'] == 1]
negatives = [r for r in rows if r['label'] == 0]
split.shuffle(positives)
split.shuffle(negatives)
test = positives[:200] + negatives[:len(negatives) // 2]
pos, neg = positives[200:], negatives[len(negatives) // 2:]

def rss(items):
    parts = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>rest</title>']
    for r in items:
        parts.append('<item><guid isPermaLink="false">%s</guid><title>%s</title><description>%s</description></item>'
                     % (escape(r['id']), escape(r['title'] or ''), escape(r['text'] or '')))
    parts.append('</channel></rss>')
    return ''.join(parts)

def curve_point(n):
    rnd = random.Random(20261129)
    seeds, counter = rnd.sample(pos, n), rnd.sample(neg, n)
    rest = test
    tmp = tempfile.mkdtemp(prefix='feedsift-curve-')
    try:
        os.makedirs(os.path.join(tmp, 'seeds', 't', 'not'))
        for k, r in enumerate(seeds):
            open(os.path.join(tmp, 'seeds', 't', '%04d.txt' % k), 'w').write('%s\n\n%s\n' % (r['title'], r['text']))
        for k, r in enumerate(counter):
            open(os.path.join(tmp, 'seeds', 't', 'not', '%04d.txt' % k), 'w').write('%s\n\n%s\n' % (r['title'], r['text']))
        open(os.path.join(tmp, 'feeds.conf'), 'w').write('[topic t]\nseeds = seeds/t\n')
        open(os.path.join(tmp, 'rest.xml'), 'w').write(rss(rest))
        out = subprocess.run([binary, 'classify', '--json', '--config', os.path.join(tmp, 'feeds.conf'),
                              os.path.join(tmp, 'rest.xml')], capture_output=True, text=True, check=True)
    finally:
        shutil.rmtree(tmp)
    label = {r['id']: r['label'] for r in rest}
    scored = sorted(((it['topics'][0].get('score', 0.0), label[it['id']]) for it in json.loads(out.stdout)['items']),
                    reverse=True)
    total = sum(y for _, y in scored)
    hits, ap, best = 0, 0.0, (0.0, 0.0)
    for k, (s, y) in enumerate(scored, 1):
        if y:
            hits += 1
            ap += hits / k
        p, r = hits / k, hits / total
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[0]:
            best = (f1, s)
    return ap / total, best

print('seeds-only topic on allsides_dev, on a held-out test set of %d items (%d positives)' % (len(test), 200))
for n in (10, 100, 500):
    ap, (f1, threshold) = curve_point(n)
    print('  %3d seeds + %3d counter-examples: average precision %.3f, best F1 %.3f (at score %.3f)' % (n, n, ap, f1, threshold))
