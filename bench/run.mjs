// `npm run bench`: the service against the practical limit of its own stack, side by side in one run.
//   1. its own database (embedded PostgreSQL, or BENCH_DATABASE_URL, which it fills), seeded in SQL at
//      national scale (seed.mjs), certificates issued by the service (prepare.mjs);
//   2. the production build in its own process, the raw baseline (raw-baseline.mjs: node:http + pg, one
//      query per route) in another, the load generator (load.mjs, autocannon) in a third;
//   3. each route warmed up, then measured in alternating rounds (service, raw, service, raw…), medians;
//   4. the write path, the PDF download, imports, public latency while ten imports run, peak memory.
// Prints a table and writes bench/results/latest.json. Settings: BENCH_SECONDS (per round, 5),
// BENCH_ROUNDS (3), BENCH_CONNECTIONS (16).
import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, startEmbeddedPostgres, takeOverShutdownSignals } from '../scripts/embedded-postgres.mjs';
import { COMMON_LAO_WORD, SCALE } from './seed.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const began = Date.now();
const say = (message) =>
  console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}`);

takeOverShutdownSignals();
const embedded = process.env.BENCH_DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({
      dir: path.join(mkdtempSync(path.join(os.tmpdir(), 'iris-bench-')), 'pg', 'data'),
      persistent: false,
      database: 'iris_bench',
    });
const databaseUrl = process.env.BENCH_DATABASE_URL ?? embedded.url;
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret!',
  CERTIFICATE_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }),
  ADMIN_EMAIL: 'bench-admin@example.la',
  ADMIN_PASSWORD: 'bench-admin-password',
  // All load comes from one address and one account: limits far above it keep their checks in the path.
  LOGIN_MAX_FAILURES_PER_IP: '1000000',
  LOGIN_MAX_FAILURES_PER_EMAIL: '1000000',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000',
  API_RATE_LIMIT_PER_MINUTE: '100000000',
  DEMO_DATA: 'false',
};
const children = [];

try {
  say(
    `seeding ${SCALE.agencies} agencies, ${SCALE.participants} participants, ${SCALE.auditLog} audit-log rows…`,
  );
  const prepared = JSON.parse(
    execFileSync(process.execPath, [path.join(here, 'prepare.mjs')], {
      env: { ...env, PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    })
      .toString()
      .trim()
      .split('\n')
      .pop(),
  );

  const servicePort = await freePort();
  const service = await startProcess('service', [path.join(root, 'dist/src/main.js')], {
    ...env,
    PORT: String(servicePort),
    PUBLIC_BASE_URL: `http://localhost:${servicePort}`,
  });
  await waitFor(`http://127.0.0.1:${servicePort}/health/ready`);
  const rawPort = await freePort();
  await startProcess('raw', [path.join(here, 'raw-baseline.mjs')], {
    ...env,
    PORT: String(rawPort),
    PUBLIC_BASE_URL: `http://localhost:${servicePort}`,
  });
  await waitFor(`http://127.0.0.1:${rawPort}/api/v1/public/agencies?limit=1`);
  const serviceBase = `http://127.0.0.1:${servicePort}`;
  const rawBase = `http://127.0.0.1:${rawPort}`;
  const login = await post(`${serviceBase}/api/v1/auth/login`, {
    email: env.ADMIN_EMAIL,
    password: env.ADMIN_PASSWORD,
  });
  const auth = { authorization: `Bearer ${login.accessToken}` };
  const lao = encodeURIComponent(COMMON_LAO_WORD);

  const routes = [
    {
      name: 'GET /api/v1/public/certificates/{n}',
      path: `/api/v1/public/certificates/${prepared.number}`,
      qr: true,
    },
    { name: 'GET /verify/{n} (QR page)', path: `/verify/${prepared.number}`, qr: true },
    { name: 'GET /api/v1/public/agencies?limit=20', path: '/api/v1/public/agencies?limit=20' },
    { name: '… ?province=LA-CH', path: '/api/v1/public/agencies?limit=20&province=LA-CH' },
    { name: '… ?certified=true', path: '/api/v1/public/agencies?limit=20&certified=true' },
    { name: '… ?q=<common Lao word>', path: `/api/v1/public/agencies?limit=20&q=${lao}`, search: true },
    { name: 'GET /api/v1/public/agencies/{id}', path: `/api/v1/public/agencies/${prepared.agencyId}` },
    { name: 'GET /agencies/{id} (page)', path: `/agencies/${prepared.agencyId}` },
    { name: 'GET / (home page)', path: '/' },
    {
      name: 'GET /api/v1/agencies?limit=20 (signed in)',
      path: '/api/v1/agencies?limit=20',
      headers: auth,
      staff: true,
    },
  ];
  const rows = [];
  for (const route of routes) {
    const service = [];
    const raw = [];
    await load(serviceBase, route, 1);
    await load(rawBase, route, 1);
    for (let round = 0; round < ROUNDS; round++) {
      service.push(await load(serviceBase, route, SECONDS));
      raw.push(await load(rawBase, route, SECONDS));
    }
    const row = {
      route: route.name,
      rps: median(service.map((r) => r.rps)),
      rawRps: median(raw.map((r) => r.rps)),
      p99: median(service.map((r) => r.p99)),
      rawP99: median(raw.map((r) => r.p99)),
      ratios: service.map((r, i) => r.rps / raw[i].rps),
      non2xx: service.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
      target: route.qr
        ? { ratio: 0.6, p99: 25 }
        : route.search
          ? { rps: 5 * 57, p99: 100 }
          : route.staff
            ? { p99: 60 }
            : { ratio: 0.6, p99: 50 },
    };
    row.ratio = row.rps / row.rawRps;
    rows.push(row);
    say(`${route.name}: ${Math.round(row.rps)} req/s (raw ${Math.round(row.rawRps)}), p99 ${row.p99} ms`);
  }

  const pdf = await load(
    serviceBase,
    { path: `/api/v1/certificates/${prepared.number}/pdf`, headers: auth },
    SECONDS,
  );
  say(`GET /api/v1/certificates/{n}/pdf: ${Math.round(pdf.rps)} req/s, p99 ${pdf.p99} ms`);
  const moves = await timeMoves(serviceBase, auth);
  say(`POST /api/v1/certifications/{id}/transitions: ${Math.round(moves.rps)} moves/s, p99 ${moves.p99} ms`);
  const agencyImport = await timeAgencyImport(serviceBase, auth, 10_000, 'A');
  say(`agency import, 10,000 rows: ${agencyImport.seconds.toFixed(2)} s`);
  const sheetImport = await timeSignInSheet(serviceBase, auth);
  say(`sign-in sheet import, 2,000 rows: ${sheetImport.seconds.toFixed(2)} s`);
  const quiet = await load(serviceBase, routes[1], SECONDS);
  const busy = await underImports(serviceBase, auth, routes[1]);
  say(
    `public p99 ${quiet.p99} ms quiet, ${busy.p99} ms while ten imports run (${busy.importSeconds.toFixed(1)} s)`,
  );
  const home = await transferred(`${serviceBase}/`);
  const rssMb = peakRssMb(service.pid);

  const results = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg()[0].toFixed(1)}`,
    method: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, scale: SCALE },
    routes: rows,
    certificatePdf: { rps: pdf.rps, p99: pdf.p99, target: { p99: 20 } },
    caseMoves: moves,
    renderPerSecond: prepared.renderPerSecond,
    agencyImport10k: { seconds: agencyImport.seconds, target: 3 },
    signInSheet2k: { seconds: sheetImport.seconds, target: 1 },
    publicP99UnderImports: {
      quiet: quiet.p99,
      busy: busy.p99,
      busyRps: busy.rps,
      busyFailures: busy.errors + busy.non2xx,
      importSeconds: busy.importSeconds,
      target: 100,
    },
    homePage: { encoding: home.encoding, transferredBytes: home.bytes, plainBytes: home.plainBytes },
    peakRssMb: { value: rssMb, target: 200 },
    minutes: (Date.now() - began) / 60_000,
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  print(results);
} finally {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await embedded?.stop();
}

function print(results) {
  const fmt = (n) => Math.round(n).toLocaleString('en');
  const met = (ok) => (ok ? 'met' : 'MISSED');
  console.log(
    `\n${results.machine}; ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s, medians\n`,
  );
  console.log(
    '| route | service req/s | raw req/s | service ÷ raw (rounds) | p99 ms | raw p99 ms | target |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results.routes) {
    const goals = [];
    if (r.target.ratio) goals.push(`÷ ≥ ${r.target.ratio} ${met(r.ratio >= r.target.ratio)}`);
    if (r.target.rps) goals.push(`≥ ${r.target.rps} req/s ${met(r.rps >= r.target.rps)}`);
    goals.push(`p99 < ${r.target.p99} ${met(r.p99 < r.target.p99)}`);
    console.log(
      `| ${r.route} | ${fmt(r.rps)} | ${fmt(r.rawRps)} | **${r.ratio.toFixed(2)}** (${r.ratios.map((x) => x.toFixed(2)).join(', ')}) | ${r.p99} | ${r.rawP99} | ${goals.join('; ')} |`,
    );
  }
  const p = results;
  console.log(`
