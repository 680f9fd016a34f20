// Embedding (docs/embedding.md): the tutorial pages' Run buttons, several playgrounds on one page,
// the JavaScript API, the message protocol's origin rules, "Open in kubeplay", and an embed's
// isolation from the full page's saved session. Pages other than the shipped tutorials are served
// by `page.route` on the server's origin (or on another origin), loading the real embed.js.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, STEP_TIMEOUT, assertNoProblems, launch, newPage, run, waitForOutput } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const POD_IP = /^10\.244\.\d{1,3}\.\d{1,3}$/;
const GET_IP = "kubectl get pod -l app=sleep-2 --output jsonpath='{.items[0].status.podIP}'";
/** The chapter 3.1 exercise, in the order the tutorial pages have it, one run block each. */
const EXERCISE = [
  'kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml',
  'kubectl wait --for=condition=Ready pod -l app=sleep-2',
  GET_IP,
  `kubectl exec deploy/sleep-1 -- ping -c 2 $(${GET_IP})`,
  'kubectl apply -f sleep/sleep2-service.yaml',
  'kubectl get svc sleep-2',
  'kubectl exec deploy/sleep-1 -- ping -c 1 sleep-2',
];

const tutorial = (lang) => new URL(`tutorial/ch03-3.1.${lang}.html`, BASE_URL).href;
const EMBED_JS = new URL('embed.js', BASE_URL).href;
/** The same server under another name, so another origin (for pages routed there, and real ones). */
const OTHER = (() => {
  const u = new URL(BASE_URL);
  u.hostname = u.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return u.origin;
})();

