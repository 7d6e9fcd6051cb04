#!/usr/bin/env node
// Deterministic synthetic customer-event generator (no dependencies).
//
//   node bench/gen-events.mjs --customers N --events M --seed S --out FILE.csv [--format csv|ndjson]
//
// Writes exactly M event rows for exactly N customers, sorted by timestamp,
// and prints the row count and the sha256 of the written file. The same
// arguments always give a byte-identical file. See gen-events.md beside this file.

import { createHash } from 'node:crypto';
import { openSync, writeSync, closeSync } from 'node:fs';

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const opts = { customers: NaN, events: NaN, seed: 7, out: '', format: 'csv' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const key = a.startsWith('--') ? (eq > 0 ? a.slice(2, eq) : a.slice(2)) : null;
    if (!key) usage(`unexpected argument: ${a}`);
    const val = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (val === undefined) usage(`missing value for --${key}`);
    switch (key) {
      case 'customers': opts.customers = Number(val); break;
      case 'events': opts.events = Number(val); break;
      case 'seed': opts.seed = Number(val); break;
      case 'out': opts.out = val; break;
      case 'format': opts.format = val; break;
      default: usage(`unknown option --${key}`);
    }
  }
  if (!Number.isSafeInteger(opts.customers) || opts.customers < 1) usage('--customers must be a positive integer');
  if (!Number.isSafeInteger(opts.events) || opts.events < opts.customers) usage('--events must be an integer >= --customers');
  if (opts.events > 0x7fffffff) usage('--events too large (max 2^31-1)');
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff) usage('--seed must be an integer in 0..2^32-1');
  if (!opts.out) usage('--out FILE is required');
  if (opts.format !== 'csv' && opts.format !== 'ndjson') usage('--format must be csv or ndjson');
  return opts;
}

function usage(msg) {
  process.stderr.write(`gen-events: ${msg}\n` +
    'usage: node bench/gen-events.mjs --customers N --events M --seed S --out FILE [--format csv|ndjson]\n');
  process.exit(2);
}

// ---------------------------------------------------------------- PRNG
// xoshiro128** seeded through splitmix32: 32-bit integer ops only, so the
// stream is identical on every platform. Uniform doubles use 32 random bits.
function makeRng(seed) {
  let x = seed >>> 0;
  const sm = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = sm(), s1 = sm(), s2 = sm(), s3 = sm();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const next = () => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
    s3 = rotl(s3, 11);
    return r;
  };
  // uniform in [0, 1)
  const uniform = () => next() / 4294967296;
  // uniform in (0, 1]  (safe for Math.log)
  const uniformPos = () => (next() + 1) / 4294967296;
  // standard normal via Box-Muller (cosine branch only; keeps draw count fixed)
  const normal = () => Math.sqrt(-2 * Math.log(uniformPos())) * Math.cos(2 * Math.PI * uniform());
  return { next, uniform, uniformPos, normal };
}
function rotl(v, k) { return (v << k) | (v >>> (32 - k)); }

// ---------------------------------------------------------------- model
// Time axis: whole seconds since 2023-01-01T00:00:00Z, up to 2024-12-31T23:59:59Z.
const T0_MS = Date.UTC(2023, 0, 1);
const SPAN = (Date.UTC(2025, 0, 1) - T0_MS) / 1000; // 63_158_400 s = 731 days
const MONTH = 30.436875 * 86400; // mean Gregorian month in seconds

const P_ONE_TIMER = 0.45;        // customers who buy exactly once and never return
const P_LOYAL = 0.35;            // of the rest: low churn hazard
const LOYAL_HAZARD = [0.02, 0.08];   // monthly churn hazard range, loyal segment
const CASUAL_HAZARD = [0.25, 0.60];  // monthly churn hazard range, casual segment
const RATE_SIGMA = 1.0;          // per-customer activity intensity, log-normal
const P_FIRST_INTERACTION = 0.04;// returning customers whose first event is not a purchase
const P_PURCHASE = 0.78;         // later events: purchase vs interaction (~80/20 overall)
const P_ZERO = 0.02;             // purchases with amount 0.00 (free / fully discounted)
const AMOUNT_MEDIAN = 30;        // typical basket, currency units
const CUST_SIGMA = 0.5;          // spread of customers' typical basket (log scale)
const EVENT_SIGMA = 0.6;         // spread of one customer's baskets (log scale)
const MAX_CENTS = 9_999_999;     // cap at 99,999.99

// Acquisition density over the period (unnormalised): linear growth from
// 1.0 to 1.5 plus a holiday bump (15 Nov - 31 Dec). Sampled by rejection.
function acquisitionWeight(s) {
  const x = s / SPAN;
  const d = new Date(T0_MS + s * 1000);
  const mo = d.getUTCMonth(), day = d.getUTCDate();
  const holiday = (mo === 10 && day >= 15) || mo === 11;
  return (1 + 0.5 * x) * (holiday ? 1.3 : 1.0);
}
const ACQ_WMAX = 1.5 * 1.3;

