#!/usr/bin/env python3
"""make eval-classify: precision, recall, F1 and average precision of the shipped topic
immigration-policy on ../shared/labelled/allsides_dev.jsonl (needs ../shared; not a test).

Runs `feedsift classify --json` on the same items as RSS (allsides_dev.rss.xml) with the
repository's feeds.conf on a fresh state (scripts/fresh_config.py), then compares each verdict with the label. Average precision ranks the
items by (match, score), matches first.

SPLIT=tune|held|all (default all) keeps half of the items by a stable hash of the id: tune is the
items whose SHA-1 of the id ends in an even hex digit, held the others. Tune rules on the tune half
only (read its errors), and report the held half untouched. SHOW_ERRORS=1 lists the errors."""
import hashlib, json, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
labelled = os.environ.get('LABELLED', os.path.join(root, '..', 'shared', 'labelled'))
binary = os.environ.get('FEEDSIFT', os.path.join(root, '.build', 'release', 'feedsift'))
topic = os.environ.get('TOPIC', 'immigration-policy')
split = os.environ.get('SPLIT', 'all')
if split not in ('tune', 'held', 'all'):
    sys.exit('eval-classify: SPLIT must be tune, held or all, not %r' % split)

def in_split(item_id):
    if split == 'all':
        return True
    even = int(hashlib.sha1(item_id.encode('utf-8')).hexdigest()[-1], 16) % 2 == 0
    return even == (split == 'tune')
if not os.path.exists(os.path.join(labelled, 'allsides_dev.jsonl')):
    sys.exit('eval-classify: %s not found (it needs ../shared/labelled)' % labelled)

labels = {}
for line in open(os.path.join(labelled, 'allsides_dev.jsonl'), encoding='utf-8'):
    o = json.loads(line)
    if in_split(o['id']):
        labels[o['id']] = int(o['label'])

with tempfile.TemporaryDirectory() as tmp:
    config = subprocess.run([sys.executable, os.path.join(root, 'scripts', 'fresh_config.py'), os.path.join(root, 'feeds.conf'), tmp],
                            capture_output=True, text=True, check=True).stdout.strip()
    out = subprocess.run([binary, 'classify', '--json', '--config', config,
                          os.path.join(labelled, 'allsides_dev.rss.xml')], capture_output=True, text=True)
if out.returncode != 0:
    sys.exit('feedsift classify failed (%d): %s' % (out.returncode, out.stderr))
items = json.loads(out.stdout)['items']

rows = []
for it in items:
    if it['id'] not in labels:
        continue
    v = next(t for t in it['topics'] if t['topic'] == topic)
    rows.append((v['match'], v.get('score', 0.0), labels[it['id']], it['id'], it.get('title', '')))
tp = sum(1 for m, _, y, *_ in rows if m and y)
fp = sum(1 for m, _, y, *_ in rows if m and not y)
fn = sum(1 for m, _, y, *_ in rows if not m and y)
p = tp / (tp + fp) if tp + fp else 0.0
r = tp / (tp + fn) if tp + fn else 0.0
f1 = 2 * p * r / (p + r) if p + r else 0.0
ranked = sorted(rows, key=lambda x: (x[0], x[1]), reverse=True)
hits, ap = 0, 0.0
for k, row in enumerate(ranked, 1):
    if row[2]:
        hits += 1
        ap += hits / k
ap /= max(1, sum(labels.values()))
print('topic %s on allsides_dev, split %s (%d items, %d positives)' % (topic, split, len(rows), sum(labels.values())))
print('precision %.3f  recall %.3f  F1 %.3f  average precision %.3f  (tp %d, fp %d, fn %d)' % (p, r, f1, ap, tp, fp, fn))
if os.environ.get('SHOW_ERRORS'):
    print()
    for m, s, y, i, t in rows:
        if m and not y: print('  FP %.3f %s' % (s, t))
    for m, s, y, i, t in rows:
        if not m and y: print('  FN %.3f %s' % (s, t))
