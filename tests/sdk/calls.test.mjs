// The calls resource (create, get, list and its filters, update, delete) driven through the
// platform's official SDK, @vapi-ai/server-sdk, against a real linedesk-server process with a
// real database: a fresh SQLite file, or, when LINEDESK_PG_DIR is set, a fresh database in
// that throwaway PostgreSQL cluster (scripts/pg-cluster createdb).
//
// Environment (ctest's sdk_calls / sdk_calls_pg set it; tests/CMakeLists.txt):
//   LINEDESK_SERVER        the linedesk-server binary
//   LINEDESK_SDK_MODULES   the node_modules folder scripts/sdk-install filled (BUILD_DIR/sdk/...)
//   LINEDESK_PG_DIR, LINEDESK_PG_CLUSTER_SCRIPT   optional: run on PostgreSQL
//
// Runs on Debian 12's node 18 and on node 20: node:test, node:assert/strict, global fetch.
// Raw fetch is used only where the SDK has no method (ending a call, heartbeat, the
// subscription's audit, history and capacity plan); each such place says so.
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';

const serverBinary = process.env.LINEDESK_SERVER;
const sdkModules = process.env.LINEDESK_SDK_MODULES;
if (!serverBinary || !sdkModules)
    throw new Error('set LINEDESK_SERVER (linedesk-server) and LINEDESK_SDK_MODULES ' +
                    '(BUILD_DIR/sdk/node_modules, made by scripts/sdk-install BUILD_DIR)');
// The SDK is installed in the build folder, not next to this file: resolve it from there.
const require = createRequire(import.meta.url);
const { VapiClient, VapiError } = require(path.join(sdkModules, '@vapi-ai', 'server-sdk'));

const blockedReason = 'call.start.error-subscription-concurrency-limit-reached';
const run = `${process.pid}-${Date.now()}`; // keeps this run's ids and names apart

// --- the server and its accounts -------------------------------------------------------------

let workDir;
let database;
let server;
let serverExited;
let baseUrl;
const ids = {};   // subscription and organization ids
const users = {}; // name -> { email, id, token, sdk }