// ---------------------------------------------------------------- generate
function generate(N, M, seed) {
  const rng = makeRng(seed);

  // Pass 1: customer parameters.
  const acq = new Uint32Array(N);      // first event, seconds since T0
  const end = new Float64Array(N);     // end of activity (churn or period end)
  const weight = new Float64Array(N);  // expected share of the extra events
  const mu = new Float64Array(N);      // log typical basket
  const firstKind = new Uint8Array(N); // 0 purchase, 1 interaction
  let W = 0;
  for (let i = 0; i < N; i++) {
    let s;
    for (;;) {
      s = Math.floor(rng.uniform() * SPAN);
      if (rng.uniform() * ACQ_WMAX < acquisitionWeight(s)) break;
    }
    acq[i] = s;
    mu[i] = Math.log(AMOUNT_MEDIAN) + CUST_SIGMA * rng.normal();
    const oneTimer = rng.uniform() < P_ONE_TIMER;
    const loyal = rng.uniform() < P_LOYAL;
    const [hlo, hhi] = loyal ? LOYAL_HAZARD : CASUAL_HAZARD;
    const h = hlo + (hhi - hlo) * rng.uniform();
    // lifetime in months: continuous-time version of a constant monthly hazard
    const life = Math.log(rng.uniformPos()) / Math.log(1 - h);
    const rate = Math.exp(RATE_SIGMA * rng.normal());
    const fk = rng.uniform() < P_FIRST_INTERACTION ? 1 : 0;
    if (oneTimer) {
      end[i] = s;
      weight[i] = 0;
      firstKind[i] = 0; // a one-time buyer's only event is a purchase
    } else {
      const e = Math.min(s + life * MONTH, SPAN - 1);
      end[i] = e;
      weight[i] = rate * ((e - s) / MONTH);
      firstKind[i] = fk;
    }
    W += weight[i];
  }

  // Allocate the M - N extra events proportionally to weight by systematic
  // sampling: exact total, each customer gets floor or ceil of its share.
  const R = M - N;
  const extra = new Uint32Array(N);
  if (R > 0) {
    if (W <= 0) throw new Error('no customer can take extra events (increase --customers)');
    const u = rng.uniform();
    let cum = 0, prev = 0, assigned = 0;
    for (let i = 0; i < N; i++) {
      cum += weight[i];
      const upto = Math.min(R, Math.floor((cum / W) * R + u));
      extra[i] = upto - prev;
      assigned += upto - prev;
      prev = upto;
    }
    // floating-point slack: hand any remainder to the heaviest customer
    if (assigned !== R) {
      let best = 0;
      for (let i = 1; i < N; i++) if (weight[i] > weight[best]) best = i;
      extra[best] += R - assigned;
    }
  }

  // Pass 2: events.
  const evTs = new Uint32Array(M);
  const evCust = new Uint32Array(M);
  const evCents = new Uint32Array(M);
  const evKind = new Uint8Array(M);
  let n = 0;
  const amountCents = (i) => {
    if (rng.uniform() < P_ZERO) { rng.normal(); return 0; }
    const c = Math.round(Math.exp(mu[i] + EVENT_SIGMA * rng.normal()) * 100);
    return c < 1 ? 1 : c > MAX_CENTS ? MAX_CENTS : c;
  };
  for (let i = 0; i < N; i++) {
    const s = acq[i];
    evTs[n] = s; evCust[n] = i; evKind[n] = firstKind[i];
    evCents[n] = firstKind[i] === 0 ? amountCents(i) : 0;
    n++;
    const len = end[i] - s;
    for (let j = extra[i]; j > 0; j--) {
      let t = s + 1 + Math.floor(rng.uniform() * len);
      if (t > SPAN - 1) t = SPAN - 1;
      evTs[n] = t; evCust[n] = i;
      if (rng.uniform() < P_PURCHASE) { evKind[n] = 0; evCents[n] = amountCents(i); }
      else { evKind[n] = 1; evCents[n] = 0; }
      n++;
    }
  }
  if (n !== M) throw new Error(`internal: generated ${n} events, expected ${M}`);

  // Stable LSD radix sort by timestamp (26 significant bits, 2 x 13-bit passes),
  // then gather every column into time order (tight loops keep this fast).
  const order = radixOrder(evTs, M);
  const gather = (src) => {
    const dst = new src.constructor(M);
    for (let r = 0; r < M; r++) dst[r] = src[order[r]];
    return dst;
  };
  return { evTs: gather(evTs), evCust: gather(evCust), evCents: gather(evCents), evKind: gather(evKind) };
}

function radixOrder(keys, M) {
  const BITS = 13, B = 1 << BITS, MASK = B - 1;
  let src = new Uint32Array(M);
  let dst = new Uint32Array(M);
  for (let i = 0; i < M; i++) src[i] = i;
  const count = new Uint32Array(B);
  for (let shift = 0; shift < 26; shift += BITS) {
    count.fill(0);
    for (let i = 0; i < M; i++) count[(keys[src[i]] >>> shift) & MASK]++;
    let sum = 0;
    for (let b = 0; b < B; b++) { const c = count[b]; count[b] = sum; sum += c; }
    for (let i = 0; i < M; i++) { const v = src[i]; dst[count[(keys[v] >>> shift) & MASK]++] = v; }
    const t = src; src = dst; dst = t;
  }
  return src;
}