| other | figure | target |
| --- | --- | --- |
| GET /api/v1/certificates/{n}/pdf | ${fmt(p.certificatePdf.rps)} req/s, p99 ${p.certificatePdf.p99} ms | p99 < 20 ${met(p.certificatePdf.p99 < 20)} |
| case moves (write path, ${CONNECTIONS} at once) | ${fmt(p.caseMoves.rps)} moves/s, p99 ${p.caseMoves.p99} ms, ${p.caseMoves.refused} refused | — |
| certificate rendering, in process | ${p.renderPerSecond.toFixed(1)}/s | — |
| agency import, 10,000 rows | ${p.agencyImport10k.seconds.toFixed(2)} s | < 3 s ${met(p.agencyImport10k.seconds < 3)} |
| sign-in sheet import, 2,000 rows | ${p.signInSheet2k.seconds.toFixed(2)} s | < 1 s ${met(p.signInSheet2k.seconds < 1)} |
| public p99 (/verify), quiet → ten imports running | ${p.publicP99UnderImports.quiet} → ${p.publicP99UnderImports.busy} ms (${fmt(p.publicP99UnderImports.busyRps)} req/s, ${p.publicP99UnderImports.busyFailures} failed or timed out) | < 100 ${met(p.publicP99UnderImports.busyRps > 0 && p.publicP99UnderImports.busyFailures === 0 && p.publicP99UnderImports.busy < 100)} |
| home page transferred | ${fmt(p.homePage.transferredBytes)} bytes (${p.homePage.encoding ?? 'identity'}; ${fmt(p.homePage.plainBytes)} plain) | compressed ${met(Boolean(p.homePage.encoding))} |
| service peak RSS | ${p.peakRssMb.value} MB | < 200 ${met(p.peakRssMb.value < 200)} |