/** A new context and page; runs `body`, fails on any problem of its pages, always closes it. */
async function withPage(body) {
  const { context, page, problems } = await newPage(browser);
  try {
    await body(page, context);
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
}

/** Serves `html` at `url` for this page (same origin as the server, or another). */
async function serve(page, url, html) {
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
}

/** The Frame of a playground's iframe, once its embed reported kubeplay:ready and its console shows. */
async function playground(page, id) {
  const iframe = await page.waitForSelector(`[id="${id}"] > iframe[title^="kubeplay"]`);
  await page.waitForFunction((id) => window.kubeplay?.get(id), id);
  const ready = await page.evaluate(
    ({ id, timeout }) => Promise.race([window.kubeplay.get(id).ready.then(() => true), new Promise((r) => setTimeout(r, timeout, false))]),
    { id, timeout: STEP_TIMEOUT },
  );
  assert.ok(ready, `playground ${id} sent kubeplay:ready within ${STEP_TIMEOUT} ms`);
  const frame = await iframe.contentFrame();
  await frame.getByRole('textbox', { name: 'Console', exact: true }).waitFor({ state: 'visible' });
  return frame;
}

/** The console log's lines in a frame. */
const logOf = (frame) => frame.evaluate(() => [...document.querySelectorAll('[role="log"] .line')].map((e) => e.textContent));

/**
 * Clicks the Run button of `pre` (a locator), waits for the block's data-status to settle, checks
 * it, and returns the playground console's output after `command` (default: the block's text, a
 * single command).
 */
async function clickRun(frame, pre, { command, status = 'done', expect = [], timeout = STEP_TIMEOUT, whileRunning } = {}) {
  command ??= (await pre.textContent()).trim();
  const button = pre.locator('xpath=following-sibling::*[1]');
  assert.equal(await button.evaluate((b) => b.matches('button.kubeplay-run')), true, 'the Run button follows the block');
  await button.click();
  if (whileRunning) await whileRunning(button);
  await pre.page().waitForFunction((el) => ['done', 'failed'].includes(el.dataset.status), await pre.elementHandle(), {
    timeout,
    polling: 100,
  });
  assert.equal(await pre.getAttribute('data-status'), status, `data-status of the block ${command}`);
  assert.equal(await button.isEnabled(), true, 'the button is enabled again');
  return waitForOutput(frame, command, { expect, timeout });
}

/** Runs the seven blocks of a tutorial page in order and checks what the playground printed. */
async function runExercise(t, page) {
  const blocks = page.locator('pre.kubeplay');
  assert.deepEqual((await blocks.allTextContents()).map((s) => s.trim()), EXERCISE, 'the run blocks, in order');
  assert.equal(await page.getByRole('button', { name: 'Run', exact: true }).count(), EXERCISE.length, 'one Run button per block');
  assert.equal(await page.locator('iframe').count(), 1, 'one playground for every block');
  const frame = await playground(page, 'ch03');

  await t.test('apply both Deployments', async () => {
    const out = await clickRun(frame, blocks.nth(0), { expect: [/sleep-1 created/, /sleep-2 created/] });
    assert.deepEqual(out.filter((l) => l.trim()), ['deployment.apps/sleep-1 created', 'deployment.apps/sleep-2 created']);
  });
  await t.test('wait for sleep-2: the block is running, its button disabled, until the Pod is Ready', async () => {
    const out = await clickRun(frame, blocks.nth(1), {
      expect: [/condition met/],
      whileRunning: async (button) => {
        assert.equal(await blocks.nth(1).getAttribute('data-status'), 'running');
        assert.equal(await button.isDisabled(), true, 'disabled while running');
      },
    });
    assert.match(out.join('\n'), /^pod\/sleep-2-[a-z0-9]+-[a-z0-9]+ condition met$/m);
  });
  let ip;
  await t.test("sleep-2's pod IP", async () => {
    const out = await clickRun(frame, blocks.nth(2), { expect: [/10\.244\.\d+\.\d+/] });
    ip = out.join('').trim();
    assert.match(ip, POD_IP);
  });
  await t.test('ping the pod IP from sleep-1', async () => {
    const text = (await clickRun(frame, blocks.nth(3), { expect: [/seq=1/, /packet loss/] })).join('\n');
    assert.match(text, new RegExp(`^PING ${ip.replaceAll('.', '\\.')} `, 'm'));
    assert.match(text, /seq=0/);
    assert.match(text, /seq=1/);
    assert.match(text, /2 packets transmitted, 2 packets received, 0% packet loss/);
  });
  await t.test('create the Service', async () => {
    const out = await clickRun(frame, blocks.nth(4), { expect: [/service\/sleep-2 created/] });
    assert.deepEqual(out.filter((l) => l.trim()), ['service/sleep-2 created']);
  });
  await t.test('kubectl get svc sleep-2', async () => {
    const out = (await clickRun(frame, blocks.nth(5), { expect: [/^sleep-2\s/m] })).filter((l) => l.trim());
    assert.equal(out.length, 2, out.join('\n'));
    assert.match(out[0], /^NAME {6}TYPE {8}CLUSTER-IP {3,}EXTERNAL-IP {3}PORT\(S\) {3}AGE$/);
    assert.match(out[1], /^sleep-2 {3}ClusterIP {3}10\.\d{1,3}\.\d{1,3}\.\d{1,3} +<none> {8}80\/TCP {4}\d+s$/);
  });
  await t.test('ping the Service: 100% packet loss, and the block fails (exit 1)', async () => {
    const out = await clickRun(frame, blocks.nth(6), {
      status: 'failed',
      expect: [/100% packet loss/, /command terminated with exit code 1/],
      timeout: 90_000,
    });
    const text = out.join('\n');
    assert.match(text, /^PING sleep-2 \(10\.\d+\.\d+\.\d+\)/m);
    assert.match(text, /1 packets transmitted, 0 packets received, 100% packet loss/);
    assert.match(text, /^command terminated with exit code 1$/m);
  });
  const statuses = await blocks.evaluateAll((pres) => pres.map((p) => p.dataset.status));
  assert.deepEqual(statuses, ['done', 'done', 'done', 'done', 'done', 'done', 'failed']);
}

for (const [lang, other] of [
  ['en', 'ko'],
  ['ko', 'en'],
]) {
  test(`the ${lang} tutorial page: each Run button runs its block in the one playground`, { timeout: 300_000 }, async (t) => {
    await withPage(async (page) => {
      await page.goto(tutorial(lang), { waitUntil: 'load' });
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      const link = page.locator(`a[hreflang="${other}"]`).first();
      assert.equal(new URL(await link.getAttribute('href'), page.url()).href, tutorial(other), 'links the other language');
      // The iframe's URL: the playground beside embed.js, in embed mode, with the placeholder's settings.
      const src = new URL(await page.locator('#ch03 > iframe').getAttribute('src'));
      assert.equal(src.origin + src.pathname, new URL(BASE_URL).href.replace(/[?#].*$/, ''));
      assert.equal(src.searchParams.get('embed'), '1');
      assert.equal(src.searchParams.get('id'), 'ch03');
      assert.equal(src.searchParams.get('origin'), new URL(BASE_URL).origin);
      assert.equal(src.searchParams.get('panes'), 'console');
      assert.equal(src.searchParams.get('height'), '380');
      assert.equal(src.searchParams.get('theme'), 'dark');
      assert.equal(src.searchParams.has('speed'), false, 'the shipped pages run at the default speed');
      assert.equal(await page.locator('#ch03 > iframe').getAttribute('allow'), 'clipboard-write');
      await runExercise(t, page);
    });
  });
}

const TWO_PLAYGROUNDS = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>two playgrounds</title>
<script src="${EMBED_JS}" defer></script></head>
<body>
<pre class="kubeplay" id="first">kubectl get nodes</pre>
<div class="kubeplay-playground" id="one" data-speed="10" data-seed="7"><p>fallback</p></div>
<pre class="kubeplay" id="apply"># both Deployments

kubectl apply -f sleep/sleep1.yaml
kubectl apply -f sleep/sleep2.yaml</pre>
<div data-kubeplay-playground id="two" data-speed="10" data-seed="7"
     data-theme="light" data-panes="cluster, console,nope" data-height="300"></div>
<pre class="kubeplay" id="list-two">kubectl get deploy</pre>
<pre data-kubeplay data-target="one" id="list-one">$ kubectl get deploy
NAME      READY   UP-TO-DATE   AVAILABLE   AGE
sleep-1   1/1     1            1           10s</pre>
<pre id="fence"><code class="language-kubeplay">$ kubectl get deploy sleep-1
$ kubectl get pods</code></pre>
</body></html>`;

test('two playgrounds on one page each keep their own cluster; blocks find theirs', { timeout: 300_000 }, async () => {
  await withPage(async (page) => {
    const url = new URL('two-playgrounds.html', BASE_URL).href;
    await serve(page, url, TWO_PLAYGROUNDS);
    await page.goto(url, { waitUntil: 'load' });
    const one = await playground(page, 'one');
    const two = await playground(page, 'two');

    // Which block runs where: data-target, else the nearest playground before it, else a new one
    // right after the block's button (the first block has none before it).
    const owners = await page.evaluate(() => {
      const of = (sel) => window.kubeplay.get(document.querySelector(sel))?.id ?? null;
      const made = document.querySelector('#first + button + .kubeplay-playground');
      return {
        ids: window.kubeplay.playgrounds.map((p) => p.id),
        first: of('#first'),
        made: made && window.kubeplay.get(made).id,
        apply: of('#apply'),
        listTwo: of('#list-two'),
        listOne: of('#list-one'),
        fence: of('#fence code'),
        button: of('#apply + button'),
        byIframe: window.kubeplay.get(document.querySelector('#two iframe')).id,
        fallback: document.querySelector('#one').textContent.includes('fallback'),
      };
    });
    assert.deepEqual(owners, {
      ids: ['one', 'two', 'kubeplay-3'],
      first: 'kubeplay-3',
      made: 'kubeplay-3',
      apply: 'one',
      listTwo: 'two',
      listOne: 'one',
      fence: 'two',
      button: 'one',
      byIframe: 'two',
      fallback: false,
    });
    const src = new URL(await page.locator('#two > iframe').getAttribute('src'));
    assert.deepEqual(Object.fromEntries(src.searchParams), {
      embed: '1',
      id: 'two',
      origin: new URL(BASE_URL).origin,
      panes: 'cluster,console',
      theme: 'light',
      height: '300',
      speed: '10',
      seed: '7',
    });
    assert.equal(await page.locator('#two > iframe').getAttribute('height'), '300');

    // scan() is idempotent, and picks up blocks added later.
    const counts = () =>
      page.evaluate(() => [document.querySelectorAll('button.kubeplay-run').length, document.querySelectorAll('iframe').length]);
    assert.deepEqual(await counts(), [5, 3]);
    await page.evaluate(() => {
      window.kubeplay.scan();
      window.kubeplay.scan(document.body);
    });
    assert.deepEqual(await counts(), [5, 3]);
    await page.evaluate(() => {
      const pre = Object.assign(document.createElement('pre'), { id: 'late', className: 'kubeplay' });
      pre.textContent = 'kubectl get namespaces';
      document.body.append(pre);
      window.kubeplay.scan(pre);
      window.kubeplay.scan();
    });
    assert.deepEqual(await counts(), [6, 3]);
    assert.equal(await page.evaluate(() => window.kubeplay.get(document.querySelector('#late')).id), 'two');

    // Comments and empty lines are skipped; both lines run in playground one, in order.
    await clickRun(one, page.locator('#apply'), { command: 'kubectl apply -f sleep/sleep2.yaml', expect: [/sleep-2 created/] });
    assert.ok((await logOf(one)).includes('deployment.apps/sleep-1 created'));
    assert.equal((await logOf(one)).some((l) => l.includes('# both')), false, 'the comment is not sent');

    // Playground two has a cluster of its own.
    const none = await clickRun(two, page.locator('#list-two'), { expect: [/No resources found/] });
    assert.deepEqual(none.filter((l) => l.trim()), ['No resources found in default namespace.']);
    const listed = await clickRun(one, page.locator('#list-one'), { command: 'kubectl get deploy', expect: [/^sleep-1\s/m, /^sleep-2\s/m] });
    assert.match(listed[0], /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    assert.equal((await logOf(one)).filter((l) => l.startsWith('$ ')).length, 3, 'only the `$ ` line of #list-one ran');

    // The first failing line stops the block.
    const failed = await clickRun(two, page.locator('#fence'), { command: 'kubectl get deploy sleep-1', status: 'failed', expect: [/NotFound/] });
    assert.match(failed.join('\n'), /^Error from server \(NotFound\): deployments\.apps "sleep-1" not found$/m);
    assert.equal((await logOf(two)).includes('$ kubectl get pods'), false, 'the line after the failure is not sent');

    // The block without a playground before it runs in the one made for it.
    const made = await (await page.waitForSelector('#kubeplay-3 > iframe')).contentFrame();
    await clickRun(made, page.locator('#first'), { expect: [/kubeplay-control-plane/] });
    await clickRun(two, page.locator('#late'), { expect: [/^default\s+Active/m] });

    // interrupt(): Ctrl-C ends the running line with status 130.
    const status = await page.evaluate(async () => {
      const pg = window.kubeplay.get('one');
      await pg.run('kubectl wait --for=condition=Ready pod -l app=sleep-1');
      const running = pg.run('kubectl exec deploy/sleep-1 -- sleep 600');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      pg.interrupt();
      return (await running).status;
    });
    assert.equal(status, 130);
  });
});

test('embed.js added after the page loaded, from elsewhere, with data-kubeplay-base; loading it twice is harmless', { timeout: 180_000 }, async () => {
  await withPage(async (page) => {
    // A blog on the same host that serves its own copy of embed.js and names the playground.
    const blog = new URL('/blog/late.html', BASE_URL).href;
    const script = new URL('/blog/js/embed.js', BASE_URL).href;
    const body = await (await fetch(EMBED_JS)).text();
    await page.route(script, (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body }));
    await serve(page, blog, '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>late</title></head><body>' +
      '<div class="kubeplay-playground" id="late" data-speed="10"></div><pre class="kubeplay">kubectl get nodes</pre></body></html>');
    await page.goto(blog, { waitUntil: 'load' });
    const add = (base) =>
      page.evaluate(
        ({ src, base }) =>
          new Promise((resolve, reject) => {
            const s = Object.assign(document.createElement('script'), { src, onload: resolve, onerror: reject });
            s.dataset.kubeplayBase = base;
            document.body.append(s);
          }),
        { src: script, base },
      );
    await add(new URL(BASE_URL).pathname);
    assert.equal(await page.evaluate(() => window.kubeplay.base), new URL(BASE_URL).href);
    const frame = await playground(page, 'late');
    assert.ok((await page.locator('#late > iframe').getAttribute('src')).startsWith(`${new URL(BASE_URL).href}?embed=1&`));
    await add('/nowhere/');
    assert.equal(await page.evaluate(() => window.kubeplay.base), new URL(BASE_URL).href, 'the first copy owns the page');
    assert.equal(await page.locator('button.kubeplay-run').count(), 1);
    assert.equal(await page.locator('iframe').count(), 1);
    await clickRun(frame, page.locator('pre.kubeplay'), { expect: [/kubeplay-control-plane/] });
  });
});

test('the JavaScript API: run() resolves with status and output; done fires, id null for typed lines', { timeout: 180_000 }, async () => {
  await withPage(async (page) => {
    await page.goto(tutorial('en'), { waitUntil: 'load' });
    const frame = await playground(page, 'ch03');
    const r = await page.evaluate(async () => {
      const pg = window.kubeplay.get('ch03');
      window.events = [];
      pg.on('done', (e) => window.events.push({ type: 'done', ...e }));
      pg.on('output', (e) => window.events.push({ type: 'output', ...e }));
      const result = await pg.run('kubectl get nodes');
      const bad = await pg.run('kubectl get nodes\nkubectl get pods').then(
        () => 'resolved',
        (e) => e.name,
      );
      return {
        result,
        bad,
        events: window.events,
        same: [window.kubeplay.get(pg.iframe), window.kubeplay.get(document.getElementById('ch03'))].every((p) => p === pg),
        count: window.kubeplay.playgrounds.length,
      };
    });
    assert.equal(r.result.status, 0);
    assert.match(r.result.output, /^kubeplay-control-plane\s+Ready\s+control-plane/m);
    assert.equal(r.bad, 'TypeError', 'a line break is refused before anything is sent');
    assert.equal(r.same, true);
    assert.equal(r.count, 1);
    const done = r.events.filter((e) => e.type === 'done');
    assert.equal(done.length, 1, JSON.stringify(done));
    assert.equal(done[0].command, 'kubectl get nodes');
    assert.equal(done[0].status, 0);
    assert.equal(done[0].output, r.result.output);
    assert.notEqual(done[0].id, null, 'a request has an id');
    const chunks = r.events.filter((e) => e.type === 'output' && e.id === done[0].id).map((e) => e.text);
    assert.equal(chunks.join(''), r.result.output, 'the output chunks add up to the output');
    assert.ok((await logOf(frame)).includes('$ kubectl get nodes'), 'the request is typed visibly');

    // A line the learner types into the embed's console is reported too, with id null.
    await run(frame, 'kubectl get namespaces', { expect: [/^default\s+Active/m] });
    const typed = await page.waitForFunction(() => window.events.find((e) => e.type === 'done' && e.command === 'kubectl get namespaces'));
    const event = await typed.jsonValue();
    assert.equal(event.id, null);
    assert.equal(event.status, 0);
    assert.match(event.output, /^kube-system\s+Active/m);
  });
});

test('messages from another window or of the wrong shape are ignored', { timeout: 180_000 }, async () => {
  await withPage(async (page) => {
    // Two other windows: a frame of another origin, and one of the page's own origin (the
    // playground's too, here), both siblings of the embed.
    const empty = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>frame</title></head><body></body></html>';
    const strangers = { elsewhere: `${OTHER}/elsewhere.html`, sibling: new URL('sibling.html', BASE_URL).href };
    for (const url of Object.values(strangers)) await serve(page, url, empty);
    await page.goto(tutorial('en'), { waitUntil: 'load' });
    const frame = await playground(page, 'ch03');
    await page.evaluate(() => {
      const pg = window.kubeplay.get('ch03');
      window.events = [];
      for (const type of ['ready', 'output', 'done', 'error']) pg.on(type, (e) => window.events.push({ type, ...e }));
    });
    for (const [title, src] of Object.entries(strangers)) {
      await page.evaluate(
        ({ title, src }) =>
          new Promise((resolve) => document.body.append(Object.assign(document.createElement('iframe'), { src, title, onload: resolve }))),
        { title, src },
      );
      const stranger = await (await page.waitForSelector(`iframe[title="${title}"]`)).contentFrame();
      assert.equal(stranger.url(), src);
      // It drives the embed (frames[0] of the page) and forges the embed's replies to the page.
      await stranger.evaluate(() => {
        const embed = window.parent.frames[0];
        embed.postMessage({ type: 'kubeplay:run', id: 1, command: 'kubectl get nodes' }, '*');
        embed.postMessage({ type: 'kubeplay:session', id: 2 }, '*');
        const forged = { embed: 'ch03', id: 1, command: 'forged', status: 0, output: 'forged', text: 'forged', message: 'forged' };
        for (const type of ['ready', 'output', 'done', 'error']) window.parent.postMessage({ ...forged, type: `kubeplay:${type}` }, '*');
      });
    }
    // The page itself (the embed's parent, the right origin) sends messages of the wrong shape.
    await page.evaluate(() => {
      const { iframe, origin } = window.kubeplay.get('ch03');
      const post = (m) => iframe.contentWindow.postMessage(m, origin);
      post('kubeplay:run kubectl get nodes');
      post(['kubeplay:run', 3, 'kubectl get nodes']);
      post({ type: 'run', id: 4, command: 'kubectl get nodes' });
      post({ type: 'kubeplay:run', id: 5, command: 'kubectl get nodes\nkubectl get pods' });
      post({ type: 'kubeplay:run', id: 6, command: ['kubectl get nodes'] });
      post({ type: 'kubeplay:run', id: 7, command: `kubectl get nodes ${'x'.repeat(10_000)}` });
      post({ type: 'kubeplay:run', id: { x: 1 }, command: 'kubectl get nodes' });
    });
    // A well-formed request after all of them: once it is done, the others have been handled.
    const r = await page.evaluate(() => window.kubeplay.get('ch03').run('kubectl get namespaces'));
    assert.equal(r.status, 0);
    await page.waitForFunction(() => window.events.filter((e) => e.type === 'error').length >= 4, null, { timeout: 10_000 });
    await page.waitForTimeout(1000);
    const log = await logOf(frame);
    assert.ok(log.includes('$ kubectl get namespaces'));
    const ran = log.filter((l) => l.startsWith('$ kubectl get nodes') || l.startsWith('$ kubectl get pods'));
    assert.deepEqual(ran, [], `nothing else ran:\n${log.join('\n')}`);
    const events = await page.evaluate(() => window.events);
    assert.deepEqual(events.filter((e) => e.type === 'ready').length, 1, 'the real ready only');
    assert.deepEqual(events.filter((e) => e.type === 'done').map((e) => e.command), ['kubectl get namespaces'], 'no forged done');
    assert.equal(events.some((e) => e.text === 'forged' || e.message === 'forged'), false, 'no forged output or error');
    // The malformed requests from the parent are refused with kubeplay:error (id echoed if usable).
    const errors = events.filter((e) => e.type === 'error').map((e) => e.id);
    assert.deepEqual([...errors].sort(), [5, 6, 7, null].sort(), JSON.stringify(events.filter((e) => e.type === 'error')));
  });
});

test('a plain iframe: any parent may drive it, replies go to the requester, origin= limits who may', { timeout: 180_000 }, async () => {
  await withPage(async (page) => {
    // A page of another origin (the English tutorial, from the same server under another name:
    // a real response, so Chromium's local network checks let it frame the server) frames two
    // embeds directly: one without origin=, one that allows only the server's own origin.
    const embedOrigin = new URL(BASE_URL).origin;
    const plain = new URL(BASE_URL);
    plain.search = new URLSearchParams([['embed', '1'], ['id', 'plain'], ['speed', '10'], ['cmd', 'kubectl get nodes']]).toString();
    const locked = new URL(BASE_URL);
    locked.search = new URLSearchParams({ embed: '1', id: 'locked', origin: embedOrigin }).toString();
    const host = new URL(tutorial('en'));
    host.hostname = new URL(OTHER).hostname;
    await page.goto(host.href, { waitUntil: 'load' });
    await page.evaluate(
      ({ plain, locked }) => {
        window.got = [];
        const frames = {};
        addEventListener('message', (e) => {
          const from = Object.keys(frames).find((k) => frames[k].contentWindow === e.source) || '?';
          window.got.push({ from, origin: e.origin, data: e.data });
        });
        for (const [title, src] of Object.entries({ plain, locked })) {
          frames[title] = Object.assign(document.createElement('iframe'), { title, src, width: 600, height: 300 });
          document.body.append(frames[title]);
        }
      },
      { plain: plain.href, locked: locked.href },
    );
    const ready = await page.waitForFunction(() => window.got.find((m) => m.from === 'plain' && m.data?.type === 'kubeplay:ready'));
    assert.deepEqual((await ready.jsonValue()).data, { type: 'kubeplay:ready', embed: 'plain' });
    const plainFrame = await (await page.waitForSelector('iframe[title="plain"]')).contentFrame();
    const lockedFrame = await (await page.waitForSelector('iframe[title="locked"]')).contentFrame();
    // The cmd line ran on load, and its output went nowhere (no origin= given).
    await waitForOutput(plainFrame, 'kubectl get nodes', { expect: [/kubeplay-control-plane/] });
    await lockedFrame.getByRole('textbox', { name: 'Console', exact: true }).waitFor();

    await page.evaluate((origin) => {
      const post = (title, message) => document.querySelector(`iframe[title="${title}"]`).contentWindow.postMessage(message, origin);
      post('plain', { type: 'kubeplay:run', id: 'a', command: 'kubectl get namespaces' });
      post('locked', { type: 'kubeplay:run', id: 'b', command: 'kubectl version' });
    }, embedOrigin);
    const done = await page.waitForFunction(() => window.got.find((m) => m.from !== '?' && m.data?.type === 'kubeplay:done'));
    const { from, origin, data } = await done.jsonValue();
    assert.equal(from, 'plain');
    assert.equal(origin, embedOrigin);
    assert.equal(data.embed, 'plain');
    assert.equal(data.id, 'a');
    assert.equal(data.command, 'kubectl get namespaces');
    assert.equal(data.status, 0);
    assert.match(data.output, /^default\s+Active/m);
    // The locked embed ignored the request from an origin it does not name: type a line there
    // after it; once that is done, the request would have run before it.
    await run(lockedFrame, 'kubectl get nodes', { expect: [/kubeplay-control-plane/] });
    await page.waitForTimeout(500);
    assert.equal((await logOf(lockedFrame)).includes('$ kubectl version'), false, 'the locked embed ignored the request');
    const got = (await page.evaluate(() => window.got)).filter((m) => m.from !== '?'); // not the page's own playground
    assert.deepEqual(got.filter((m) => m.from === 'locked'), [], 'the locked embed sent nothing to this origin');
    const plainTypes = got.filter((m) => m.from === 'plain').map((m) => [m.data.type, m.data.id]);
    const unasked = plainTypes.filter(([type, id]) => type !== 'kubeplay:ready' && id !== 'a');
    assert.deepEqual(unasked, [], 'only the replies to the request (the cmd line was not reported)');
  });
});

test('"Open in kubeplay" opens the full page with the embed\'s session', { timeout: 180_000 }, async () => {
  await withPage(async (page, context) => {
    await page.goto(tutorial('en'), { waitUntil: 'load' });
    const frame = await playground(page, 'ch03');
    const link = frame.getByRole('link', { name: 'Open in kubeplay' });
    await link.waitFor({ state: 'visible' });
    await clickRun(frame, page.locator('pre.kubeplay').first(), { expect: [/sleep-2 created/] });

    const session = await page.evaluate(() => window.kubeplay.get('ch03').session());
    assert.match(session, /#s=./);
    assert.equal(new URL(session).searchParams.get('embed'), null, 'the full page, not the embed');

    const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await popup.waitForLoadState('load');
    const out0 = await waitForOutput(popup, EXERCISE[0], { expect: [/deployment\.apps\/sleep-1 created/] });
    assert.ok(out0.includes('deployment.apps/sleep-2 created'), out0.join('\n'));
    // Opened, the link leaves the address (a reload restores the saved session instead).
    const url = new URL(popup.url());
    assert.equal(url.hash, '', 'the opened fragment is dropped from the address');
    const page0 = new URL(BASE_URL).href.replace(/[?#].*$/, '');
    assert.ok([page0, `${page0}index.html`].includes(url.origin + url.pathname), `the playground's page: ${url.href}`);
    assert.equal(url.searchParams.get('embed'), null);
    await popup.reload({ waitUntil: 'load' });
    const out = await waitForOutput(popup, EXERCISE[0], { expect: [/deployment\.apps\/sleep-1 created/] });
    assert.ok(out.includes('deployment.apps/sleep-2 created'), `after a reload: ${out.join('\n')}`);
    await popup.close();
  });
});

test("an embed neither reads nor writes the full page's saved session", { timeout: 180_000 }, async () => {
  await withPage(async (page) => {
    // The learner's own work in the full page: a file of their own, saved in this browser.
    await page.goto(BASE_URL, { waitUntil: 'load' });
    await page.getByRole('textbox', { name: 'Console', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'File name' }).fill('mine/marker.yaml');
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByRole('tab', { name: 'mine/marker.yaml', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Editor' }).fill('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: marker\n');
    await run(page, 'kubectl apply -f mine/marker.yaml', { expect: [/namespace\/marker created/] });

    const url = new URL('two-playgrounds.html', BASE_URL).href;
    await serve(page, url, TWO_PLAYGROUNDS);
    await page.goto(url, { waitUntil: 'load' });
    const saved = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
    const one = await playground(page, 'one');
    await run(one, 'kubectl apply -f mine/marker.yaml', { expect: [/does not exist/] });
    await run(one, 'kubectl get namespace marker', { expect: [/NotFound/] });
    await clickRun(one, page.locator('#apply'), { command: 'kubectl apply -f sleep/sleep2.yaml', expect: [/sleep-2 created/] });
    assert.equal(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort())), saved, 'storage unchanged');
  });
});
