// Sessions in the page: a reload restores everything (scrollback, files, the cluster), Share copies
// a link that restores the same session in another browser, a link never replaces the visitor's
// saved work without asking, a damaged or newer link gives a message, Reset asks first.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, assertNoProblems, consoleInput, launch, openPage, ready, run } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const GET_IP = "kubectl get pod -l app=sleep-2 --output jsonpath='{.items[0].status.podIP}'";

/** Opens the page in a new context, runs `body`, fails on any page error, always closes it. */
async function withPage(options, body) {
  const { context, page, problems } = await openPage(browser, options);
  try {
    await body(page, context);
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
}

const logLines = (page) => page.evaluate(() => [...document.querySelectorAll('[role="log"] .line')].map((e) => e.textContent));

/** Pod rows of the cluster view: [name, ready, status, ip, node]. */
const podRows = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('table[aria-label="Pods"] tbody tr')]
      .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
      .filter((c) => c.length === 5),
  );

/** Waits until both sleep pods show Running in the cluster view; returns the rows. */
async function runningPods(page, n = 2) {
  const h = await page.waitForFunction(
    (n) => {
      const rows = [...document.querySelectorAll('table[aria-label="Pods"] tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent),
      );
      const ours = rows.filter((c) => /^sleep-/.test(c[0] || ''));
      return ours.length === n && ours.every((c) => c[2] === 'Running') ? ours : false;
    },
    n,
    { polling: 100 },
  );
  return h.jsonValue();
}

async function exercise(page) {
  await run(page, 'kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml', { expect: [/sleep-2 created/] });
  await run(page, 'kubectl wait --for=condition=Ready pod -l app=sleep-2', { expect: [/condition met/] });
  await run(page, `kubectl exec deploy/sleep-1 -- ping -c 2 $(${GET_IP})`, { expect: [/2 packets received/] });
  await run(page, 'kubectl apply -f sleep/sleep2-service.yaml', { expect: [/service\/sleep-2 created/] });
  await run(page, 'kubectl exec deploy/sleep-1 -- ping -c 1 sleep-2', { expect: [/100% packet loss/] });
}

/** Clicks Share and returns the link the dialog shows (and checks the clipboard holds it). */
async function share(page) {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this session' });
  await dialog.waitFor();
  const url = await dialog.getByRole('textbox', { name: 'Share link' }).inputValue();
  await dialog.getByText('Link copied to the clipboard.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url, 'the clipboard holds the link');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
  return url;
}

test('a reload restores the scrollback, the files and the cluster', { timeout: 240_000 }, async () => {
  await withPage({}, async (page) => {
    await exercise(page);
    await page.getByRole('tab', { name: 'sleep/sleep2.yaml', exact: true }).click();
    const editor = page.getByRole('textbox', { name: 'Editor' });
    const edited = `${await editor.inputValue()}# edited before the reload\n`;
    await editor.fill(edited);
    await run(page, 'echo half way', { expect: [/^half way$/m] });
    const before = await logLines(page);
    const pods = await runningPods(page);

    await page.reload({ waitUntil: 'load' });
    await ready(page);
    await page.getByText('half way', { exact: true }).waitFor();
    assert.deepEqual(await logLines(page), before, 'the same scrollback, line for line');
    const after = await runningPods(page);
    assert.deepEqual(after.map((r) => [r[0], r[3], r[4]]), pods.map((r) => [r[0], r[3], r[4]]), 'same pods, IPs, nodes');
    assert.equal(await page.getByRole('tab', { name: 'sleep/sleep2.yaml', exact: true }).getAttribute('aria-selected'), 'true');
    assert.equal(await editor.inputValue(), edited);
    // Ages go on from where they were: the pods are older than the reload took.
    const out = await run(page, 'kubectl get pods', { expect: [/^sleep-1-/m] });
    assert.match(out.join('\n'), /Running\s+0\s+(\d\d+s|\dm)/, out.join('\n'));
    // Up arrow still knows the history.
    await consoleInput(page).press('ArrowUp');
    assert.equal(await consoleInput(page).inputValue(), 'kubectl get pods');
  });
});

test('Share copies a link that opens the same session in another browser', { timeout: 240_000 }, async () => {
  let url;
  let lines;
  let pods;
  await withPage({}, async (page, context) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await exercise(page);
    pods = await runningPods(page);
    url = await share(page);
    lines = await logLines(page);
  });
  const base = new URL(BASE_URL);
  assert.ok(url.startsWith(`${base.origin}${base.pathname}#s=1.`), url);
  assert.ok(url.length < 1000, `the seed exercise's link is ${url.length} characters`);

  // Someone else opens it: a new context, nothing saved.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url, { waitUntil: 'load' });
    await ready(page);
    await page.getByText('100% packet loss', { exact: false }).first().waitFor();
    assert.deepEqual(await logLines(page), lines, 'the same scrollback');
    const theirs = await runningPods(page);
    assert.deepEqual(theirs.map((r) => [r[0], r[3], r[4]]), pods.map((r) => [r[0], r[3], r[4]]), 'same pod names, IPs, nodes');
    assert.equal(new URL(page.url()).hash, '', 'the opened link leaves the address');
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    await page.getByText('100% packet loss', { exact: false }).first().waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a link asks before it replaces saved work; Keep my session keeps it', { timeout: 240_000 }, async () => {
  // The link: made in one browser.
  let url;
  await withPage({ query: { seed: 11 } }, async (page, context) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await run(page, 'echo from the link', { expect: [/^from the link$/m] });
    url = await share(page);
  });
  await withPage({}, async (page) => {
    await run(page, 'echo my own work', { expect: [/^my own work$/m] });
    await page.waitForTimeout(700); // saved within half a second of a change
    await page.goto(url, { waitUntil: 'load' });
    await ready(page);
    const dialog = page.getByRole('dialog', { name: 'Open a shared session?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /\(1 commands\)/);
    await page.getByText('my own work', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Keep my session' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.ok(!(await logLines(page)).includes('from the link'));
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    await page.getByText('my own work', { exact: true }).waitFor();

    // The same link again, and this time the visitor opens it.
    await page.goto(url, { waitUntil: 'load' });
    await ready(page);
    await dialog.getByRole('button', { name: 'Open the shared session' }).click();
    await page.getByText('from the link', { exact: true }).waitFor();
    assert.ok(!(await logLines(page)).includes('my own work'));
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    await page.getByText('from the link', { exact: true }).waitFor();
  });
});

test('damaged, newer and oversized links give a message and leave the saved session alone', { timeout: 240_000 }, async () => {
  await withPage({}, async (page) => {
    await run(page, 'echo mine', { expect: [/^mine$/m] });
    await page.waitForTimeout(700);
    const good = await page.evaluate(() => localStorage.getItem('kubeplay.session'));
    assert.match(good, /^1\./);
    const cases = [
      [`#s=${good.slice(0, -10)}`, /damaged/],
      ['#s=9.AAAA', /newer kubeplay/],
      ['#s=1.<img src=x onerror=alert(1)>', /damaged/],
      [`#s=1.${'A'.repeat(70_000)}`, /too long/],
    ];
    for (const [fragment, says] of cases) {
      await page.goto(new URL(fragment, BASE_URL).href, { waitUntil: 'load' });
      await ready(page);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const text = await alert.innerText();
      assert.match(text, says, fragment.slice(0, 40));
      assert.match(text, /Your own session is unchanged/);
      await page.getByText('mine', { exact: true }).waitFor();
      assert.equal(await page.evaluate(() => localStorage.getItem('kubeplay.session')).then((s) => s.startsWith('1.')), true);
      await alert.getByRole('button', { name: 'Dismiss' }).click();
      await alert.waitFor({ state: 'detached' });
    }
    const after = await page.evaluate(() => localStorage.getItem('kubeplay.session'));
    assert.equal(after.length > 0, true);
    await run(page, 'history', { expect: [/echo mine/] });
  });
});

test('Reset asks first, then starts over', { timeout: 120_000 }, async () => {
  await withPage({}, async (page) => {
    await run(page, 'kubectl apply -f sleep/sleep1.yaml', { expect: [/sleep-1 created/] });
    page.once('dialog', (d) => d.dismiss());
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByText('deployment.apps/sleep-1 created', { exact: true }).waitFor();
    page.once('dialog', (d) => {
      assert.match(d.message(), /Start over\?/);
      d.accept();
    });
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.waitForFunction(() => !document.querySelector('[role="log"]').textContent.includes('sleep-1 created'));
    await run(page, 'kubectl get deploy', { expect: [/No resources found/] });
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    await run(page, 'kubectl get deploy', { expect: [/No resources found/] });
  });
});

test('a full or disabled storage gets a message; the session goes on in the tab', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('?speed=10', BASE_URL).href, { waitUntil: 'load' });
    await ready(page);
    await run(page, 'kubectl apply -f sleep/sleep1.yaml', { expect: [/sleep-1 created/] });
    const alert = page.getByRole('alert');
    await alert.getByText(/would not save your session/).waitFor();
    await run(page, 'kubectl get deploy', { expect: [/^sleep-1 /m] });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an embed shows the panes, theme and height its URL asks for', { timeout: 120_000 }, async () => {
  const url = new URL(BASE_URL);
  for (const [k, v] of Object.entries({ embed: '1', panes: 'console,cluster', theme: 'light', height: '300', cmd: 'kubectl get nodes' })) {
    url.searchParams.set(k, v);
  }
  await withPage({ base: url.href, query: {} }, async (page) => {
    await page.getByText('kubeplay-control-plane', { exact: false }).first().waitFor();
    assert.ok(await page.getByRole('table', { name: 'Pods' }).isVisible(), 'the cluster pane');
    assert.equal(await page.getByRole('textbox', { name: 'Editor' }).count(), 0, 'no editor');
    assert.equal(await page.getByRole('button', { name: 'Share', exact: true }).count(), 0, 'no page header');
    assert.ok(await page.getByRole('link', { name: 'Open in kubeplay' }).isVisible());
    const box = await page.locator('.app').boundingBox();
    assert.equal(Math.round(box.height), 300);
    assert.equal(await page.locator('.app').getAttribute('data-theme'), 'light');
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.log')).backgroundColor);
    assert.equal(bg, 'rgb(255, 255, 255)', 'light console');
    await run(page, 'kubectl get ns default', { expect: [/^default\s+Active/m] });
  });
});
