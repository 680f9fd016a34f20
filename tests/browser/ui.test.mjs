// The page around the console: loading from any path, history, the editor's YAML errors, layout.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT_URL,
  assertNoProblems,
  consoleInput,
  launch,
  openPage,
  ready,
  run,
  screenshot,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Opens the page, runs `body`, fails on any page error, always closes the context. */
async function withPage(options, body) {
  const { context, page, problems } = await openPage(browser, options);
  try {
    await body(page);
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
}

test('the release build loads under a sub-path and at the root, without errors', { timeout: 120_000 }, async () => {
  await withPage({}, async (page) => {
    assert.match(await page.title(), /kubeplay/);
    assert.ok(await page.getByRole('log', { name: 'Console output' }).isVisible());
    assert.ok(await page.getByRole('textbox', { name: 'Editor' }).isVisible());
    for (const file of ['sleep/sleep1.yaml', 'sleep/sleep2.yaml', 'sleep/sleep2-service.yaml']) {
      assert.ok(await page.getByRole('tab', { name: file, exact: true }).isVisible(), `tab ${file}`);
    }
  });
  if (ROOT_URL) {
    await withPage({ base: ROOT_URL }, async (page) => {
      assert.match(await page.title(), /kubeplay/);
    });
  }
});

test('Up arrow recalls the last command, Down clears the line again', { timeout: 120_000 }, async () => {
  await withPage({}, async (page) => {
    const input = consoleInput(page);
    await run(page, 'kubectl get nodes', { expect: [/^NAME\s+STATUS/m] });
    await run(page, 'kubectl get pods', { expect: [/No resources found/] });
    assert.equal(await input.inputValue(), '', 'the line is cleared after Enter');
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'kubectl get pods');
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'kubectl get nodes');
    await input.press('ArrowDown');
    assert.equal(await input.inputValue(), 'kubectl get pods');
    await input.press('ArrowDown');
    assert.equal(await input.inputValue(), '');
  });
});

test('a YAML syntax error in the editor names its line', { timeout: 120_000 }, async () => {
  await withPage({}, async (page) => {
    await page.getByRole('tab', { name: 'sleep/sleep1.yaml', exact: true }).click();
    const editor = page.getByRole('textbox', { name: 'Editor' });
    const status = page.getByRole('status');
    const original = await editor.inputValue();
    assert.match(original, /kind: Deployment/);
    await status.getByText('YAML OK').waitFor();

    // Line 5 is indented deeper than line 4's mapping: "mapping values are not allowed".
    await editor.fill('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   labels: {}\n');
    await status.getByText(/Line 5\b/).waitFor();
    assert.match(await status.innerText(), /Line 5, column \d+: .+/);
    assert.equal(await editor.getAttribute('aria-invalid'), 'true');

    // kubectl apply reports the same line.
    await run(page, 'kubectl apply -f sleep/sleep1.yaml', { expect: [/^error: .*line 5/m] });

    await editor.fill(original);
    await status.getByText('YAML OK').waitFor();
    assert.equal(await editor.getAttribute('aria-invalid'), 'false');
  });
});

test('workspace files: new, edit, apply, rename, delete; files survive a reload', { timeout: 180_000 }, async () => {
  await withPage({}, async (page) => {
    const name = page.getByRole('textbox', { name: 'File name' });
    const editor = page.getByRole('textbox', { name: 'Editor' });
    const status = page.getByRole('status');
    const tab = (path) => page.getByRole('tab', { name: path, exact: true });
    const manifest =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n' +
      '  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: kiamol/ch03-sleep\n';

    // New: an empty file, open in the editor, that kubectl apply -f can read once written.
    await name.fill('web/web.yaml');
    await page.getByRole('button', { name: 'New' }).click();
    await tab('web/web.yaml').waitFor();
    assert.equal(await tab('web/web.yaml').getAttribute('aria-selected'), 'true');
    assert.equal(await editor.inputValue(), '');
    await editor.fill(manifest);
    await status.getByText('YAML OK').waitFor();
    await run(page, 'kubectl apply -f web/web.yaml', { expect: [/^deployment\.apps\/web created$/m] });
    await run(page, 'ls web', { expect: [/^web\.yaml$/m] });

    // Rename: the old path is gone for kubectl too.
    await name.fill('web/app.yaml');
    await page.getByRole('button', { name: 'Rename' }).click();
    await tab('web/app.yaml').waitFor();
    assert.equal(await tab('web/web.yaml').count(), 0, 'the old tab is gone');
    assert.equal(await editor.inputValue(), manifest);
    await run(page, 'kubectl apply -f web/app.yaml', { expect: [/^deployment\.apps\/web unchanged$/m] });
    await run(page, 'kubectl apply -f web/web.yaml', { expect: [/^error: the path "web\/web\.yaml" does not exist$/m] });

    // Work is never lost: the files come back after a reload.
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    await tab('web/app.yaml').click();
    assert.equal(await editor.inputValue(), manifest);

    // Delete asks first; dismissing keeps the file, accepting removes it.
    page.once('dialog', (d) => d.dismiss());
    await page.getByRole('button', { name: 'Delete' }).click();
    assert.equal(await tab('web/app.yaml').count(), 1, 'dismissed: the file stays');
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await tab('web/app.yaml').waitFor({ state: 'detached' });
    await run(page, 'kubectl apply -f web/app.yaml', { expect: [/^error: the path "web\/app\.yaml" does not exist$/m] });
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    assert.equal(await tab('web/app.yaml').count(), 0, 'still deleted after a reload');
    assert.ok(await tab('sleep/sleep1.yaml').isVisible(), 'the other files are untouched');
  });
});

for (const [name, viewport] of [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
]) {
  test(`layout at ${viewport.width}x${viewport.height} (${name}): the console input is on screen`, { timeout: 120_000 }, async () => {
    await withPage({ viewport }, async (page) => {
      const input = consoleInput(page);
      assert.ok(await input.isVisible(), 'the console input is visible');
      assert.ok(await input.isEnabled(), 'the console input is enabled');
      const box = await input.boundingBox();
      assert.ok(box, 'the console input has a box');
      assert.ok(box.width >= 100 && box.height >= 12, `the console input is usable (${JSON.stringify(box)})`);
      assert.ok(
        box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height,
        `the console input is inside the first screen without scrolling: ${JSON.stringify(box)} in ${JSON.stringify(viewport)}`,
      );
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= viewport.width, `no horizontal scrolling (page is ${scrollWidth}px wide)`);
      await input.click();
      await run(page, 'kubectl get nodes', { expect: [/^NAME\s+STATUS/m] });
      await screenshot(page, `${name}-${viewport.width}x${viewport.height}.png`);
    });
  });
}