// ---------------------------------------------------------------- output
// Rows are formatted straight into a byte buffer (all output is ASCII), which
// is flushed to the file and the running sha256 every few MiB.
function writeOut(opts, data) {
  const { customers: N, events: M, format } = opts;
  const { evTs, evCust, evCents, evKind } = data;
  const ascii = (str) => Uint8Array.from(str, (ch) => ch.charCodeAt(0));

  const idWidth = Math.max(6, String(N - 1).length) + 1; // 'c' + zero-padded index
  const idBytes = new Uint8Array(N * idWidth);
  for (let i = 0; i < N; i++) idBytes.set(ascii('c' + String(i).padStart(idWidth - 1, '0')), i * idWidth);
  const days = Math.ceil(SPAN / 86400);
  const dayBytes = new Uint8Array(days * 11); // 'YYYY-MM-DDT'
  for (let d = 0; d < days; d++) dayBytes.set(ascii(new Date(T0_MS + d * 86400000).toISOString().slice(0, 11)), d * 11);
  const KIND = [ascii('purchase'), ascii('interaction')];
  const csv = format === 'csv';
  // pieces around the four fields
  const P = (csv ? ['', ',', ',', ',', '\n'] :
    ['{"customer_id":"', '","timestamp":"', '","amount":', ',"kind":"', '"}\n']).map(ascii);
  const [p0, p1, p2, p3, p4] = P;

  const fd = openSync(opts.out, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  const SIZE = 1 << 22;
  const buf = Buffer.allocUnsafe(SIZE);
  const flush = (n) => {
    hash.update(buf.subarray(0, n));
    let off = 0;
    while (off < n) off += writeSync(fd, buf, off, n - off);
    bytes += n;
  };
  // all hot-loop state lives in locals (no closures over `pos`)
  let pos = 0;
  if (csv) { const h = ascii('customer_id,timestamp,amount,kind\n'); buf.set(h, 0); pos = h.length; }
  const digits = new Uint8Array(16);
  for (let e = 0; e < M; e++) {
    if (pos > SIZE - 256) { flush(pos); pos = 0; }
    for (let i = 0; i < p0.length; i++) buf[pos++] = p0[i];
    const io = evCust[e] * idWidth;
    for (let i = 0; i < idWidth; i++) buf[pos++] = idBytes[io + i];
    for (let i = 0; i < p1.length; i++) buf[pos++] = p1[i];
    const s = evTs[e];
    const day = (s / 86400) | 0;
    const rem = s - day * 86400;
    const hh = (rem / 3600) | 0;
    const mm = ((rem - hh * 3600) / 60) | 0;
    const ss = rem - hh * 3600 - mm * 60;
    const dOff = day * 11;
    for (let i = 0; i < 11; i++) buf[pos++] = dayBytes[dOff + i];
    buf[pos++] = 48 + ((hh / 10) | 0); buf[pos++] = 48 + (hh % 10); buf[pos++] = 58; // ':'
    buf[pos++] = 48 + ((mm / 10) | 0); buf[pos++] = 48 + (mm % 10); buf[pos++] = 58;
    buf[pos++] = 48 + ((ss / 10) | 0); buf[pos++] = 48 + (ss % 10); buf[pos++] = 90; // 'Z'
    for (let i = 0; i < p2.length; i++) buf[pos++] = p2[i];
    const c = evCents[e];
    let whole = (c / 100) | 0, nd = 0;
    do { digits[nd++] = 48 + (whole % 10); whole = (whole / 10) | 0; } while (whole > 0);
    while (nd > 0) buf[pos++] = digits[--nd];
    const frac = c % 100;
    buf[pos++] = 46; buf[pos++] = 48 + ((frac / 10) | 0); buf[pos++] = 48 + (frac % 10); // '.dd'
    for (let i = 0; i < p3.length; i++) buf[pos++] = p3[i];
    const k = KIND[evKind[e]];
    for (let i = 0; i < k.length; i++) buf[pos++] = k[i];
    for (let i = 0; i < p4.length; i++) buf[pos++] = p4[i];
  }
  flush(pos);
  closeSync(fd);
  return { bytes, sha256: hash.digest('hex') };
}

// ---------------------------------------------------------------- main
const opts = parseArgs(process.argv.slice(2));
const t0 = process.hrtime.bigint();
const data = generate(opts.customers, opts.events, opts.seed);
const { bytes, sha256 } = writeOut(opts, data);
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
process.stderr.write(`wrote ${opts.out} (${opts.format}, ${bytes} bytes) in ${secs.toFixed(2)} s\n`);
process.stdout.write(`rows ${opts.events}\nsha256 ${sha256}\n`);
