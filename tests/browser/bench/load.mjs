// Benchmark (not a test; `cargo xtask bench` runs it): milliseconds from navigation to a usable
// console, over RUNS fresh page loads (each in a new browser context: empty cache and storage).
//
// "Usable": the textbox named "Console" is visible and enabled and the log shows the app's first
// line. Two clocks:
//   in_page_ms  performance.now() in the page at the first animation frame where that holds; it
//               counts from the navigation's start (performance.timeOrigin), so it excludes
//               Playwright's own round trips.
//   wall_ms     Node's monotonic clock from just before page.goto() to the moment Playwright sees
//               the condition (includes the protocol round trips and the polling delay).
//
// With KUBEPLAY_FRAGMENT (a share link's `#s=...`) each load opens that link, and "usable" also
// needs the restored log to show KUBEPLAY_UNTIL (the session's last output).
//
// Prints one line per load, `load N: in_page_ms=... wall_ms=...`, then the medians.

import { launch } from '../helpers.mjs';

const url = new URL(process.env.KUBEPLAY_URL || 'http://127.0.0.1:8080/');
url.searchParams.set('seed', '7');
if (process.env.KUBEPLAY_FRAGMENT) url.hash = process.env.KUBEPLAY_FRAGMENT;
const until = process.env.KUBEPLAY_UNTIL || 'kubeplay:';
const runs = Number(process.env.RUNS || 5);

function usable(until) {
  const input = document.querySelector('input[aria-label="Console"]');
  const log = document.querySelector('[role="log"][aria-label="Console output"]');
  if (!input || !log || input.disabled) return false;
  const box = input.getBoundingClientRect();
  const visible = box.width > 0 && box.height > 0 && getComputedStyle(input).visibility !== 'hidden';
  return visible && log.textContent.includes('kubeplay:') && log.textContent.includes(until) ? performance.now() : false;
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

const browser = await launch();
const inPage = [];
const wall = [];
try {
  for (let i = 1; i <= runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const t0 = performance.now();
    await page.goto(url.toString(), { waitUntil: 'commit', timeout: 60_000 });
    const handle = await page.waitForFunction(usable, until, { polling: 'raf', timeout: 60_000 });
    const t1 = performance.now();
    const ms = await handle.jsonValue();
    const marks = await page.evaluate(() =>
      performance.getEntriesByType('mark').filter((m) => m.name.startsWith('kubeplay:')).map((m) => `${m.name.slice(9)}=${m.startTime.toFixed(0)}`),
    );
    if (errors.length) throw new Error(`page errors during load ${i}: ${errors.join('; ')}`);
    inPage.push(ms);
    wall.push(t1 - t0);
    console.log(`load ${i}: in_page_ms=${ms.toFixed(1)} wall_ms=${(t1 - t0).toFixed(1)} (marks: ${marks.join(' ')})`);
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`median of ${runs}: in_page_ms=${median(inPage).toFixed(1)} wall_ms=${median(wall).toFixed(1)}`);
