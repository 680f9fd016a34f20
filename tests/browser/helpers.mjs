// Shared helpers for the browser tests: launch Debian's Chromium through playwright-core, open the
// page in a fresh context, type console lines and wait for their output.
//
// Environment (set by `cargo xtask test`):
//   KUBEPLAY_URL       the release build, served under a sub-path (default: trunk serve's URL)
//   KUBEPLAY_ROOT_URL  the same files at the server's root (optional)
//   CHROMIUM           the browser binary (default /usr/bin/chromium)
//   SCREENSHOT_DIR     where screenshots go (default target/screenshots)

import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE_URL = process.env.KUBEPLAY_URL || 'http://127.0.0.1:8080/';
export const ROOT_URL = process.env.KUBEPLAY_ROOT_URL || '';
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || join(REPO, 'target', 'screenshots');

/** Simulated time runs this many times faster than real time in the tests. */
export const SPEED = 10;
export const SEED = 7;

/** Generous: the machine has two shared cores and the page advances time in real time. */
export const STEP_TIMEOUT = 60_000;

export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches Chromium. Playwright gives every launch a new, empty --user-data-dir of its own. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    timeout: 60_000,
  });
}

export function pageUrl(query = {}, base = BASE_URL) {
  const u = new URL(base);
  for (const [k, v] of Object.entries({ speed: SPEED, seed: SEED, ...query })) {
    if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
  }
  return u.toString();
}

/**
 * Opens the page in a new browser context (empty storage and cache) and records every uncaught
 * exception, console error and failed request in `problems`.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, query = {}, base = BASE_URL } = {}) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.stack || e.message}`));
  page.on('crash', () => problems.push('the page crashed'));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  // A reload or navigation aborts what is still loading (the icon, say): not the page's fault.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  await page.goto(pageUrl(query, base), { waitUntil: 'load' });
  await ready(page);
  return { context, page, problems };
}

export const consoleInput = (page) => page.getByRole('textbox', { name: 'Console', exact: true });
export const consoleLog = (page) => page.getByRole('log', { name: 'Console output' });

/** The app has started: the console input is usable and the first log line is there. */
export async function ready(page) {
  const input = consoleInput(page);
  await input.waitFor({ state: 'visible' });
  await consoleLog(page).getByText('kubeplay:', { exact: false }).first().waitFor();
  assert.ok(await input.isEnabled(), 'the console input is enabled');
}

/** Fails the test if the page reported any error. */
export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`);
}

async function logLines(page) {
  return page.evaluate(() => [...document.querySelectorAll('[role="log"] .line')].map((e) => e.textContent));
}

/**
 * Types `line` into the console, presses Enter and waits until the console is idle again (the
 * prompt shows `$`) with every pattern in `expect` matching the output printed after the line's
 * echo. Returns that output as an array of lines.
 */
export async function run(page, line, { expect = [], timeout = STEP_TIMEOUT } = {}) {
  const input = consoleInput(page);
  await input.fill(line);
  await input.press('Enter');
  return waitForOutput(page, line, { expect, timeout, typed: true });
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  await page.screenshot({ path });
  return path;
}

/**
 * A new browser context (empty storage and cache) and a blank page in it, recording problems as
 * `openPage` does, for every page of the context (popups too). Nothing is loaded: for pages other
 * than the playground itself, such as the tutorial pages that embed it.
 */
export async function newPage(browser, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(STEP_TIMEOUT);
  const problems = [];
  const watched = new WeakSet();
  const watch = (page) => {
    if (watched.has(page)) return;
    watched.add(page);
    page.on('pageerror', (e) => problems.push(`page error (${page.url()}): ${e.stack || e.message}`));
    page.on('crash', () => problems.push(`the page crashed (${page.url()})`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error (${page.url()}): ${m.text()}`);
    });
    // A reload or navigation aborts what is still loading (the icon, say): not the page's fault.
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    });
  };
  context.on('page', watch);
  const page = await context.newPage();
  watch(page);
  return { context, page, problems };
}

/**
 * Waits until the console of `target` (a page or a frame) shows the echo `$ line`, is idle again
 * (the prompt shows `$`) and every pattern in `expect` matches the output after the echo, without
 * typing anything (the line came from elsewhere: a Run button, the API, a share link). Returns
 * that output as an array of lines.
 */
export async function waitForOutput(target, line, { expect = [], timeout = STEP_TIMEOUT, typed = false } = {}) {
  const sources = expect.map((r) => [r.source, r.flags.replace('g', '')]);
  try {
    const handle = await target.waitForFunction(
      ({ line, sources }) => {
        const lines = [...document.querySelectorAll('[role="log"] .line')].map((e) => e.textContent);
        const at = lines.lastIndexOf(`$ ${line}`);
        if (at < 0) return false;
        const prompt = document.querySelector('.prompt span');
        const idle = !prompt || prompt.textContent.trim() === '$';
        const out = lines.slice(at + 1);
        const text = out.join('\n');
        return idle && sources.every(([s, f]) => new RegExp(s, f).test(text)) ? out : false;
      },
      { line, sources },
      { timeout, polling: 100 },
    );
    return await handle.jsonValue();
  } catch (e) {
    const tail = (await logLines(target).catch(() => [])).slice(-25).join('\n');
    const what = typed ? `after typing ${JSON.stringify(line)}: waited ${timeout} ms for` : `waited ${timeout} ms for ${JSON.stringify(line)} and`;
    throw new Error(
      `${what} ${expect.map(String).join(', ') || 'the prompt'}: ${e.message.split('\n')[0]}\n--- console log (last 25 lines) ---\n${tail}`,
    );
  }
}
