"""Writes bench/out/classify/{feeds.conf, texts.txt, union.txt, terms.txt} for bench/classify.sh:
50 topics of 20 terms from the corpus's own words, the items' texts one a line, the terms as grep
patterns, and the terms one a line for the floor (bench/classifyfloor.c): topic, kind (word,
prefix, phrase) and the word or words."""
import collections, json, random, re, subprocess, sys

binary, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
texts, counts = [], collections.Counter()
res = subprocess.run([binary, 'parse', '--json'] + files, capture_output=True, text=True)
for line in res.stdout.split('\n'):
    if not line: continue
    o = json.loads(line)
    for it in o.get('items', []):
        t = ' '.join(x for x in [it.get('title', ''), re.sub('<[^>]*>', ' ', it.get('summary', '') or '')] + [re.sub('<[^>]*>', ' ', c.get('value', '')) for c in it.get('content', [])] if x)
        t = ' '.join(t.split())
        texts.append(t)
        counts.update(w.lower() for w in re.findall(r'[A-Za-z]{4,}', t))
open(out + '/texts.txt', 'w').write('\n'.join(texts) + '\n')
words = [w for w, _ in counts.most_common(3000)[200:]]  # skip the commonest
rnd = random.Random(42)
rnd.shuffle(words)
conf, union, floor = [], [], []
for k in range(50):
    terms = []
    for j in range(20):
        w = words[(k * 20 + j) % len(words)]
        if j % 5 == 0:
            terms.append(w[:5] + '*'); union.append(r'\b' + w[:5]); floor.append('%d prefix %s' % (k, w[:5]))
        elif j % 7 == 0:
            w2 = words[(k * 20 + j + 1000) % len(words)]
            terms.append('"%s %s"' % (w, w2)); union.append(r'\b%s %s\b' % (w, w2)); floor.append('%d phrase %s %s' % (k, w, w2))
        else:
            terms.append(w); union.append(r'\b%s\b' % w); floor.append('%d word %s' % (k, w))
    conf.append('[topic t%02d]\nrule = %s\n' % (k, ' OR '.join(terms)))
open(out + '/feeds.conf', 'w').write('\n'.join(conf))
open(out + '/union.txt', 'w').write('\n'.join(union) + '\n')
open(out + '/terms.txt', 'w').write('\n'.join(floor) + '\n')
