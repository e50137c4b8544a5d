#!/usr/bin/env python3
"""Re-checks the expectations of Tests/FeedParseTests/PlainTextTests.swift against Python.

- Every `assertDecodes("input", "expected")` must equal `html.unescape(input)` (Python's
  implementation of HTML5's character reference rules for text).
- Every `assertDecodes(..., inAttribute: true)` and every `assertPlain("html", "expected")` is checked
  against html5lib's HTML5 tokenizer when html5lib is installed (`pip install html5lib`), and skipped
  otherwise. An `assertPlain` line ending in `// not HTML5: ...` is a documented deviation and is
  only reported, not checked. The html5lib reading of `assertPlain` drops tags, comments and the
  content of <script>/<style>, counts block-level tags and <br> as word breaks (as
  `PlainText.wordBreakingElements`), and collapses HTML white space.
- Sources/FeedParse/Text/HTMLEntities.swift must hold exactly `html.entities.html5`.

Run from the package root:  python3 scripts/check_plaintext.py   (exit status 1 on any failure)
"""
import html
import os
import re
import sys
from html.entities import html5

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TESTS = os.path.join(ROOT, "Tests", "FeedParseTests", "PlainTextTests.swift")
TABLE = os.path.join(ROOT, "Sources", "FeedParse", "Text", "HTMLEntities.swift")
PLAIN = os.path.join(ROOT, "Sources", "FeedParse", "Text", "PlainText.swift")

SWIFT_STRING = r'"((?:[^"\\]|\\.)*)"'
CALL = re.compile(r'^\s*(assertDecodes|assertPlain)\(' + SWIFT_STRING + r',\s*' + SWIFT_STRING
                  + r'(,\s*inAttribute:\s*true)?\)\s*(//.*)?$')


def swift_unescape(s):
    """The value of the body of a plain Swift string literal."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c); i += 1; continue
        e = s[i + 1]
        if e == "u":
            end = s.index("}", i)
            out.append(chr(int(s[i + 3:end], 16))); i = end + 1; continue
        out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}[e]); i += 2
    return "".join(out)


def word_breaking_elements():
    src = open(PLAIN, encoding="utf-8").read()
    block = src[src.index("static let wordBreakingElements"):]
    block = block[block.index("= [") + 3:]
    block = block[:block.index("]")]
    return set(re.findall(r'"([a-z0-9]+)"', block))


def html5lib_tools():
    try:
        from html5lib._tokenizer import HTMLTokenizer
        from html5lib.constants import tokenTypes
    except ImportError:
        return None
    return HTMLTokenizer, tokenTypes


def attribute_value(tools, value):
    HTMLTokenizer, tokenTypes = tools
    for tok in HTMLTokenizer('<a x="' + value.replace('"', "&quot;") + '">'):
        if tok["type"] == tokenTypes["StartTag"]:
            data = tok["data"]
            if isinstance(data, dict):
                return data.get("x", data.get((None, "x")))
            for k, v in data:
                if k == "x":
                    return v
    raise ValueError(value)


def plain_text(tools, source, block):
    HTMLTokenizer, tokenTypes = tools
    t = HTMLTokenizer(source)
    out, skip = [], False
    for tok in t:
        ty = tok["type"]
        if ty in (tokenTypes["Characters"], tokenTypes["SpaceCharacters"]):
            if not skip:
                out.append(tok["data"])
        elif ty == tokenTypes["StartTag"]:
            name = tok["name"]
            if name in ("script", "style"):
                skip = True
                t.state = t.scriptDataState if name == "script" else t.rawtextState
            if name in block:
                out.append(" ")
        elif ty == tokenTypes["EndTag"]:
            if tok["name"] in ("script", "style"):
                skip = False
            if tok["name"] in block:
                out.append(" ")
    return " ".join(w for w in re.split("[ \t\n\r\x0c]+", "".join(out)) if w)


def check_table():
    src = open(TABLE, encoding="utf-8").read()
    body = src[src.index('static let source = """') + len('static let source = """'):]
    body = body[:body.index('"""')]
    table = {}
    for line in body.strip("\n").split("\n"):
        name, hexes = line.split(" ")
        table[name] = "".join(chr(int(h, 16)) for h in hexes.split(","))
    if table != html5:
        missing = set(html5) - set(table)
        wrong = [k for k in table if html5.get(k) != table[k]]
        print(f"FAIL HTMLEntities.swift: {len(missing)} names missing, {len(wrong)} wrong or extra")
        return 1
    print(f"ok   HTMLEntities.swift holds all {len(html5)} names of html.entities.html5")
    return 0


def main():
    failures = check_table()
    tools = html5lib_tools()
    block = word_breaking_elements()
    counts = {"text": 0, "attribute": 0, "plain": 0, "deviation": 0, "skipped": 0}
    lines = open(TESTS, encoding="utf-8").read().split("\n")
    for number, line in enumerate(lines, 1):
        if "assertDecodes(" not in line and "assertPlain(" not in line or "func assert" in line:
            continue
        m = CALL.match(line)
        if not m:
            print(f"FAIL line {number}: cannot read the call (keep it on one line with plain literals): {line.strip()}")
            failures += 1
            continue
        kind, source, expected = m.group(1), swift_unescape(m.group(2)), swift_unescape(m.group(3))
        attribute, comment = m.group(4) is not None, m.group(5) or ""
        if kind == "assertDecodes" and not attribute:
            got, what = html.unescape(source), "html.unescape"
            counts["text"] += 1
        elif tools is None:
            counts["skipped"] += 1
            continue
        elif kind == "assertDecodes":
            got, what = attribute_value(tools, source), "html5lib (attribute)"
            counts["attribute"] += 1
        else:
            got, what = plain_text(tools, source, block), "html5lib"
            if "not HTML5" in comment:
                counts["deviation"] += 1
                print(f"note line {number}: {comment.strip()[2:].strip()}: we say {expected!r}, HTML5 says {got!r}")
                continue
            counts["plain"] += 1
        if got != expected:
            print(f"FAIL line {number}: {kind}({source!r}) expects {expected!r} but {what} gives {got!r}")
            failures += 1
    print(f"checked {counts['text']} decodeEntities cases against html.unescape, {counts['attribute']} attribute"
          f" cases and {counts['plain']} fromHTML cases against html5lib ({counts['deviation']} documented"
          f" deviations, {counts['skipped']} skipped without html5lib)")
    print("OK" if failures == 0 else f"{failures} FAILURES")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
