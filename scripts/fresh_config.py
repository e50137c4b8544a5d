#!/usr/bin/env python3
"""fresh_config.py CONFIG FOLDER: writes FOLDER/feeds.conf, CONFIG with its state in FOLDER/state
(a fresh one) and its other relative paths (seeds) made absolute against CONFIG's folder, and
prints its path. `classify` weighs words by the state's background when there is one (as the
daemon does), so an evaluation or a benchmark of the shipped configuration runs on a fresh state:
its figures must not depend on what the repository's own `.feedsift` has read."""
import os, re, sys

config, folder = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
base = os.path.dirname(config)
out = []
for line in open(config, encoding='utf-8'):
    m = re.match(r'^(\s*)(state|seeds)(\s*=\s*)(\S+)(.*)$', line.rstrip('\n'))
    if m:
        indent, key, eq, value, rest = m.groups()
        value = os.path.join(folder, 'state') if key == 'state' else os.path.join(base, value.strip('"'))
        line = '%s%s%s"%s"%s\n' % (indent, key, eq, value, rest)
    out.append(line)
os.makedirs(folder, exist_ok=True)
path = os.path.join(folder, 'feeds.conf')
open(path, 'w', encoding='utf-8').write(''.join(out))
print(path)