Total ${p.minutes.toFixed(1)} min. Figures in bench/results/latest.json.`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function startProcess(name, args, childEnv) {
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  child.on('exit', (code) => {
    if (code && code !== 143) console.error(`${name} exited with ${code}`);
  });
  return child;
}

async function waitFor(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} never answered`);
}

async function post(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** One autocannon run in its own process (asynchronous: imports may be running from this one). */
async function load(base, route, seconds, connections = CONNECTIONS) {
  const options = { url: base + route.path, headers: route.headers, connections, duration: seconds };
  const child = spawn(process.execPath, [path.join(here, 'load.mjs'), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop());
}

/** Cases moved from capacity_building to applied, CONNECTIONS at a time: the write path end to end. */
async function timeMoves(base, auth) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(
    `SELECT c.id, c.version FROM certification_cases c JOIN agencies a ON a.id = c.agency_id
     WHERE c.stage = 'capacity_building' AND a.licence_status = 'active' AND a.licence_expires_on > now()
     ORDER BY c.id LIMIT 400`,
  );
  await client.end();
  const latencies = [];
  let refused = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < rows.length) {
        const { id, version } = rows[next++];
        const t = performance.now();
        const res = await fetch(`${base}/api/v1/certifications/${id}/transitions`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ to: 'applied', version }),
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (!res.ok) refused++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    moves: rows.length,
    refused,
    rps: rows.length / ((performance.now() - started) / 1000),
    p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
  };
}

