/*
 * kubeplay embed.js: playgrounds and Run buttons for tutorial pages.
 *
 *   <script src="https://HOST/PATH/embed.js" defer></script>
 *
 * Every placeholder <div class="kubeplay-playground"> becomes an <iframe> of the playground that
 * sits beside this script (index.html?embed=1), and every run block (<pre class="kubeplay">, or a
 * ```kubeplay fence rendered as <pre><code class="language-kubeplay">) gets a Run button that
 * types the block's lines into a playground. window.kubeplay is the API. The attributes, the API
 * and the message protocol are specified in docs/embedding.md.
 *
 * No dependencies, no build step. The DOM is built with createElement/textContent only (never
 * parsed from strings); messages are accepted only from our own iframes at the playground's
 * origin, and posted only to that origin.
 */
(() => {
  'use strict';

  // document.currentScript is set only while this script first runs, so read it now. (It is null
  // in a module script: then take the last <script> whose src names embed.js.)
  const me = document.currentScript || [...document.querySelectorAll('script[src*="embed.js"]')].pop();
  if (window.kubeplay && typeof window.kubeplay.scan === 'function') {
    window.kubeplay.scan(); // loaded twice: the first copy owns the page
    return;
  }
  const override = me && me.dataset.kubeplayBase;
  /** The playground page: data-kubeplay-base="URL" (relative to the page), else the index.html beside embed.js. */
  const BASE = override
    ? new URL(override, document.baseURI).href
    : new URL('./', (me && me.src) || document.baseURI).href;
  const ORIGIN = new URL(BASE).origin;

  const PLACEHOLDER = '.kubeplay-playground, [data-kubeplay-playground]';
  const BLOCK = 'pre.kubeplay, pre[data-kubeplay], pre > code.language-kubeplay';
  const PANES = ['console', 'editor', 'cluster'];
  const MAX_COMMAND = 10000;

  const playgrounds = [];
  const byElement = new WeakMap(); // placeholder or iframe -> playground
  const blocks = new WeakMap(); // run block <pre> -> { button, target, playground }

  /**
   * The console lines of a run block or of data-commands: each non-empty line, `$ ` stripped,
   * `#` comments skipped; if any line starts with `$ `, only those lines (the rest is output).
   */
  function commandsOf(text) {
    const lines = String(text ?? '').split(/\r\n|\r|\n/).map((l) => l.trim());
    const prompted = lines.some((l) => l.startsWith('$ '));
    return lines
      .filter((l) => (prompted ? l.startsWith('$ ') : l !== ''))
      .map((l) => (l.startsWith('$ ') ? l.slice(2).trim() : l))
      .filter((l) => l !== '' && !l.startsWith('#'));
  }

  /** `v` as an integer in lo..hi, else undefined. */
  function int(v, lo, hi) {
    const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(String(v ?? '')) ? Number(v) : NaN;
    return Number.isSafeInteger(n) && n >= lo && n <= hi ? n : undefined;
  }

  /** BASE?embed=1&id&origin&panes&theme&height[&speed][&seed][&cmd...][#s=...] */
  function embedUrl(id, o) {
    const list = Array.isArray(o.panes) ? o.panes : String(o.panes ?? '').split(',');
    const panes = [...new Set(list.map((p) => String(p).trim().toLowerCase()))].filter((p) => PANES.includes(p));
    const params = new URLSearchParams({ embed: '1', id });
    // A file:// page has an opaque origin that cannot be named: the embed then only answers
    // requests. Serve tutorial pages over http(s).
    if (location.origin !== 'null') params.set('origin', location.origin);
    params.set('panes', (panes.length ? panes : ['console']).join(','));
    params.set('theme', String(o.theme).trim().toLowerCase() === 'light' ? 'light' : 'dark');
    params.set('height', String(o.height));
    const speed = int(o.speed, 1, 100);
    const seed = int(o.seed, 0, Number.MAX_SAFE_INTEGER);
    if (speed !== undefined) params.set('speed', String(speed));
    if (seed !== undefined) params.set('seed', String(seed));
    const commands = commandsOf(Array.isArray(o.commands) ? o.commands.join('\n') : o.commands);
    for (const c of commands) if (c.length <= MAX_COMMAND) params.append('cmd', c);
    const url = new URL(BASE);
    url.search = params.toString();
    const s = String(o.session ?? '').trim(); // a share link or just its fragment `#s=...`
    url.hash = s.includes('#') ? s.slice(s.indexOf('#')) : s.startsWith('s=') ? `#${s}` : '';
    return url.href;
  }

  /** One embedded playground: its iframe, its pending requests, its listeners. */
  class Playground {
    #pending = new Map(); // String(request id) -> { kind, resolve, reject, output }
    #next = 0; // request ids: a counter, unique per playground
    #isReady = false;
    #resolveReady;
    #listeners = { ready: [], output: [], done: [], error: [] };

    constructor(element, id, o) {
      const height = int(o.height, 80, 10000) ?? 360;
      Object.assign(this, { id, element, origin: ORIGIN, iframe: document.createElement('iframe') });
      this.ready = new Promise((resolve) => (this.#resolveReady = resolve));
      Object.assign(this.iframe, { title: `kubeplay playground ${id}`, allow: 'clipboard-write' });
      Object.assign(this.iframe, { width: '100%', height: `${height}` });
      Object.assign(this.iframe.style, { display: 'block', width: '100%', height: `${height}px`, border: '0' });
      // Listen before the iframe loads, so its kubeplay:ready cannot be missed.
      window.addEventListener('message', (event) => this.#receive(event));
      this.iframe.src = embedUrl(id, { ...o, height });
      element.replaceChildren(this.iframe); // what the placeholder held is a no-JavaScript fallback
    }

    /** Runs one console line; resolves with { status, output } once it is done. */
    run(command) {
      const ok = typeof command === 'string' && !/[\r\n]/.test(command) && command.length <= MAX_COMMAND;
      if (ok) return this.#request('run', { command });
      return Promise.reject(new TypeError('kubeplay: a command is one line of at most 10,000 characters'));
    }

    /** Ctrl-C: the running line finishes (status 130). */
    interrupt() { if (this.#isReady) this.#post({ type: 'kubeplay:interrupt' }); }

    /** Resolves with the full-page share URL (`...#s=...`) of what the playground holds now. */
    session() { return this.#request('session', {}); }

    /**
     * Calls fn(detail) on 'ready' {id}, 'output' {id, text}, 'done' {id, command, status, output}
     * or 'error' {id, message} (`id` is the request's, null for lines typed into the embed).
     * Returns a function that removes the listener.
     */
    on(event, fn) {
      const list = this.#listeners[event];
      if (!list || typeof fn !== 'function') throw new TypeError(`kubeplay: no event "${event}"`);
      list.push(fn);
      if (event === 'ready' && this.#isReady) queueMicrotask(() => fn({ id: this.id }));
      return () => list.includes(fn) && list.splice(list.indexOf(fn), 1);
    }

    #request(kind, fields) {
      const id = ++this.#next;
      return new Promise((resolve, reject) => {
        this.#pending.set(String(id), { kind, resolve, reject, output: '' });
        this.ready.then(() => this.#post({ type: `kubeplay:${kind}`, id, ...fields }));
      });
    }

    #post(message) { this.iframe.contentWindow?.postMessage(message, this.origin); } // never to '*'

    #emit(event, detail) {
      // A listener that throws is reported (as an uncaught error) and the others still run.
      for (const fn of [...this.#listeners[event]]) try { fn(detail); } catch (e) { setTimeout(() => { throw e; }); }
    }

    /** A message counts only from our iframe's window, at the playground's origin, of our shape. */
    #receive(event) {
      if (!event.source || event.source !== this.iframe.contentWindow || event.origin !== this.origin) return;
      const d = event.data;
      if (!d || typeof d !== 'object' || typeof d.type !== 'string' || !d.type.startsWith('kubeplay:')) return;
      const id = d.id ?? null;
      const req = id === null ? undefined : this.#pending.get(String(id));
      const settle = (kind, fn) => {
        if (!req || (kind && req.kind !== kind)) return;
        this.#pending.delete(String(id));
        fn(req);
      };
      if (d.type === 'kubeplay:ready') {
        if (this.#isReady) { // the iframe reloaded: a fresh cluster, earlier requests are lost
          for (const r of this.#pending.values()) r.reject(new Error('kubeplay: the playground reloaded'));
          this.#pending.clear();
        }
        this.#isReady = true;
        this.#resolveReady();
        this.#emit('ready', { id: this.id });
      } else if (d.type === 'kubeplay:output' && typeof d.text === 'string') {
        if (req && req.kind === 'run') req.output += d.text;
        this.#emit('output', { id, text: d.text });
      } else if (d.type === 'kubeplay:done' && typeof d.status === 'number') {
        const output = typeof d.output === 'string' ? d.output : req ? req.output : '';
        this.#emit('done', { id, command: typeof d.command === 'string' ? d.command : '', status: d.status, output });
        settle('run', (r) => r.resolve({ status: d.status, output }));
      } else if (d.type === 'kubeplay:session' && typeof d.url === 'string') {
        settle('session', (r) => r.resolve(d.url));
      } else if (d.type === 'kubeplay:error') {
        const message = typeof d.message === 'string' ? d.message : 'request refused';
        this.#emit('error', { id, message });
        settle(null, (r) => r.reject(new Error(`kubeplay: ${message}`)));
      }
    }
  }

  /** Makes `element` a playground; options mirror the data attributes (panes, commands: arrays too). */
  function create(element, options = {}) {
    if (!(element instanceof Element)) throw new TypeError('kubeplay.create: an element is required');
    if (byElement.has(element)) return byElement.get(element);
    const d = element.dataset;
    const o = { session: d.session, panes: d.panes, height: d.height, theme: d.theme };
    Object.assign(o, { speed: d.speed, seed: d.seed, commands: d.commands });
    for (const [k, v] of Object.entries(options || {})) if (v !== undefined && v !== null) o[k] = v;
    let id = String(o.id || element.id || '');
    for (let n = playgrounds.length + 1; !id; n++) {
      const free = `kubeplay-${n}`;
      if (!document.getElementById(free) && !playgrounds.some((p) => p.id === free)) id = free;
    }
    if (!element.id) element.id = id; // so that data-target="ID" finds it
    element.classList.add('kubeplay-playground');
    const pg = new Playground(element, id, o);
    playgrounds.push(pg);
    byElement.set(element, pg).set(pg.iframe, pg);
    return pg;
  }

  /** The playground of an id, a placeholder, its iframe, or any element of a run block; else null. */
  function get(x) {
    if (typeof x === 'string') {
      const pg = playgrounds.find((p) => p.id === x);
      const el = pg ? null : document.getElementById(x);
      return pg || (el && el.matches(PLACEHOLDER) ? create(el) : null);
    }
    if (!(x instanceof Element)) return null;
    const holder = byElement.has(x) ? x : x.closest(PLACEHOLDER);
    if (holder) return byElement.get(holder) || create(holder);
    const pre = x.matches('button.kubeplay-run') ? x.previousElementSibling : x.closest('pre');
    const block = pre && blocks.get(pre);
    return block ? block.playground || get(block.target) : null;
  }

  /** The playground nearest before `node` in document order, or null. */
  function nearestBefore(node) {
    let found = null;
    for (const el of document.querySelectorAll(PLACEHOLDER)) {
      if (!(el.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      if (!el.contains(node)) found = el;
    }
    return found && (byElement.get(found) || create(found));
  }

  /** Puts a Run button after a run block and picks the block's playground. */
  function addRunButton(pre) {
    const button = document.createElement('button');
    Object.assign(button, { type: 'button', className: 'kubeplay-run', textContent: 'Run' });
    pre.after(button);
    const code = pre.querySelector(':scope > code');
    const block = { button, target: pre.dataset.target || (code && code.dataset.target) || '', playground: null };
    if (!block.target) {
      // The nearest playground before the block; else a new one right after its button, which
      // then counts as "before" for the blocks that follow. A data-target is looked up on click.
      block.playground = nearestBefore(pre);
      if (!block.playground) {
        const holder = document.createElement('div');
        button.after(holder);
        block.playground = create(holder);
      }
    }
    blocks.set(pre, block);
    button.addEventListener('click', () => runBlock(pre, block));
  }

  /** Sends the block's lines in order, each after the previous one's done; stops at the first failure. */
  async function runBlock(pre, block) {
    if (block.button.disabled) return;
    const pg = block.playground || get(block.target);
    if (!pg) {
      console.warn(`kubeplay: no playground with id "${block.target}"`);
      pre.dataset.status = 'failed';
      return;
    }
    block.button.disabled = true;
    pre.dataset.status = 'running';
    let status = 'done';
    try {
      for (const command of commandsOf(pre.textContent)) {
        if ((await pg.run(command)).status !== 0) {
          status = 'failed';
          break;
        }
      }
    } catch (e) {
      console.warn(e);
      status = 'failed';
    }
    pre.dataset.status = status;
    block.button.disabled = false;
  }

  /** Processes the placeholders and run blocks in `root` (root included), each only once. */
  function scan(root = document) {
    const within = (selector) => {
      const found = [...root.querySelectorAll(selector)];
      return root instanceof Element && root.matches(selector) ? [root, ...found] : found;
    };
    for (const el of within(PLACEHOLDER)) if (!byElement.has(el)) create(el);
    const pres = within(BLOCK).map((el) => (el.matches('code') ? el.parentElement : el));
    for (const pre of new Set(pres)) if (!blocks.has(pre)) addRunButton(pre);
  }

  window.kubeplay = Object.freeze({ base: BASE, playgrounds, get, create, scan });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => scan(), { once: true });
  else scan();
})();
