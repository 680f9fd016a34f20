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
