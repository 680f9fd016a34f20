#!/usr/bin/env python3
"""Rebuilds cases.json: every manifest below, converted by a real kubectl v1.33.9.

    python3 crates/sim/tests/data/yaml/capture.py "$(/work/shared/tools/real-kubectl)"

Each input goes through `kubectl label --local -f FILE kubeplay-probe=1 -o json` (offline);
the probe label is taken out again, a List output becomes its items, and an error keeps the
text after `error converting YAML to JSON: `. Inputs: the YAML file blocks of the transcripts
and of /work/shared/seed, kubectl's own `-o yaml` output in crates/kubectl/tests/data/printers,
the example workspace, and the hand-written tricky cases in TRICKY.
"""
import glob, json, os, re, subprocess, sys, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../../../.."))
K = sys.argv[1]
H = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\n"

def md_files(path):
    text = open(path).read()
    for m in re.finditer(r"^```\S*[^\n]*\bfile=(\S+)[^\n]*\n(.*?)^```", text, re.S | re.M):
        yield m.group(1), m.group(2)

TRICKY = {
    # YAML 1.1 resolution (go-yaml v2)
    "bools": H + "data:\n" + "".join(f"  k{i}: {v}\n" for i, v in enumerate(
        "y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF yEs tRue".split())),
    "nulls": H + "data:\n  a: ~\n  b: null\n  c: Null\n  d: NULL\n  e:\n  f: nUll\n  g: ''\n",
    "ints": H + "data:\n" + "".join(f"  k{i}: {v}\n" for i, v in enumerate(
        "0 -0 +0 12 -12 +12 012 08 0x1F -0x1F 0X1f 0o17 0O17 0b101 -0b11 1_000 1__0 _1 0x_1F 1_ 9223372036854775807 "
        "9223372036854775808 -9223372036854775808 -9223372036854775809 18446744073709551615 18446744073709551616 "
        "123456789012345678901234567890 0x 0o 0b 0xG 1e3 1E3 1e+3 1e-3 1.0 1. .5 +.5 -.5 . 3.14159265358979323846 "
        "1e400 -1e400 1.5e300 0.000001 0.0000001 1e20 1e21 12e 1_000.5 6:30 1:20:30 2001-12-14 2001-12-14T21:59:43.10-05:00 "
        "1.2.3 0.1.2".split())),
    "ints-dash": H + "data:\n  a: -\n",
    "nan": H + "data:\n  a: .nan\n",
    "inf": H + "data:\n  a: .inf\n",
    "neginf": H + "data:\n  a: -.Inf\n",
    "nan-string": H + "data:\n  a: .NaN_\n  b: .iNf\n  c: nan\n  d: inf\n",
    "keys": H + "data:\n  1: a\n  -1: b\n  0x10: c\n  1.5: d\n  3.14159265: e\n  1e6: f\n  100000: g\n  1e-5: h\n  true: i\n  no: j\n  'yes': k\n  2001-12-14: l\n  2.0: m\n",
    "key-null": H + "data:\n  ~: 1\n",
    "key-uint": H + "data:\n  18446744073709551615: 4\n",
    "dup-keys": H + "data:\n  a: 1\n  a: 2\n",
    # quoting
    "single": H + "data:\n  a: 'it''s'\n  b: ''\n  c: 'x # y'\n  d: 'multi\n    line\n\n    para'\n  e: '  lead '\n",
    "double": H + 'data:\n  a: "tab\\there"\n  b: "\\x41\\u00e9\\U0001F600"\n  c: "\\0\\a\\b\\v\\f\\r\\e\\ \\"\\\\\\N\\_\\L\\P"\n'
        '  d: "line\\\n    continued"\n  e: "folded\n    line\n\n    para"\n  f: "a\\nb"\n  h: "trail  \n  next"\n',
    "err-escape-slash": H + 'a: "\\/"\n',
    "escape-tab": H + 'data:\n  g: "\\\t"\n',
    "plain-multiline": H + "data:\n  a: one\n    two\n\n    three\n  b: x#y\n  c: x # comment\n  d: a: b\n" .replace("  d: a: b\n", "  d: a:b\n") + "  e: -x\n  f: ?x\n  g: :x\n  h: http://x/y?z=1#f\n  i: a  b\n",
    "unicode": H + "data:\n  é: ünïcode ✓\n  k: \"日本\"\n  '😀': x\n",
    # block scalars
    "block": H + "data:\n  lit: |\n    a\n     b\n\n    c\n  fold: >\n    a\n    b\n\n    c\n     d\n    e\n  strip: |-\n    x\n\n  keep: |+\n    x\n\n  keepf: >+\n    x\n\n\n  ind: |2\n     x\n    y\n  ind2: |1-\n    z\n  empty: |\n  last: >-\n    end\n",
    "block-eof": H + "data:\n  a: |\n    no newline at end",
    "block-keep-eof": H + "data:\n  a: |+\n    x\n\n",
    "block-comment": H + "data:\n  a: | # comment\n    x\n  b: >\n\n    leading blank\n",
    "block-more-indented": H + "data:\n  a: >\n    one\n      indented\n    two\n\n  b: |\n      deep\n    shallow\n",
    "block-more-indented-ok": H + "data:\n  a: >\n    one\n      indented\n    two\n\n  b: |\n      deep\n      same\n",
    "block-top": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\n  annotations:\n    a: |\n      x\n        y\n",
    # collections
    "flow": H + "data:\n  a: [1, two, 'three', \"four\", {x: 1}, [], {}]\n  b: {x: 1, y: [a, b], 'z': ~, w: }\n  c: [a: 1, b]\n  d: [\n    1,\n    2,\n  ]\n  e: {a: http://x, b: [c:d]}\n  f: { ? k : v }\n",
    "indentless": H + "data:\n  a:\n  - 1\n  - - 2\n    - 3\n  - k: v\n    l: w\n  b:\n    - x\n",
    "err-indentless-dash": H + "data:\n  c: -\n",
    "nested-seq": H + "list:\n- - a\n  - b\n-\n  - c\n- ? x\n  : y\n",
    "explicit-keys": H + "data:\n  ? a\n  : 1\n  ? b\n  ? c\n  : 3\n",
    "empty-values": H + "data:\n  a:\n  b: \n  c: # comment\n  d: []\n",
    "comments": "# head\n" + H.replace("kind: ConfigMap", "kind: ConfigMap # trailing") + "data: # c\n  # inside\n  a: 1 # c\n  b: 'x' # c\n\n# end\n",
    "crlf": H.replace("\n", "\r\n") + "data:\r\n  a: |\r\n    x\r\n    y\r\n  b: \"p\r\n    q\"\r\n",
    "tabs-ok": H + "data:\n  a:\tx\n  b: \"t\tt\"\n  c: [1,\t2]\n",
    "bom": "\ufeff" + H + "data:\n  a: 1\n",
    # anchors, aliases, merge keys, tags
    "anchors": H + "base: &b\n  x: 1\n  y: 2\nlist: &l [1, 2]\ncopy: *b\ncopyl: *l\nscalar: &s hello\nagain: *s\nempty: &e\nempty2: *e\n",
    "merge": H + "b: &x {p: 1, r: 1}\nc:\n  q: 2\n  <<: *x\n  p: 3\nd:\n  p: 3\n  <<: *x\ne:\n  <<: [{p: 1}, {p: 2, q: 2}]\nf:\n  <<: {z: 9}\n  '<<': quoted\n",
    "merge-bad": H + "a: &x 1\nb:\n  <<: *x\n",
    "tags": H + "data:\n  a: !!str 123\n  b: !!int \"42\"\n  c: !!float 1\n  d: !!bool 'yes'\n  e: !foo 12\n  f: ! 12\n  g: !!str\n  h: !<tag:yaml.org,2002:str> 7\n  i: !!null ~\n  j: !!binary aGVsbG8=\n  k: &a !!str 5\n  l: !!str &b 6\n  m: !!timestamp 2001-12-14\n",
    "tag-bad": H + "data:\n  a: !!int abc\n",
    "tag-bad-float": H + "data:\n  a: !!int 1.5\n",
    "doc-end": H + "data:\n  a: 1\n...\nfoo: [\n",
    "multi-doc": H + "---\n" + H.replace("name: t", "name: u") + "---\n# only a comment\n---\n",
    "list-kind": "apiVersion: v1\nkind: List\nitems:\n- " + H.replace("\n", "\n  ").rstrip() + "\n",
    # errors
    "err-flow-eof": H + "data:\n  labels: [\n",
    "err-flow-eof-first": "key: [\n",
    "err-flow-seq": H + "a: [1, 2\nb: 3\n",
    "err-flow-map": H + "a: {b: 1\n",
    "err-flow-q": H + "a: [a?b]\n",
    "err-mapping-values": H + "a: b: c\n",
    "err-mapping-values-flow": H + "x: [a, b]: c\n",
    "err-expected-key": H + "a:\n  b: 1\n c: 2\n",
    "err-expected-key-indent": H + "  - a\n",
    "err-simple-key": H + "a: b\nfoo\nbar: 1\n",
    "err-simple-key-comment": H + "a: b\nfoo # c\nbar: 1\n",
    "err-dash": "- a\nb: c\n",
    "err-block-entry": H + "a: - b\n",
    "err-tab-indent": H + "x: 1\n\tz: 2\n",
    "err-tab-first": "\tx: 1\n",
    "err-tab-block": H + "a: |\n  x\n\t y\n",
    "err-dq-eof": H + "x: \"abc\n",
    "err-sq-eof": H + "x: 'abc\n\n",
    "err-escape": H + 'a: "\\q"\n',
    "err-hex": H + 'a: "\\xZZ"\n',
    "err-at": H + "a: @x\n",
    "err-backtick": H + "a: `x\n",
    "err-percent": H + "x: %x\n",
    "err-anchor": H + "a: *x\n",
    "err-anchor-empty": H + "a: & x\n",
    "err-block-indicator": H + "a: |0\n  x\n",
    "err-block-junk": H + "a: | x\n  y\n",
    "err-bad-indent-seq": H + "data:\n  - a\n   - b\n",
    "err-bad-indent-map": H + "data:\n    a: 1\n  b: 2\n",
    "err-unclosed-map-next": H + "spec:\n  selector: {app: web\n  replicas: 2\n",
    "err-doc-start": H + "data: 1\n%YAML 1.1\n",
    "err-key-in-seq": H + "items:\n- a\n  b: c\n",
    "err-second-line": "a: 1\nb: c: d\n",
    "err-first-line": "a: b: c\n",
    "err-colon-first": "key: value\n: x\n",
    "err-flow-end": H + "a: ]\n",
    "err-question": H + "a:\n  ? b\n  c\n",
    "err-long-key": H + "k" * 1100 + ": v\n",
    "err-doc-indicator-quoted": H + "a: 'x\n---\n'\n",
    "err-tag-handle": H + "a: !x!y 1\n",
    "err-second-doc-bad": H + "---\n" + H + "data: [\n",
}

