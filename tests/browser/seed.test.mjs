// The seed exercise, typed into the page's console as a reader would, against the release build.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems, launch, openPage, run, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const POD_IP = /^10\.244\.\d{1,3}\.\d{1,3}$/;
const GET_IP = "kubectl get pod -l app=sleep-2 --output jsonpath='{.items[0].status.podIP}'";

test('seed exercise: two Deployments, pod-to-pod ping, a Service without a virtual IP route', { timeout: 300_000 }, async (t) => {
  const { context, page, problems } = await openPage(browser);
  try {
    await t.test('apply both Deployments', async () => {
      const out = await run(page, 'kubectl apply -f sleep/sleep1.yaml -f sleep/sleep2.yaml', {
        expect: [/deployment\.apps\/sleep-1 created/, /deployment\.apps\/sleep-2 created/],
      });
      assert.deepEqual(out.filter((l) => l.trim()), ['deployment.apps/sleep-1 created', 'deployment.apps/sleep-2 created']);
    });

    await t.test('wait for sleep-2 to be Ready', async () => {
      const out = await run(page, 'kubectl wait --for=condition=Ready pod -l app=sleep-2', { expect: [/condition met/] });
      assert.match(out.join('\n'), /^pod\/sleep-2-[a-z0-9]+-[a-z0-9]+ condition met$/m);
    });

    let ip;
    await t.test("get sleep-2's pod IP with jsonpath", async () => {
      const out = await run(page, GET_IP, { expect: [/10\.244\.\d+\.\d+/] });
      ip = out.join('').trim();
      assert.match(ip, POD_IP);
    });

    await t.test('ping sleep-2 from sleep-1 by pod IP', async () => {
      const out = await run(page, `kubectl exec deploy/sleep-1 -- ping -c 2 $(${GET_IP})`, {
        expect: [/seq=0/, /seq=1/, /(^|\s)0% packet loss/m],
      });
      const text = out.join('\n');
      assert.match(text, new RegExp(`^PING ${ip.replaceAll('.', '\\.')} `, 'm'), 'pings the pod IP that jsonpath printed');
      assert.match(text, /bytes from .*seq=0/);
      assert.match(text, /bytes from .*seq=1/);
      assert.match(text, /2 packets transmitted, 2 packets received, 0% packet loss/);
      assert.doesNotMatch(text, /command terminated/);
    });

    await t.test('the cluster view lists both pods: name, IP, status, node', async () => {
      // The same facts kubectl prints, shown live beside the console.
      const wide = await run(page, 'kubectl get pods -o wide', { expect: [/^sleep-1-/m, /^sleep-2-/m] });
      const rows = await page.waitForFunction(() => {
        const cells = [...document.querySelectorAll('table[aria-label="Pods"] tbody tr')].map((tr) =>
          [...tr.querySelectorAll('td')].map((td) => td.textContent),
        );
        const ours = cells.filter((c) => /^sleep-[12]-/.test(c[0] || ''));
        return ours.length === 2 && ours.every((c) => c[2] === 'Running') ? ours : false;
      });
      for (const [name, ready, status, podIp, node] of await rows.jsonValue()) {
        assert.equal(ready, '1/1');
        assert.equal(status, 'Running');
        assert.match(podIp, POD_IP);
        assert.match(node, /^kubeplay-worker2?$/);
        const line = wide.find((l) => l.startsWith(`${name} `));
        assert.ok(line, `kubectl get pods -o wide lists ${name}`);
        assert.match(line, new RegExp(`\\s${podIp.replaceAll('.', '\\.')}\\s+${node}\\s`), `same IP and node as kubectl: ${line}`);
      }
    });

    await t.test('ping streams: each reply appears as its packet returns, not all at the end', async () => {
      const input = page.getByRole('textbox', { name: 'Console', exact: true });
      // Replies 3 s of cluster time apart (0.3 s of real time at the test's speed), so a slow
      // frame cannot deliver them all at once.
      const line = `kubectl exec deploy/sleep-1 -- ping -c 4 -i 3 ${ip}`;
      await input.fill(line);
      await input.press('Enter');
      // While the command runs (prompt busy), the first reply is on screen and the last is not.
      await page.waitForFunction(
        (line) => {
          const lines = [...document.querySelectorAll('[role="log"] .line')].map((e) => e.textContent);
          const out = lines.slice(lines.lastIndexOf(`$ ${line}`) + 1).join('\n');
          const busy = document.querySelector('.prompt span')?.textContent.trim() !== '$';
          return busy && /seq=0/.test(out) && !/seq=3/.test(out);
        },
        line,
        { polling: 'raf' },
      );
      // Then it finishes with all three replies.
      const done = await page.waitForFunction(
        (line) => {
          const lines = [...document.querySelectorAll('[role="log"] .line')].map((e) => e.textContent);
          const out = lines.slice(lines.lastIndexOf(`$ ${line}`) + 1).join('\n');
          const idle = document.querySelector('.prompt span')?.textContent.trim() === '$';
          return idle && /4 packets transmitted/.test(out) ? out : false;
        },
        line,
        { polling: 100 },
      );
      const text = await done.jsonValue();
      assert.match(text, /seq=0[\s\S]*seq=1[\s\S]*seq=2[\s\S]*seq=3/);
      assert.match(text, /4 packets transmitted, 4 packets received, 0% packet loss/);
    });

    await t.test('create the sleep-2 Service', async () => {
      const out = await run(page, 'kubectl apply -f sleep/sleep2-service.yaml', { expect: [/service\/sleep-2 created/] });
      assert.deepEqual(out.filter((l) => l.trim()), ['service/sleep-2 created']);
    });

    await t.test('kubectl get svc sleep-2 prints an aligned table', async () => {
      const out = (await run(page, 'kubectl get svc sleep-2', { expect: [/^NAME\s+TYPE/m, /^sleep-2\s/m] })).filter((l) => l.trim());
      assert.equal(out.length, 2, `a header and one row:\n${out.join('\n')}`);
      const [header, row] = out;
      const columns = ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'];
      const cells = (s) => [...s.matchAll(/\S+/g)].map((m) => ({ text: m[0], at: m.index }));
      assert.deepEqual(cells(header).map((c) => c.text), columns);
      const values = cells(row);
      assert.equal(values.length, columns.length, `one value per column: ${row}`);
      // kubectl's tabwriter: each column starts where its header starts, 3 spaces after the widest cell.
      assert.deepEqual(values.map((c) => c.at), cells(header).map((c) => c.at), `columns aligned:\n${header}\n${row}`);
      for (let i = 1; i < columns.length; i++) {
        const width = Math.max(cells(header)[i - 1].text.length, values[i - 1].text.length);
        assert.equal(cells(header)[i].at - cells(header)[i - 1].at, width + 3, `column ${columns[i]} is 3 spaces after the widest cell`);
      }
      const [name, type, clusterIp, externalIp, ports, age] = values.map((c) => c.text);
      assert.equal(name, 'sleep-2');
      assert.equal(type, 'ClusterIP');
      assert.match(clusterIp, /^10\.(9[6-9]|10\d|11[01])\.\d{1,3}\.\d{1,3}$/, 'an address in the Service CIDR 10.96.0.0/12');
      assert.equal(externalIp, '<none>');
      assert.match(ports, /^\d+\/TCP$/);
      assert.match(age, /^\d+s$/);
      // The cluster view shows the same Service and address.
      const svc = await page.waitForFunction(() => {
        const row = [...document.querySelectorAll('table[aria-label="Services"] tbody tr')]
          .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))
          .find((c) => c[0] === 'sleep-2');
        return row || false;
      });
      const [, viewType, viewIp] = await svc.jsonValue();
      assert.equal(viewType, 'ClusterIP');
      assert.equal(viewIp, clusterIp);
      // kubectl's header, padded for this address (with a 13-character ClusterIP it is exactly
      // `NAME      TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE`).
      const pad = (s, w) => s.padEnd(w + 3);
      const expected = [
        pad('NAME', Math.max(4, name.length)),
        pad('TYPE', Math.max(4, type.length)),
        pad('CLUSTER-IP', Math.max(10, clusterIp.length)),
        pad('EXTERNAL-IP', Math.max(11, externalIp.length)),
        pad('PORT(S)', Math.max(7, ports.length)),
        'AGE',
      ].join('');
      assert.equal(header, expected);
    });

    await t.test('ping the Service name: no reply from a virtual IP', async () => {
      const out = await run(page, 'kubectl exec deploy/sleep-1 -- ping -c 1 sleep-2', {
        expect: [/100% packet loss/, /command terminated with exit code 1/],
        timeout: 90_000,
      });
      const text = out.join('\n');
      assert.match(text, /^PING sleep-2 \(10\.\d+\.\d+\.\d+\)/m, 'the name resolves to the ClusterIP');
      assert.match(text, /1 packets transmitted, 0 packets received, 100% packet loss/);
      assert.match(text, /^command terminated with exit code 1$/m);
    });

    await screenshot(page, 'seed-exercise.png');
    assertNoProblems(problems);
  } finally {
    await context.close();
  }
});