function agencyCsv(rows, prefix) {
  const lines = [
    'licenceNumber,nameLo,nameEn,licenceIssuedOn,licenceExpiresOn,province,destinationCountries',
  ];
  for (let i = 1; i <= rows; i++) {
    lines.push(
      `IMPORT-${prefix}-${String(i).padStart(5, '0')},ບໍລິສັດ ນຳເຂົ້າ ${i},Imported ${prefix} ${i} Co.,2025-01-01,2028-01-01,LA-VT,TH;KR`,
    );
  }
  return lines.join('\n');
}

async function timeAgencyImport(base, auth, rows, prefix) {
  const body = agencyCsv(rows, prefix);
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/agencies/import`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv' },
    body,
  });
  const result = await res.json();
  if (!res.ok || result.created !== rows) {
    throw new Error(`the import answered ${res.status}: ${JSON.stringify(result).slice(0, 300)}`);
  }
  return { seconds: (performance.now() - started) / 1000 };
}

/** A typed-up sign-in sheet of 2,000 participants over two days. */
async function timeSignInSheet(base, auth) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const trainer = (await client.query(`SELECT id FROM users WHERE 'trainer' = ANY(roles) LIMIT 1`)).rows[0]
    .id;
  const licences = (
    await client.query(`SELECT licence_number FROM agencies ORDER BY licence_number LIMIT 2000`)
  ).rows;
  await client.end();
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Vientiane' }).format(new Date());
  const days = [day, new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)];
  const training = await post(
    `${base}/api/v1/trainings`,
    {
      title: 'Bench workshop',
      venue: 'Bench hall',
      province: 'LA-VT',
      organiser: 'IOM',
      days,
      trainerIds: [trainer],
    },
    auth,
  );
  const csv = [
    ['licenceNumber', 'fullName', 'sex', 'position', 'phone', 'email', ...days].join(','),
    ...licences.map((row, i) =>
      [
        row.licence_number,
        `Participant ${i + 1}`,
        i % 3 ? 'female' : 'male',
        'Officer',
        '',
        '',
        'present',
        'late',
      ].join(','),
    ),
  ].join('\n');
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/trainings/${training.id}/attendance/import`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv' },
    body: csv,
  });
  const result = await res.json();
  if (!res.ok || result.created !== 2000) {
    throw new Error(`the sign-in sheet answered ${res.status}: ${JSON.stringify(result).slice(0, 300)}`);
  }
  return { seconds: (performance.now() - started) / 1000 };
}

/** The QR page's p99 while ten officials import 2,000-row files at once. */
async function underImports(base, auth, route) {
  const started = performance.now();
  const imports = Promise.all(
    Array.from({ length: 10 }, (_, i) => timeAgencyImport(base, auth, 2000, `B${i}`).catch((error) => error)),
  );
  const measured = await load(base, route, SECONDS);
  await imports;
  return { ...measured, importSeconds: (performance.now() - started) / 1000 };
}

/** The bytes a browser offering brotli and gzip receives (fetch would decode them), and the plain size. */
function transferred(url) {
  const size = (encoding) =>
    new Promise((resolve, reject) => {
      http
        .get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
          let bytes = 0;
          res.on('data', (chunk) => (bytes += chunk.length));
          res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? null }));
        })
        .on('error', reject);
    });
  return Promise.all([size('br, gzip'), size('identity')]).then(([packed, plain]) => ({
    ...packed,
    plainBytes: plain.bytes,
  }));
}

function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
  } catch {
    return null;
  }
}