def corpus():
    for md in sorted(glob.glob(f"{ROOT}/tests/transcripts/*.md") + glob.glob(f"{ROOT}/tests/links/*.md") + glob.glob("/work/shared/seed/*.md")):
        for name, text in md_files(md):
            if name.endswith((".yaml", ".yml")):
                yield f"{os.path.basename(md)[:-3]}/{name}", text
    for y in sorted(glob.glob(f"{ROOT}/crates/kubectl/tests/data/printers/*.yaml")):
        yield f"printers/{os.path.basename(y)}", open(y).read()
    src = open(f"{ROOT}/crates/kubectl/src/workspace.rs").read()
    for name, text in re.findall(r'\(\s*"([^"]+\.yaml)",\s*"((?:[^"\\]|\\.)*)",\s*\)', src):
        yield f"workspace/{name}", json.loads(f'"{text}"')
    for name, text in TRICKY.items():
        yield f"tricky/{name}", text

def run(text):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "in.yaml")
        open(path, "w", newline="").write(text)
        p = subprocess.run([K, "label", "--local", "-f", path, "kubeplay-probe=1", "--show-managed-fields", "-o", "json"], capture_output=True, text=True)
    if p.returncode != 0:
        err = p.stderr.strip()
        marker = "error converting YAML to JSON: "
        if marker not in err:
            return {"other_error": err}
        return {"error": err.split(marker, 1)[1]}
    dec, text, pos, items = json.JSONDecoder(), p.stdout, 0, []
    while text[pos:].strip():
        out, end = dec.raw_decode(text, pos + len(text[pos:]) - len(text[pos:].lstrip()))
        items += out["items"] if out.get("kind") == "List" and "items" in out else [out]
        pos = end
    for it in items:
        labels = it["metadata"]["labels"]
        del labels["kubeplay-probe"]
        if not labels:
            del it["metadata"]["labels"]
    return {"docs": items}

cases = []
for name, text in corpus():
    r = run(text)
    cases.append({"name": name, "input": text, **r})
    print(name, "->", list(r.values())[0] if "docs" not in r else f"{len(r['docs'])} docs", file=sys.stderr)
with open(os.path.join(os.path.dirname(__file__), "cases.json"), "w") as f:
    json.dump({"kubectl": "v1.33.9", "cases": cases}, f, indent=1, ensure_ascii=False)
    f.write("\n")