function admin(command, ...args) {
    return execFileSync(serverBinary, ['admin', command, '--database', database, ...args],
                        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
        .trim();
}

function makeDatabase() {
    workDir = mkdtempSync(path.join(tmpdir(), 'linedesk-sdk-'));
    const pgDir = process.env.LINEDESK_PG_DIR;
    if (!pgDir)
        return path.join(workDir, 'linedesk.sqlite');
    const script = process.env.LINEDESK_PG_CLUSTER_SCRIPT;
    assert.ok(script, 'LINEDESK_PG_DIR needs LINEDESK_PG_CLUSTER_SCRIPT (scripts/pg-cluster)');
    const name = `sdk_calls_${process.pid}_${Date.now() % 1e9}`;
    const out = execFileSync('bash', [script, 'createdb', pgDir, name], { encoding: 'utf8' });
    const uri = out.trim().split('\n').pop();
    assert.match(uri, /^postgres(ql)?:\/\//, `pg-cluster createdb printed ${out}`);
    return uri;
}

function startServer() {
    return new Promise((resolve, reject) => {
        // Port 0: the server binds a free port and prints it on its "listening on" line. A
        // long lease: no call of this run ends (and changes its updatedAt) behind its back.
        server =
            spawn(serverBinary,
                  ['--database', database, '--listen', '127.0.0.1:0', '--lease-seconds', '3600'],
                  { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        const timer =
            setTimeout(() => reject(new Error(`no "listening on" in 30 s:\n${output}`)), 30000);
        const onData = (chunk) => {
            output += chunk;
            // The service's own warnings (a 500's cause, say) go into the test's output.
            for (const line of chunk.split('\n'))
                if (/ failed|warning|critical|fatal/i.test(line))
                    process.stderr.write(`linedesk-server: ${line}\n`);
            const m = /listening on (http:\/\/[^\s]+)/.exec(output);
            if (m) {
                clearTimeout(timer);
                resolve(m[1]);
            }
        };
        server.stdout.setEncoding('utf8').on('data', onData);
        server.stderr.setEncoding('utf8').on('data', onData);
        serverExited = new Promise((done) => server.once('exit', done));
        server.once('exit', (code, signal) => {
            clearTimeout(timer);
            reject(new Error(
                `linedesk-server ended (${code ?? signal}) before listening:\n${output}`));
        });
    });
}

function client(token) {
    // No retries: a refused request is what the test checks, not something to try again.
    return new VapiClient({ token, baseUrl, maxRetries: 0, timeoutInSeconds: 30 });
}

function addUser(name, ...options) {
    const email = `${name}-${run}@sdk.example`;
    const id = admin('create-user', '--email', email, ...options);
    const token = admin('create-token', '--email', email);
    users[name] = { email, id, token };
}

before(async () => {
    database = makeDatabase();
    ids.s1 = admin('create-subscription', '--name', 'S1', '--included', '3');
    ids.s2 = admin('create-subscription', '--name', 'S2', '--included', '3');
    ids.orgA = admin('create-org', '--name', 'Org A', '--subscription', ids.s1);
    ids.orgB = admin('create-org', '--name', 'Org B', '--subscription', ids.s2);
    addUser('a1', '--org', ids.orgA, '--role', 'admin');
    addUser('a2', '--org', ids.orgA, '--role', 'admin');
    addUser('v1', '--org', ids.orgA, '--role', 'viewer');
    addUser('b1', '--org', ids.orgB, '--role', 'admin');
    addUser('support', '--support');
    baseUrl = await startServer();
    for (const u of Object.values(users))
        u.sdk = client(u.token);
});

after(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
        server.kill('SIGTERM');
        const killer = setTimeout(() => server.kill('SIGKILL'), 10000);
        await serverExited;
        clearTimeout(killer);
    }
    if (workDir)
        rmSync(workDir, { recursive: true, force: true });
});

// --- helpers ---------------------------------------------------------------------------------

// Raw HTTP, for what the SDK has no method for (each caller says which).
async function raw(user, method, route, body) {
    const headers = { Authorization: `Bearer ${user.token}` };
    if (body !== undefined)
        headers['Content-Type'] = 'application/json';
    const res = await fetch(baseUrl + route, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
}

// The SDK has no "end call": POST /call/{id}/end.
async function endCall(user, id) {
    const r = await raw(user, 'POST', `/call/${id}/end`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'ended');
    return r.body;
}

// The request must fail with a VapiError carrying this status and our error code.
async function refused(request, statusCode, code) {
    let error;
    try {
        await request;
    } catch (e) {
        error = e;
    }
    assert.ok(error, `expected ${statusCode} ${code}, but the request succeeded`);
    assert.ok(error instanceof VapiError, `not a VapiError: ${error}`);
    assert.equal(error.statusCode, statusCode, JSON.stringify(error.body));
    assert.equal(error.body?.code, code, JSON.stringify(error.body));
    return error;
}

// Waits until the clock is past `iso`, so the next change gets a later millisecond: a wait for
// a condition (a few milliseconds at most), not a fixed sleep.
async function clockPast(iso) {
    const t = Date.parse(iso);
    assert.ok(Number.isFinite(t), `not a time: ${iso}`);
    const deadline = Date.now() + 5000;
    while (Date.now() <= t) {
        assert.ok(Date.now() < deadline, `the clock did not pass ${iso}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
}

const idsOf = (calls) => calls.map((c) => c.id);
const ms = (iso) => Date.parse(iso);

// Starts a call as `user` and waits until the clock is past its start.
async function startCall(user, details = {}) {
    const { data, rawResponse } = await user.sdk.calls.create(details).withRawResponse();
    assert.equal(rawResponse.status, 201);
    await clockPast(data.createdAt);
    return data;
}

// Starts and ends a call; returns it as GET answers after the end (updatedAt = end time).
async function endedCall(user, details) {
    const started = await startCall(user, details);
    assert.equal(started.status, 'in-progress');
    await endCall(user, started.id);
    const call = await user.sdk.calls.get({ id: started.id });
    await clockPast(call.updatedAt);
    return call;
}

// Ends every call of org A still in progress: a test that failed half-way must not leave the
// 3 lines busy for the next one. Listing uses our `status` filter (not in the SDK's request,
// passed as a query parameter the SDK adds as it is).
async function freeLines() {
    const busy =
        await users.a1.sdk.calls.list({ limit: 1000 }, { queryParams: { status: 'in-progress' } });
    for (const call of busy)
        await endCall(users.a1, call.id);
}

// --- 1. create and get -----------------------------------------------------------------------

test('create: admitted calls keep their details; the fourth on 3 lines is blocked (201)',
     async () => {
         const a1 = users.a1;
         const admitted = [];
         for (let i = 1; i <= 3; i++) {
             const details = {
                 name: `Create ${i}`,
                 assistantId: `asst-create-${run}`,
                 phoneNumberId: `phone-create-${i}-${run}`,
                 customer: { number: `+4930100${i}`, name: `Customer ${i}` },
             };
             const call = await startCall(a1, details);
             assert.equal(call.status, 'in-progress');
             assert.equal(call.orgId, ids.orgA);
             assert.equal(call.subscriptionId, ids.s1);
             assert.equal(call.type, 'outboundPhoneCall');
             assert.equal(call.name, details.name);
             assert.equal(call.assistantId, details.assistantId);
             assert.equal(call.phoneNumberId, details.phoneNumberId);
             assert.deepEqual(call.customer, details.customer);
             assert.equal(call.updatedAt, call.createdAt, 'a new call last changed at its start');
             assert.equal(call.subscriptionLimits.remainingConcurrentCalls, 3 - i);
             admitted.push({ call, details });
         }

         const blocked =
             await startCall(a1, { name: 'Blocked', assistantId: `asst-create-${run}` });
         assert.equal(blocked.status, 'ended');
         assert.equal(blocked.endedReason, blockedReason);
         assert.equal(blocked.subscriptionLimits.concurrencyBlocked, true);
         assert.equal(blocked.name, 'Blocked');
         assert.ok(ms(blocked.updatedAt) >= ms(blocked.createdAt));

         for (const { call, details } of admitted) {
             const got = await a1.sdk.calls.get({ id: call.id });
             assert.equal(got.id, call.id);
             assert.equal(got.status, 'in-progress');
             assert.equal(got.name, details.name);
             assert.equal(got.assistantId, details.assistantId);
             assert.equal(got.phoneNumberId, details.phoneNumberId);
             assert.deepEqual(got.customer, details.customer);
             assert.equal(got.createdAt, call.createdAt);
             assert.equal(got.updatedAt, call.updatedAt);
         }
         // A viewer of the organization reads it too; another organization's admin does not.
         assert.equal((await users.v1.sdk.calls.get({ id: admitted[0].call.id })).name, 'Create 1');
         await refused(users.b1.sdk.calls.get({ id: admitted[0].call.id }), 404, 'call-not-found');

         // Ending one frees its line for the next call; end them all so later tests have lines.
         const ended = await endCall(a1, admitted[0].call.id);
         assert.ok(ms(ended.updatedAt) > ms(admitted[0].call.updatedAt), 'the end moves updatedAt');
         const next = await startCall(a1, { name: 'After a free line' });
         assert.equal(next.status, 'in-progress');
         for (const id of [admitted[1].call.id, admitted[2].call.id, next.id])
             await endCall(a1, id);
     });

// --- 2. list ---------------------------------------------------------------------------------

describe('list', () => {
    // Org A: c1..c3 with assistant X, c4 with assistant Y; phone P1 on c1, c3, c4 and P2 on c2;
    // each started and ended in turn, so every createdAt and updatedAt is its own millisecond:
    //   c1.createdAt < c1.updatedAt < c2.createdAt < c2.updatedAt < … < c4.updatedAt
    const X = `asst-x-${run}`;
    const Y = `asst-y-${run}`;
    const P1 = `phone-1-${run}`;
    const P2 = `phone-2-${run}`;
    let c1, c2, c3, c4, bCall;

    before(async () => {
        await freeLines();
        const a1 = users.a1;
        c1 = await endedCall(a1, { name: 'c1', assistantId: X, phoneNumberId: P1 });
        c2 = await endedCall(a1, { name: 'c2', assistantId: X, phoneNumberId: P2 });
        c3 = await endedCall(a1, { name: 'c3', assistantId: X, phoneNumberId: P1 });
        c4 = await endedCall(a1, { name: 'c4', assistantId: Y, phoneNumberId: P1 });
        bCall = await endedCall(users.b1, { name: 'b', assistantId: X, phoneNumberId: P1 });
        assert.ok(ms(c2.createdAt) < ms(c2.updatedAt) && ms(c2.updatedAt) < ms(c3.createdAt));
    });

    test('assistantId, phoneNumberId, id and limit', async () => {
        const sdk = users.a1.sdk;
        assert.deepEqual(idsOf(await sdk.calls.list({ assistantId: X })), [c3.id, c2.id, c1.id]);
        assert.deepEqual(idsOf(await sdk.calls.list({ assistantId: Y })), [c4.id]);
        assert.deepEqual(idsOf(await sdk.calls.list({ phoneNumberId: P1 })), [c4.id, c3.id, c1.id]);
        assert.deepEqual(idsOf(await sdk.calls.list({ phoneNumberId: P2 })), [c2.id]);
        assert.deepEqual(idsOf(await sdk.calls.list({ assistantId: X, phoneNumberId: P1 })),
                         [c3.id, c1.id]);
        assert.deepEqual(await sdk.calls.list({ assistantId: `asst-nobody-${run}` }), []);
        assert.deepEqual(idsOf(await sdk.calls.list({ assistantId: X, limit: 2 })), [c3.id, c2.id]);
        assert.deepEqual(idsOf(await sdk.calls.list({ assistantId: X, limit: 1 })), [c3.id]);

        const [only] = await sdk.calls.list({ id: c2.id });
        assert.deepEqual(only, c2, 'list with id answers exactly the call GET answers');
        assert.equal((await sdk.calls.list({ id: c2.id })).length, 1);
        // Someone else's call, or no call at all: an empty list, not an error.
        assert.deepEqual(await sdk.calls.list({ id: bCall.id }), []);
        assert.deepEqual(await sdk.calls.list({ id: `no-such-call-${run}` }), []);
        assert.deepEqual(await sdk.calls.list({ id: c2.id, assistantId: Y }), []);
    });

    test('createdAtGt/Lt/Ge/Le at a real call\'s createdAt', async () => {
        const sdk = users.a1.sdk;
        const at = c2.createdAt;
        const x = (q) => sdk.calls.list({ assistantId: X, ...q }).then(idsOf);
        assert.deepEqual(await x({ createdAtGt: at }), [c3.id]);
        assert.deepEqual(await x({ createdAtGe: at }), [c3.id, c2.id]);
        assert.deepEqual(await x({ createdAtLt: at }), [c1.id]);
        assert.deepEqual(await x({ createdAtLe: at }), [c2.id, c1.id]);
        assert.deepEqual(await x({ createdAtGe: c1.createdAt, createdAtLt: c3.createdAt }),
                         [c2.id, c1.id]);
        assert.deepEqual(await x({ createdAtGt: c1.createdAt, createdAtLe: c3.createdAt }),
                         [c3.id, c2.id]);
        assert.deepEqual(await x({ createdAtGt: at, createdAtLt: c3.createdAt }), []);
        // c2's updatedAt lies between c2 and c3: a filter on createdAt is not one on updatedAt.
        assert.deepEqual(await x({ createdAtGt: c2.updatedAt }), [c3.id]);
        assert.deepEqual(await x({ createdAtLe: c2.updatedAt }), [c2.id, c1.id]);

        // Alone, over everything org A has: Gt and Ge differ by exactly c2, as do Lt and Le.
        const all = await sdk.calls.list({ limit: 1000 });
        const expect = (keep) => idsOf(all.filter(keep));
        const gt = idsOf(await sdk.calls.list({ createdAtGt: at, limit: 1000 }));
        const ge = idsOf(await sdk.calls.list({ createdAtGe: at, limit: 1000 }));
        const lt = idsOf(await sdk.calls.list({ createdAtLt: at, limit: 1000 }));
        const le = idsOf(await sdk.calls.list({ createdAtLe: at, limit: 1000 }));
        assert.deepEqual(gt, expect((c) => ms(c.createdAt) > ms(at)));
        assert.deepEqual(ge, expect((c) => ms(c.createdAt) >= ms(at)));
        assert.deepEqual(lt, expect((c) => ms(c.createdAt) < ms(at)));
        assert.deepEqual(le, expect((c) => ms(c.createdAt) <= ms(at)));
        assert.deepEqual(ge.filter((id) => !gt.includes(id)), [c2.id]);
        assert.deepEqual(le.filter((id) => !lt.includes(id)), [c2.id]);
        assert.equal(gt.length + le.length, all.length);
    });

    test('updatedAtGt/Lt/Ge/Le at a real call\'s updatedAt', async () => {
        const sdk = users.a1.sdk;
        const at = c2.updatedAt;
        const x = (q) => sdk.calls.list({ assistantId: X, ...q }).then(idsOf);
        assert.deepEqual(await x({ updatedAtGt: at }), [c3.id]);
        assert.deepEqual(await x({ updatedAtGe: at }), [c3.id, c2.id]);
        assert.deepEqual(await x({ updatedAtLt: at }), [c1.id]);
        assert.deepEqual(await x({ updatedAtLe: at }), [c2.id, c1.id]);
        // c2 was created before c2.updatedAt and changed after c2.createdAt.
        assert.deepEqual(await x({ updatedAtGt: c2.createdAt }), [c3.id, c2.id]);
        assert.deepEqual(await x({ createdAtGt: c2.createdAt }), [c3.id]);
        assert.deepEqual(await x({ updatedAtGe: c1.updatedAt, updatedAtLe: c2.updatedAt }),
                         [c2.id, c1.id]);

        const all = await sdk.calls.list({ limit: 1000 });
        const expect = (keep) => idsOf(all.filter(keep));
        const gt = idsOf(await sdk.calls.list({ updatedAtGt: at, limit: 1000 }));
        const ge = idsOf(await sdk.calls.list({ updatedAtGe: at, limit: 1000 }));
        const lt = idsOf(await sdk.calls.list({ updatedAtLt: at, limit: 1000 }));
        const le = idsOf(await sdk.calls.list({ updatedAtLe: at, limit: 1000 }));
        assert.deepEqual(gt, expect((c) => ms(c.updatedAt) > ms(at)));
        assert.deepEqual(ge, expect((c) => ms(c.updatedAt) >= ms(at)));
        assert.deepEqual(lt, expect((c) => ms(c.updatedAt) < ms(at)));
        assert.deepEqual(le, expect((c) => ms(c.updatedAt) <= ms(at)));
        assert.deepEqual(ge.filter((id) => !gt.includes(id)), [c2.id]);
        assert.deepEqual(le.filter((id) => !lt.includes(id)), [c2.id]);
    });

    test('combinations: assistantId + createdAtGe + limit, and more', async () => {
        const sdk = users.a1.sdk;
        const list = (q) => sdk.calls.list(q).then(idsOf);
        assert.deepEqual(await list({ assistantId: X, createdAtGe: c2.createdAt, limit: 1 }),
                         [c3.id]);
        assert.deepEqual(await list({ assistantId: X, createdAtGe: c2.createdAt, limit: 2 }),
                         [c3.id, c2.id]);
        assert.deepEqual(await list({ assistantId: X, createdAtGe: c1.createdAt, limit: 5 }),
                         [c3.id, c2.id, c1.id]);
        assert.deepEqual(await list({ phoneNumberId: P1, updatedAtGt: c1.updatedAt, limit: 1 }),
                         [c4.id]);
        assert.deepEqual(await list({
                             assistantId: X,
                             phoneNumberId: P1,
                             createdAtLt: c3.createdAt,
                             updatedAtGe: c1.updatedAt
                         }),
                         [c1.id]);
        assert.deepEqual(await list({ id: c3.id, assistantId: X, createdAtGe: c3.createdAt }),
                         [c3.id]);
        assert.deepEqual(await list({ id: c3.id, createdAtGt: c3.createdAt }), []);
    });

    test('who sees what: org B\'s admin none of org A, support both, a viewer her org',
         async () => {
             const b = await users.b1.sdk.calls.list({ limit: 1000 });
             assert.ok(b.length >= 1);
             assert.ok(b.every((c) => c.orgId === ids.orgB), 'org B sees only org B');
             assert.deepEqual(idsOf(await users.b1.sdk.calls.list({ assistantId: X })), [bCall.id]);
             assert.deepEqual(await users.b1.sdk.calls.list({ id: c1.id }), []);

             const s = users.support.sdk;
             assert.deepEqual(idsOf(await s.calls.list({ assistantId: X })),
                              [bCall.id, c3.id, c2.id, c1.id]);
             assert.deepEqual(idsOf(await s.calls.list({ id: c1.id })), [c1.id]);
             assert.deepEqual(idsOf(await s.calls.list({ id: bCall.id })), [bCall.id]);
             const everything = await s.calls.list({ limit: 1000 });
             assert.ok(everything.some((c) => c.orgId === ids.orgA));
             assert.ok(everything.some((c) => c.orgId === ids.orgB));

             assert.deepEqual(idsOf(await users.v1.sdk.calls.list({ assistantId: X })),
                              [c3.id, c2.id, c1.id]);
         });

    test('malformed values are 400 with a code, never ignored', async () => {
        const sdk = users.a1.sdk;
        await refused(sdk.calls.list({ limit: 0 }), 400, 'invalid-limit');
        await refused(sdk.calls.list({ limit: 1001 }), 400, 'invalid-limit');
        await refused(sdk.calls.list({ limit: 'x' }), 400, 'invalid-limit');
        await refused(sdk.calls.list({ createdAtGt: 'yesterday' }), 400, 'invalid-time');
        await refused(sdk.calls.list({ updatedAtLe: '2026-13-01' }), 400, 'invalid-time');
        await refused(sdk.calls.list({ assistantId: '' }), 400, 'invalid-parameter');
        await refused(sdk.calls.list({ phoneNumberId: '' }), 400, 'invalid-parameter');
        await refused(sdk.calls.list({ id: '' }), 400, 'invalid-parameter');
        await refused(sdk.calls.list({ id: 'x'.repeat(201) }), 400, 'invalid-parameter');
        await refused(sdk.calls.list({}, { queryParams: { foo: 1 } }), 400, 'unknown-parameter');
        // 1000 is the bound itself, and 200 characters the longest id: both fine.
        assert.ok(Array.isArray(await sdk.calls.list({ limit: 1000 })));
        assert.deepEqual(await sdk.calls.list({ id: 'x'.repeat(200) }), []);
    });

    test('default: at most 100, newest created first', async () => {
        const sdk = users.a1.sdk;
        // Enough calls that org A has more than 100 (each ended at once to keep lines free).
        let total = (await sdk.calls.list({ limit: 1000 })).length;
        for (; total <= 100; total++) {
            const call = await sdk.calls.create({ name: `filler ${total}` });
            assert.equal(call.status, 'in-progress');
            await endCall(users.a1, call.id);
        }
        const all = await sdk.calls.list({ limit: 1000 });
        assert.equal(all.length, total);
        const page = await sdk.calls.list();
        assert.equal(page.length, 100);
        for (let i = 1; i < page.length; i++)
            assert.ok(ms(page[i - 1].createdAt) >= ms(page[i].createdAt), `newest first at ${i}`);
        assert.deepEqual(idsOf(page), idsOf(all).slice(0, 100));
        assert.ok(page.every((c) => c.orgId === ids.orgA));
    });
});

// --- 3. update -------------------------------------------------------------------------------

// The subscription's audit trail, every page (no SDK method: GET /subscription/{id}/audit).
async function auditTrail(user, subscriptionId) {
    const entries = [];
    let cursor = '';
    do {
        const r = await raw(user, 'GET',
                            `/subscription/${subscriptionId}/audit?limit=1000` +
                                (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''));
        assert.equal(r.status, 200, JSON.stringify(r.body));
        entries.push(...r.body.results);
        cursor = r.body.nextCursor;
    } while (cursor);
    return entries;
}

describe('update', () => {
    const assistant = `asst-update-${run}`;
    let call;

    before(async () => {
        await freeLines();
        call = await startCall(users.a1, {
            name: 'Before',
            assistantId: assistant,
            customer: { number: '+4930200' },
        });
    });

    test('an admin renames: get and list show it, updatedAt moves, createdAt stays', async () => {
        const before = await users.a1.sdk.calls.get({ id: call.id });
        const renamed = await users.a2.sdk.calls.update({ id: call.id, name: 'Renamed by a2' });
        assert.equal(renamed.id, call.id);
        assert.equal(renamed.name, 'Renamed by a2');
        assert.equal(renamed.status, 'in-progress');
        assert.equal(renamed.createdAt, before.createdAt);
        assert.ok(ms(renamed.updatedAt) > ms(before.updatedAt), 'updatedAt moves on a change');
        assert.equal(renamed.assistantId, assistant);
        assert.deepEqual(renamed.customer, { number: '+4930200' });

        const got = await users.a1.sdk.calls.get({ id: call.id });
        assert.equal(got.name, 'Renamed by a2');
        assert.equal(got.updatedAt, renamed.updatedAt);
        assert.equal(got.createdAt, before.createdAt);
        const [listed] = await users.v1.sdk.calls.list({ id: call.id });
        assert.equal(listed.name, 'Renamed by a2');

        // The rename shows up in lists of what changed since before it, and not before.
        assert.deepEqual(idsOf(await users.a1.sdk.calls.list(
                             { updatedAtGt: before.updatedAt, assistantId: assistant })),
                         [call.id]);
        assert.deepEqual(await users.a1.sdk.calls.list(
                             { updatedAtLe: before.updatedAt, assistantId: assistant }),
                         []);
        assert.deepEqual(idsOf(await users.a1.sdk.calls.list(
                             { updatedAtGe: renamed.updatedAt, assistantId: assistant })),
                         [call.id]);
        await clockPast(renamed.updatedAt);
    });

    test('the user who started it renames; the same name again changes nothing', async () => {
        const renamed = await users.a1.sdk.calls.update({ id: call.id, name: 'Renamed by a1' });
        assert.equal(renamed.name, 'Renamed by a1');
        await clockPast(renamed.updatedAt);
        const again = await users.a1.sdk.calls.update({ id: call.id, name: 'Renamed by a1' });
        assert.equal(again.name, 'Renamed by a1');
        assert.equal(again.updatedAt, renamed.updatedAt, 'no change, no new updatedAt');
    });

    test('a viewer is refused (403), another organization\'s admin does not see it (404)',
         async () => {
             const beforeRefusals = await users.a1.sdk.calls.get({ id: call.id });
             await refused(users.v1.sdk.calls.update({ id: call.id, name: 'Viewer' }), 403,
                           'forbidden');
             await refused(users.b1.sdk.calls.update({ id: call.id, name: 'Org B' }), 404,
                           'call-not-found');
             await refused(users.a1.sdk.calls.update({ id: `no-such-call-${run}`, name: 'x' }), 404,
                           'call-not-found');
             assert.deepEqual(await users.a1.sdk.calls.get({ id: call.id }), beforeRefusals);
         });

    test('support must give a reason; the change is audited without the name', async () => {
        await refused(users.support.sdk.calls.update({ id: call.id, name: 'By support' }), 400,
                      'reason-required');
        assert.equal((await users.a1.sdk.calls.get({ id: call.id })).name, 'Renamed by a1');
        // UpdateCallDto has only `name`, but the SDK sends every other field of the request as
        // it is (it only takes `id` out for the path), so `reason` goes through the SDK too.
        const renamed = await users.support.sdk.calls.update({
            id: call.id,
            name: 'By support',
            reason: 'ticket 4711: caller asked',
        });
        assert.equal(renamed.name, 'By support');
        assert.equal((await users.a1.sdk.calls.get({ id: call.id })).name, 'By support');

        const audit = await auditTrail(users.a1, ids.s1);
        const entries =
            audit.filter((e) => e.action === 'call.update' && JSON.stringify(e).includes(call.id));
        assert.equal(entries.length, 1, 'only support\'s change is audited');
        const [entry] = entries;
        assert.equal(entry.actor, users.support.email);
        assert.equal(entry.reason, 'ticket 4711: caller asked');
        assert.equal(entry.subscriptionId, ids.s1);
        const text = JSON.stringify(entry);
        for (const name of ['By support', 'Renamed by a1', 'Before', '+4930200'])
            assert.ok(!text.includes(name), `the audit entry holds "${name}": ${text}`);
        assert.ok(text.includes('"fields":["name"]'), text);
        await clockPast(renamed.updatedAt);
    });

    test('read-only, unknown and mistyped fields are 400', async () => {
        const sdk = users.a1.sdk;
        const unchanged = await sdk.calls.get({ id: call.id });
        // Fields the SDK's UpdateCallDto does not have: the SDK sends them as they are, like
        // `reason` above (a cast in TypeScript).
        const readOnly = {
            status: 'ended',
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: '2026-01-01T00:00:00Z',
            assistantId: 'other',
            phoneNumberId: 'other',
            customer: { number: '+1' },
            orgId: ids.orgB,
            endedReason: 'x',
            type: 'webCall',
            id: 'other',
        };
        for (const [field, value] of Object.entries(readOnly)) {
            const body = { [field]: value };
            // `id` is the SDK's path parameter: a body `id` needs a raw PATCH.
            if (field === 'id') {
                const r = await raw(users.a1, 'PATCH', `/call/${call.id}`, body);
                assert.equal(r.status, 400, JSON.stringify(r.body));
                assert.equal(r.body.code, 'read-only-field');
                continue;
            }
            await refused(sdk.calls.update({ id: call.id, ...body }), 400, 'read-only-field');
        }
        await refused(sdk.calls.update({ id: call.id, name: 'Ok', status: 'ended' }), 400,
                      'read-only-field');
        await refused(sdk.calls.update({ id: call.id, foo: 1 }), 400, 'unknown-field');
        await refused(sdk.calls.update({ id: call.id, name: 'Ok', nickname: 'x' }), 400,
                      'unknown-field');
        await refused(sdk.calls.update({ id: call.id, name: 42 }), 400, 'invalid-field');
        await refused(sdk.calls.update({ id: call.id, name: null }), 400, 'invalid-field');
        await refused(sdk.calls.update({ id: call.id, name: 'x'.repeat(1001) }), 400,
                      'invalid-field');
        await refused(sdk.calls.update({ id: call.id, name: 'bidi \u202e text' }), 400,
                      'invalid-field');
        await refused(sdk.calls.update({ id: call.id, name: 'Ok', reason: 7 }), 400,
                      'invalid-reason');
        assert.deepEqual(await sdk.calls.get({ id: call.id }), unchanged, 'nothing changed');
    });

    test('an ended call can be renamed, and "" removes the name', async () => {
        const ended = await endCall(users.a1, call.id);
        await clockPast(ended.updatedAt);
        const renamed = await users.a2.sdk.calls.update({ id: call.id, name: 'After the end' });
        assert.equal(renamed.status, 'ended');
        assert.equal(renamed.name, 'After the end');
        assert.ok(ms(renamed.updatedAt) > ms(ended.updatedAt));
        assert.equal(renamed.endedAt, ended.endedAt);
        await clockPast(renamed.updatedAt);
        const cleared = await users.a2.sdk.calls.update({ id: call.id, name: '' });
        assert.equal('name' in cleared, false, JSON.stringify(cleared));
        assert.equal('name' in (await users.a1.sdk.calls.get({ id: call.id })), false);
    });
});

// --- 4. delete -------------------------------------------------------------------------------

// What must keep counting after a deletion, over the last day: POST /analytics (through the
// SDK) on the call table (attempts, blocked, durations) and on the subscription table, the
// recorded concurrency history (peak, blocked); and the capacity plan's call figures (no SDK
// method: a raw GET). The service has no GET /subscription/{id}/history route: its history is
// what the subscription table and the capacity plan read.
async function ledgerCounts(user) {
    const end = new Date(Date.now() + 60000).toISOString();
    const start = new Date(Date.now() - 86400000).toISOString();
    const timeRange = { start, end, step: 'day' };
    const [calls, history] = await user.sdk.analytics.get({
        queries: [
            {
                name: 'calls',
                table: 'call',
                subscriptionId: ids.s1,
                timeRange,
                operations: [
                    { operation: 'count' },
                    { operation: 'sum', column: 'blocked', alias: 'blocked' },
                    { operation: 'sum', column: 'duration', alias: 'duration' },
                ],
            },
            {
                name: 'history',
                table: 'subscription',
                subscriptionId: ids.s1,
                timeRange,
                operations: [
                    { operation: 'max', column: 'concurrency', alias: 'peak' },
                    { operation: 'sum', column: 'blocked', alias: 'blocked' },
                ],
            }
        ],
    });
    const sum = (result, key) => result.result.reduce((total, row) => total + row[key], 0);
    const peak = Math.max(...history.result.map((row) => row.peak));
    const plan = await raw(user, 'GET', `/subscription/${ids.s1}/capacity-plan`);
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    return {
        count: sum(calls, 'count'),
        blocked: sum(calls, 'blocked'),
        duration: sum(calls, 'duration'),
        historyPeak: peak,
        historyBlocked: sum(history, 'blocked'),
        planCalls: plan.body.calls,
    };
}

const erased = ['name', 'customer', 'assistantId', 'phoneNumberId', 'squadId'];

async function assertGone(id) {
    const a1 = users.a1;
    await refused(a1.sdk.calls.get({ id }), 404, 'call-not-found');
    assert.deepEqual(await a1.sdk.calls.list({ id }), []);
    assert.ok(!idsOf(await users.support.sdk.calls.list({ limit: 1000 })).includes(id));
    await refused(a1.sdk.calls.update({ id, name: 'again' }), 404, 'call-not-found');
    await refused(a1.sdk.calls.delete({ id }), 404, 'call-not-found');
    // No SDK method for these two: raw POSTs.
    for (const action of ['end', 'heartbeat']) {
        const r = await raw(a1, 'POST', `/call/${id}/${action}`, {});
        assert.equal(r.status, 404, `${action}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.code, 'call-not-found');
    }
}

describe('delete', () => {
    const assistant = `asst-delete-${run}`;
    const details = (n) => ({
        name: `Delete me ${n}`,
        assistantId: assistant,
        phoneNumberId: `phone-delete-${run}`,
        squadId: `squad-${run}`,
        customer: { number: `+4930300${n}`, name: `Private ${n}` },
    });

    before(freeLines);

    test('an in-progress call is refused (409) and nothing changes', async () => {
        const call = await startCall(users.a1, details(1));
        const before = await users.a1.sdk.calls.get({ id: call.id });
        await refused(users.a1.sdk.calls.delete({ id: call.id }), 409, 'call-in-progress');
        await refused(users.a2.sdk.calls.delete({ id: call.id }), 409, 'call-in-progress');
        const afterRefusal = await users.a1.sdk.calls.get({ id: call.id });
        assert.deepEqual(afterRefusal, before);
        assert.equal(afterRefusal.status, 'in-progress');
        await endCall(users.a1, call.id);
    });

    test(
        'an ended call: roles, erasure, 404 after, counts kept, audited without the data',
        async () => {
            const call = await startCall(users.a1, details(2));
            await endCall(users.a1, call.id);
            const ended = await users.a1.sdk.calls.get({ id: call.id });
            await clockPast(ended.updatedAt);
            const counts = await ledgerCounts(users.a1);
            assert.ok(counts.count >= 1 && counts.blocked >= 1 && counts.duration >= 0,
                      JSON.stringify(counts));
            assert.ok(counts.historyPeak >= 1 && counts.planCalls.attempts >= 1,
                      JSON.stringify(counts));

            await refused(users.v1.sdk.calls.delete({ id: call.id }), 403, 'forbidden');
            await refused(users.b1.sdk.calls.delete({ id: call.id }), 404, 'call-not-found');
            await refused(users.support.sdk.calls.delete({ id: call.id }), 400, 'reason-required');
            await refused(users.a2.sdk.calls.delete({ id: call.id, foo: 1 }), 400, 'unknown-field');
            assert.deepEqual(await users.a1.sdk.calls.get({ id: call.id }), ended, 'still there');

            const { data: deleted, rawResponse } =
                await users.a2.sdk.calls.delete({ id: call.id }).withRawResponse();
            assert.equal(rawResponse.status, 200);
            assert.equal(deleted.id, call.id);
            assert.equal(deleted.status, 'ended');
            assert.equal(deleted.createdAt, ended.createdAt);
            assert.equal(deleted.endedAt, ended.endedAt);
            assert.ok(deleted.deletedAt, JSON.stringify(deleted));
            assert.equal(deleted.updatedAt, deleted.deletedAt);
            assert.ok(ms(deleted.deletedAt) > ms(ended.updatedAt));
            for (const field of erased)
                assert.equal(field in deleted, false, `${field} kept: ${JSON.stringify(deleted)}`);

            await assertGone(call.id);
            const sameAssistant = idsOf(await users.a1.sdk.calls.list({ assistantId: assistant }));
            assert.ok(!sameAssistant.includes(call.id), 'a list by its erased assistant omits it');
            assert.deepEqual(await ledgerCounts(users.a1), counts, 'history and analytics keep it');

            const audit = await auditTrail(users.a1, ids.s1);
            const entries = audit.filter((e) => e.action === 'call.delete' &&
                                                JSON.stringify(e).includes(call.id));
            assert.equal(entries.length, 1, JSON.stringify(audit));
            const [entry] = entries;
            assert.equal(entry.actor, users.a2.email);
            assert.equal(entry.subscriptionId, ids.s1);
            assert.ok(Math.abs(ms(entry.at) - ms(deleted.deletedAt)) < 1000, entry.at);
            const text = JSON.stringify(entry);
            for (const value of Object.values(details(2))
                     .flatMap((v) => typeof v === 'string' ? [v] : Object.values(v)))
                assert.ok(!text.includes(value), `the audit entry holds "${value}": ${text}`);
            // Who and when, and which call as it was: its id, status and start, nothing erased.
            assert.deepEqual(entry.before,
                             { callId: call.id, status: 'ended', createdAt: ended.createdAt });
            for (const part of [entry.before, entry.after])
                for (const key of Object.keys(part ?? {}))
                    assert.ok(!erased.includes(key), `audit key ${key}: ${text}`);
        });

    test('support deletes with a reason', async () => {
        const call = await startCall(users.a1, details(3));
        await endCall(users.a1, call.id);
        const deleted = await users.support.sdk.calls.delete({
            id: call.id,
            reason: 'ticket 4712: erase on request', // sent as is, like update's
        });
        assert.equal(deleted.id, call.id);
        assert.ok(deleted.deletedAt);
        await assertGone(call.id);
        const entry =
            (await auditTrail(users.a1, ids.s1))
                .find((e) => e.action === 'call.delete' && JSON.stringify(e).includes(call.id));
        assert.ok(entry, 'audited');
        assert.equal(entry.actor, users.support.email);
        assert.equal(entry.reason, 'ticket 4712: erase on request');
    });

    test('bulk ids: all deleted in order, or none when one is in progress', async () => {
        const e1 = await endedCall(users.a1, details(4));
        const e2 = await endedCall(users.a1, details(5));
        const e3 = await endedCall(users.a1, details(6));
        const live = await startCall(users.a1, details(7));

        await refused(users.a1.sdk.calls.delete({ id: e3.id, ids: [e3.id, live.id] }), 409,
                      'call-in-progress');
        assert.deepEqual(await users.a1.sdk.calls.get({ id: e3.id }), e3, 'e3 not deleted');
        assert.equal((await users.a1.sdk.calls.get({ id: live.id })).status, 'in-progress');
        await refused(users.v1.sdk.calls.delete({ id: e1.id, ids: [e1.id, e2.id] }), 403,
                      'forbidden');

        // With `ids` the path's id is ignored, as the platform documents: e3 stays.
        const deleted = await users.a1.sdk.calls.delete({ id: e3.id, ids: [e2.id, e1.id] });
        assert.ok(Array.isArray(deleted), JSON.stringify(deleted));
        assert.deepEqual(idsOf(deleted), [e2.id, e1.id]);
        for (const call of deleted) {
            assert.ok(call.deletedAt);
            for (const field of erased)
                assert.equal(field in call, false, `${field} kept: ${JSON.stringify(call)}`);
        }
        await assertGone(e1.id);
        await assertGone(e2.id);
        // The calls left with this assistant: the two kept, newest first, and earlier tests'.
        const kept = idsOf(await users.a1.sdk.calls.list({ assistantId: assistant }));
        assert.deepEqual(kept.slice(0, 2), [live.id, e3.id]);
        assert.ok(!kept.includes(e1.id) && !kept.includes(e2.id));
        assert.deepEqual(await users.a1.sdk.calls.get({ id: e3.id }), e3, 'e3 kept');
        await endCall(users.a1, live.id);
    });
});
