/* talentloop explore — the policy explorer page.
 *
 * One plain script (no framework, no build step). It reads the controls, indicators and the
 * baseline from GET /api/meta, keeps the analyst's settings in one state object, asks POST
 * /api/run for every change (at most one request in flight and one pending) and draws the answer
 * with ECharts (SVG renderer, no animation, the bundled CJK font). The contract with the server
 * is docs/explore.md (the API section); this file only reads what it describes.
 *
 * Sections:
 *   1. Strings (中文 / English)          7. Lever and assumption controls
 *   2. Small helpers                      8. The two large graphs
 *   3. Number formatting                  9. Miniature graphs (the picker)
 *   4. State, request body, share link   10. Budget meter and annual spending
 *   5. Undo / redo                        11. Summary, comparison list, downloads
 *   6. Runs: coalescing and repaint      12. Start-up, keyboard, instrumentation
 */
'use strict';

/* ============================================================================================
 * 1. Strings. Labels of levers, indicators, groups and sectors come from /api/meta (zh/en);
 *    these are the page's own words. Only characters the bundled font covers are used (it has
 *    GB2312 plus a few symbols; no ▼ or ↶, say), so nothing falls back to a system font.
 * ========================================================================================== */
const STRINGS = {
  zh: {
    title: '巴中市人才政策情景探索',
    undo: '撤销', redo: '重做', undoTitle: '撤销（Ctrl-Z）', redoTitle: '重做（Ctrl-Shift-Z）',
    downloadChart: '下载图表（{type}）',
    share: '复制分享链接', shareCopied: '分享链接已复制到剪贴板', shareManual: '请复制地址栏中的链接',
    downloadToml: '下载情景 TOML', addCompare: '加入比较', print: '打印',
    levers: '政策措施', fromYear: '起始年份',
    fromYearHelp: '新调整的措施自所选年份起实施；每项措施的起始年份可单独修改。悬停措施名称查看含义、来源与支出科目。',
    fromYearOption: '{y}年起', fromStartOption: '{y}年起（全程）',
    resetPolicies: '重置政策', resetAssumptions: '重置假设',
    assumptions: '模型假设', assumptionsHelp: '不确定的模型参数。滑块范围即不确定性区间的抽样范围，刻度为基准取值；“×”表示对基准取值的倍数。',
    nChanged: '已调整 {n} 项', sector: '产业',
    base: '基准', restore: '还原', restoreTitle: '恢复基准取值',
    current: '当前情景', baseline: '基准情景', band: '不确定性区间', difference: '差值', year: '年份',
    bandToggle: '显示不确定性区间', bandNote: '{members} 组参数抽样的 {low}%–{high}% 分位',
    bandFailed: '，{n} 组未能运行',
    headlineGroup: '主要指标', otherGroup: '其他指标',
    minis: '全部指标', showIn: '点击小图显示于', graph1: '图1', graph2: '图2',
    showAll: '展开全部（{n}）', showLess: '收起',
    budgetTitle: '新增财政支出（相对基准情景）', budgetLabel: '预算（亿元）',
    budgetTotal: '{a}–{b}年累计', budgetOf: '预算 {x} 亿元',
    overBudget: '超出预算 {x} 亿元', withinBudget: '预算内，尚余 {x} 亿元',
    budgetMark: '预算', netMark: '净增', other: '其他',
    savings: '节省', extraShort: '新增', noExtra: '未新增支出：措施均未调整，或仅调整了无直接财政成本的措施。',
    totalsLine: '现行政策累计支出 {base} 亿元，本方案 {cur} 亿元',
    annualTitle: '年度新增支出（亿元）', netTotal: '新增合计',
    adminTitle: '行政性措施', noDirectCost: '无直接财政成本', noAdmin: '未调整行政性措施。',
    compareTitle: '比较清单',
    compareEmpty: '尚未加入情景。调整措施后点击“加入比较”，每个情景可下载为 TOML 文件，再用命令行比较。',
    compareCmd: '把下载的文件放在同一文件夹，在该文件夹中运行：',
    load: '载入', remove: '删除', compareAdded: '已加入比较：{name}', compareDuplicate: '该情景已在比较清单中：{name}',
    compareBadName: '名称只能使用英文字母、数字和下划线',
    summaryNone: '未调整任何措施：当前情景即基准情景。', summaryLabel: '已调整：',
    fromShort: '{y}年起',
    unit1: '', pp: '个百分点',
    errorRun: '模型运行失败：{msg}', errorMeta: '无法读取模型信息：{msg}', errorShare: '分享链接无法完全恢复：{msg}',
    errorDownload: '下载失败：{msg}',
    loading: '正在加载模型……',
    tipBase: '基准值', tipRange: '滑块范围', tipSource: '来源', tipNote: '说明', tipCost: '支出科目', tipPath: '基准时间路径',
    tipRole: '类型', tipKey: '参数',
    roles: { efficacy: '政策效果', behaviour: '行为', driver: '外部驱动', structural: '结构', initial: '初始值', lookup: '响应曲线' },
    month: '{y}年{m}月',
  },
  en: {
    title: 'Bazhong talent policy explorer',
    undo: 'Undo', redo: 'Redo', undoTitle: 'Undo (Ctrl-Z)', redoTitle: 'Redo (Ctrl-Shift-Z)',
    downloadChart: 'Download the chart ({type})',
    share: 'Copy share link', shareCopied: 'Share link copied to the clipboard', shareManual: 'Copy the link from the address bar',
    downloadToml: 'Download scenario TOML', addCompare: 'Add to comparison', print: 'Print',
    levers: 'Policy levers', fromYear: 'Start year',
    fromYearHelp: 'Levers you move take effect from this year; each lever\'s year can be changed. Hover over a lever\'s name for its meaning, source and cost line.',
    fromYearOption: 'from {y}', fromStartOption: 'from {y} (whole run)',
    resetPolicies: 'Reset policies', resetAssumptions: 'Reset assumptions',
    assumptions: 'Model assumptions', assumptionsHelp: 'Uncertain model parameters. Each slider spans the range the uncertainty band samples; the tick is the base value; "×" is a multiple of the base value.',
    nChanged: '{n} changed', sector: 'Sector',
    base: 'base', restore: 'Reset', restoreTitle: 'Back to the base value',
    current: 'This scenario', baseline: 'Baseline', band: 'Uncertainty band', difference: 'Difference', year: 'Year',
    bandToggle: 'Show uncertainty band', bandNote: '{low}th–{high}th percentile of {members} sampled parameter sets',
    bandFailed: ', {n} failed to run',
    headlineGroup: 'Headline indicators', otherGroup: 'Other indicators',
    minis: 'All indicators', showIn: 'Click a miniature to show it in', graph1: 'Graph 1', graph2: 'Graph 2',
    showAll: 'Show all ({n})', showLess: 'Show fewer',
    budgetTitle: 'Extra spending over the baseline', budgetLabel: 'Budget (亿元)',
    budgetTotal: 'cumulative {a}–{b}', budgetOf: 'budget {x} 亿元',
    overBudget: '{x} 亿元 over budget', withinBudget: 'within budget, {x} 亿元 left',
    budgetMark: 'Budget', netMark: 'Net', other: 'Other',
    savings: 'Savings', extraShort: 'Extra', noExtra: 'No extra spending: no measure changed, or only measures without a direct cost.',
    totalsLine: 'Current policy spends {base} 亿元 in total, this scenario {cur} 亿元',
    annualTitle: 'Extra spending per year (亿元)', netTotal: 'Net extra',
    adminTitle: 'Administrative measures', noDirectCost: 'no direct cost', noAdmin: 'No administrative measure changed.',
    compareTitle: 'Comparison list',
    compareEmpty: 'No scenario added yet. Move some levers and press "Add to comparison"; download each as TOML and compare them on the command line.',
    compareCmd: 'Put the downloaded files in one folder and run there:',
    load: 'Load', remove: 'Remove', compareAdded: 'Added to the comparison: {name}', compareDuplicate: 'Already in the comparison list: {name}',
    compareBadName: 'Use ASCII letters, digits and underscores only',
    summaryNone: 'No lever changed: this is the baseline.', summaryLabel: 'Changed:',
    fromShort: 'from {y}',
    unit1: '', pp: 'pp',
    errorRun: 'The run failed: {msg}', errorMeta: 'Could not read the model description: {msg}', errorShare: 'The share link could not be restored completely: {msg}',
    errorDownload: 'Download failed: {msg}',
    loading: 'Loading the model…',
    tipBase: 'Base value', tipRange: 'Slider range', tipSource: 'Source', tipNote: 'Note', tipCost: 'Cost line', tipPath: 'Base time path',
    tipRole: 'Kind', tipKey: 'Parameter',
    roles: { efficacy: 'efficacy', behaviour: 'behaviour', driver: 'driver', structural: 'structural', initial: 'initial value', lookup: 'lookup' },
    month: '{m2} {y}',
  },
};
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The page's string `key` in the current language with {placeholders} filled in. */
function t(key, vars) {
  const s = STRINGS[S.lang][key] ?? STRINGS.zh[key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? '')) : s;
}

/** A meta object's label (it has zh and en). */
const label = (o) => (S.lang === 'en' ? o.en : o.zh) || o.zh || o.en || o.id || o.key;

/* ============================================================================================
 * 2. Small helpers
 * ========================================================================================== */
const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/** Builds an element: h('div', {class: 'x', onclick: f}, child, 'text', …). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') el.style.cssText = v;
    else if (k in el && k !== 'list') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c);
  return el;
}

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const last = (a) => a[a.length - 1];
const sum = (a) => a.reduce((s, x) => s + x, 0);
const approx = (a, b, tol) => Math.abs(a - b) <= tol;

/** Decimal places of a slider step (0.05 → 2). */
function stepDecimals(step) {
  if (!step || step >= 1) return 0;
  return Math.min(6, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
}

async function getJSON(url) {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(await errorText(r));
  return r.json();
}

async function post(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(await errorText(r));
  return r;
}

/** The message of an error answer ({"error": …}) or its status line. */
async function errorText(r) {
  try { return (await r.json()).error || `${r.status} ${r.statusText}`; } catch { return `${r.status} ${r.statusText}`; }
}

let statusTimer = 0;
/** A one-line message under the top bar; errors stay until the next success, notes fade. */
function showStatus(text, kind = 'error') {
  const el = $('#status');
  clearTimeout(statusTimer);
  if (!text) { el.hidden = true; return; }
  el.textContent = text;
  el.className = 'status' + (kind === 'info' ? ' info' : '');
  el.hidden = false;
  if (kind === 'info') statusTimer = setTimeout(() => { el.hidden = true; }, 3500);
}

/** Saves a Blob under `name` (an <a download> click; nothing leaves the machine). */
function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, style: 'display:none' });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 2000);
}

/* ============================================================================================
 * 3. Number formatting: thousands separators, digits that suit the magnitude, the real minus
 *    sign (−), shares as percentages with differences in percentage points.
 * ========================================================================================== */
const MINUS = '\u2212';
const formatters = new Map();

/** `v` with `dec` decimals, grouped by thousands, with − for negatives and no "−0". */
function num(v, dec) {
  if (!Number.isFinite(v)) return '–';
  if (!formatters.has(dec)) {
    formatters.set(dec, new Intl.NumberFormat('en-US', { minimumFractionDigits: dec, maximumFractionDigits: dec }));
  }
  const s = formatters.get(dec).format(v);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s.replace('-', MINUS);
}

/** Decimals for a magnitude: integers from 1,000 up, about four significant digits below. */
function decimalsFor(abs, countUnit) {
  if (!(abs > 0)) return 0;
  if (abs >= 1000) return 0;
  if (countUnit) return abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  if (abs >= 100) return 1;
  if (abs >= 1) return 2;
  return Math.min(6, 2 - Math.floor(Math.log10(abs)));
}

const COUNT_UNITS = new Set(['person', 'person/yr', 'FTE', 'project', 'project/yr']);

/** Indicators of unit 1 that are shares or rates read as percentages (not indices or degrees). */
function isShare(ind) {
  return ind.unit === '1' && /share|ratio|rate|retention|adequacy/.test(ind.id);
}

/** How an indicator's numbers are written: scale (100 for %), decimals by magnitude, unit text. */
function indicatorFormat(ind, magnitude) {
  const pct = isShare(ind);
  const abs = Math.abs(magnitude) * (pct ? 100 : 1);
  return {
    scale: pct ? 100 : 1,
    dec: pct ? Math.min(2, decimalsFor(abs)) : decimalsFor(abs, COUNT_UNITS.has(ind.unit)),
    suffix: pct ? '%' : '',
  };
}

/** An indicator value with a magnitude-based number of decimals. */
function fmtInd(v, ind, magnitude = v) {
  const f = indicatorFormat(ind, magnitude);
  return num(v * f.scale, f.dec) + f.suffix;
}

/** A difference, signed (+ / −), with the decimals of the values it compares (one more when it
 *  would otherwise round to zero, ±0 below that); shares in percentage points. */
function fmtDiff(d, ind, magnitude) {
  const f = indicatorFormat(ind, magnitude);
  const x = d * f.scale;
  let dec = f.dec;
  while (dec < f.dec + 1 && x !== 0 && Math.abs(x) < 0.5 * 10 ** -dec) dec += 1;
  const s = num(Math.abs(x), dec);
  if (Number(s.replace(/,/g, '')) === 0) return '±0';
  return (x > 0 ? '+' : MINUS) + s + (f.suffix ? ' ' + t('pp') : '');
}

/** An indicator's unit in the current language ('' for a plain number, '%' for a share). */
function indUnit(ind) {
  if (isShare(ind)) return '%';
  if (ind.unit === '1') return '';
  return S.lang === 'en' ? ind.unit : (ind.unit_zh || ind.unit);
}

/** A lever's unit text; levers of unit 1 that run from 0 to 1 are written as percentages. */
function leverIsPct(l) { return l.unit === '1' && l.max <= 1 && l.min >= 0; }
function leverUnit(l) {
  if (leverIsPct(l) || l.unit === '1') return '';
  return S.lang === 'en' ? l.unit : (l.unit_zh || l.unit);
}

/** Decimals that write `x` exactly (0.25 → 2, 25 → 0), for axis ticks. */
function decimalsOf(x) {
  const s = Math.abs(x).toFixed(10).replace(/0+$/, '');
  return Math.min(6, s.length - s.indexOf('.') - 1);
}

/** A lever value at the slider's precision (two more decimals when it is off the step grid). */
function fmtLever(l, v) {
  const pct = leverIsPct(l);
  const x = pct ? v * 100 : v;
  let dec = stepDecimals(pct ? l.step * 100 : l.step);
  if (Math.abs(x - Number(x.toFixed(dec))) > 1e-9) dec += 2;
  return num(x, Math.min(dec, 6)) + (pct ? '%' : '');
}

/** A lever value with its unit, for sentences. */
const leverText = (l, v) => [fmtLever(l, v), leverUnit(l)].filter(Boolean).join(' ');

/** 亿元 amounts: two decimals below 100, one above, three significant digits below 0.01;
 *  less than 5,000 元 is 0. */
function fmtYi(v) {
  const a = Math.abs(v);
  if (!(a >= 5e-5)) return Number.isFinite(v) ? '0' : '–';
  return num(v, a >= 100 ? 1 : a >= 0.01 ? 2 : 2 - Math.floor(Math.log10(a)));
}

/** A 亿元 difference with its sign (+ for more, − for less, none for 0). */
const fmtYiSigned = (v) => { const s = fmtYi(v); return v > 0 && s !== '0' ? '+' + s : s; };

/** Parentheses and list separators of the current language (full-width in Chinese). */
const paren = (s) => (S.lang === 'en' ? ` (${s})` : `（${s}）`);
const listSep = () => (S.lang === 'en' ? '; ' : '；');

const ellipsis = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

/** A reporting time (2026.25) as a month ("2026年4月"). */
function fmtTime(time) {
  const y = Math.floor(time + 1e-9);
  const m = clamp(Math.round((time - y) * 12), 0, 11);
  return t('month', { y, m: m + 1, m2: MONTHS_EN[m] });
}

/* ============================================================================================
 * 4. State. `S` holds the analyst's settings (only levers and assumptions that differ from the
 *    base are stored), the view, and the page's bookkeeping. The request body, window.explore's
 *    state() and the share link are all derived from it, so they cannot disagree.
 * ========================================================================================== */
const S = {
  lang: 'zh',
  meta: null,
  levers: new Map(),       // key → {value, from}; only levers moved away from their base value
  assumptions: new Map(),  // key → number; only assumptions away from their default
  view: ['', ''],          // indicator ids of graph 1 and graph 2
  band: false,
  budget: 10,
  fromYear: 2026,          // the year newly moved levers take effect from
  sector: '',              // the industry group's shown sector (not part of the state)
  target: 0,               // which graph a click on a miniature fills
  minisExpanded: false,
  // lookups built from meta
  leverByKey: new Map(), assumptionByKey: new Map(), indicatorById: new Map(),
  // runs
  result: null, shownKey: null, wantedKey: null, inFlight: null, pending: null, dragging: false,
  secondaryDue: false, secondaryTimer: 0, secondaryGen: 0, budgetView: null,
  releaseMarks: [], releaseCount: 0, requests: 0, lastError: null,
  // charts and graph axes
  charts: {}, axes: [null, null],
  rows: new Map(),         // key → the DOM of a lever's or assumption's control
  compare: [], compareCount: 0,
  ready: false, lastHash: '',
};

const years = () => {
  const out = [];
  for (let y = S.meta.start; y < S.meta.end; y += 1) out.push(y);
  return out;
};

/** Sorted plain-object copy of a map, so equal states serialise identically. */
function sortedObject(map, fn = (v) => v) {
  const o = {};
  for (const k of [...map.keys()].sort()) o[k] = fn(map.get(k));
  return o;
}

/** The policy part of the state: what a run, a scenario file and undo/redo depend on. */
function policyState() {
  return {
    levers: sortedObject(S.levers, (v) => ({ value: v.value, from: v.from })),
    assumptions: sortedObject(S.assumptions),
  };
}

/** The body of /api/run and /api/scenario. A lever set from the start year leaves `from` out
 *  (the contract's "absent = from the start"). */
function requestBody(band = S.band) {
  const policy = policyState();
  const levers = {};
  for (const [k, v] of Object.entries(policy.levers)) {
    levers[k] = v.from > S.meta.start ? { value: v.value, from: v.from } : { value: v.value };
  }
  return { levers, assumptions: policy.assumptions, band };
}

/** The whole state as window.explore.state() returns it and the share link carries it. */
function fullState() {
  return { ...policyState(), view: [...S.view], band: S.band, budget: S.budget, lang: S.lang, from_year: S.fromYear };
}

/** Applies a state object (from a share link, undo, or a comparison entry); returns the
 *  problems found (unknown keys, values of the wrong kind), which are skipped. */
function applyState(o, { view = true } = {}) {
  const problems = [];
  S.levers.clear();
  for (const [k, v] of Object.entries(o.levers || {})) {
    const l = S.leverByKey.get(k);
    const value = Number(v && v.value);
    if (!l || !Number.isFinite(value)) { problems.push(k); continue; }
    const from = Number.isFinite(Number(v.from)) && v.from >= S.meta.start && v.from < S.meta.end ? Number(v.from) : S.meta.start;
    if (value !== l.default) S.levers.set(k, { value, from });
  }
  S.assumptions.clear();
  for (const [k, v] of Object.entries(o.assumptions || {})) {
    const a = S.assumptionByKey.get(k);
    const value = Number(v);
    if (!a || !Number.isFinite(value) || (a.kind === 'choice' && !a.choices.includes(value))) { problems.push(k); continue; }
    if (value !== a.default) S.assumptions.set(k, value);
  }
  if (view) {
    if (Array.isArray(o.view)) {
      o.view.slice(0, 2).forEach((id, i) => { if (S.indicatorById.has(id)) S.view[i] = id; else problems.push(String(id)); });
    }
    if (typeof o.band === 'boolean') S.band = o.band && !!S.meta.band;
    if (Number.isFinite(o.budget) && o.budget >= 0) S.budget = o.budget;
    if (o.lang === 'zh' || o.lang === 'en') S.lang = o.lang;
    if (Number.isFinite(o.from_year) && o.from_year >= S.meta.start && o.from_year < S.meta.end) S.fromYear = o.from_year;
  }
  return problems;
}

/* --- The share link: #s=<base64url of the JSON of everything that differs from the page's
 *     defaults>. Opening it restores the same levers, assumptions, graphs, band, budget and
 *     language. */
function defaultView() {
  const ids = (S.meta.default_view || []).filter((id) => S.indicatorById.has(id));
  const all = orderedIndicators().map((i) => i.id);
  for (const id of all) if (ids.length < 2 && !ids.includes(id)) ids.push(id);
  return ids.slice(0, 2);
}

function shareObject() {
  const o = {};
  const p = policyState();
  if (Object.keys(p.levers).length) o.levers = p.levers;
  if (Object.keys(p.assumptions).length) o.assumptions = p.assumptions;
  const dv = defaultView();
  if (S.view[0] !== dv[0] || S.view[1] !== dv[1]) o.view = [...S.view];
  if (S.band) o.band = true;
  if (S.budget !== S.meta.budget_default) o.budget = S.budget;
  if (S.lang !== 'zh') o.lang = S.lang;
  if (S.fromYear !== S.meta.from_year_default) o.from_year = S.fromYear;
  return o;
}

function base64urlEncode(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64urlDecode(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** Keeps the address bar's hash equal to the state (replaceState: no history entry per move). */
function writeHash() {
  const o = shareObject();
  const hash = Object.keys(o).length ? '#s=' + base64urlEncode(JSON.stringify(o)) : '';
  S.lastHash = hash;
  if (location.hash !== hash) history.replaceState(null, '', location.pathname + location.search + hash);
}

/** Reads #s=… into the state; false when there is none. */
function readHash() {
  const m = /^#s=([A-Za-z0-9_-]*)$/.exec(location.hash);
  if (!m) return false;
  S.lastHash = location.hash;
  try {
    const o = JSON.parse(base64urlDecode(m[1]));
    const problems = applyState(o);
    if (problems.length) showStatus(t('errorShare', { msg: problems.join(', ') }));
  } catch (e) {
    showStatus(t('errorShare', { msg: e.message }));
  }
  return true;
}

/* ============================================================================================
 * 5. Undo / redo over the policy state (levers with their years, assumptions). A step is
 *    recorded when a change is committed — a slider released, a year or choice picked, a
 *    reset — not on every pixel of a drag.
 * ========================================================================================== */
const history_ = { past: [], future: [], committed: '' };

function commit() {
  const now = JSON.stringify(policyState());
  if (now !== history_.committed) {
    history_.past.push(history_.committed);
    if (history_.past.length > 200) history_.past.shift();
    history_.committed = now;
    history_.future = [];
  }
  updateUndoButtons();
  writeHash();
}

function undoRedo(back) {
  const from = back ? history_.past : history_.future;
  const to = back ? history_.future : history_.past;
  if (!from.length) return;
  to.push(history_.committed);
  history_.committed = from.pop();
  applyState(JSON.parse(history_.committed), { view: false });
  afterPolicyChange();
  updateUndoButtons();
  writeHash();
}

function updateUndoButtons() {
  $('#undo').disabled = !history_.past.length;
  $('#redo').disabled = !history_.future.length;
}

/* ============================================================================================
 * 6. Runs. At most one /api/run is in flight and at most one waits (the latest inputs replace
 *    the waiting one), so a fast drag never queues up stale work. Answers that arrive while a
 *    newer state is wanted are still drawn (the graphs follow the drag) but greyed as stale;
 *    once the wanted result is on screen, late answers for other inputs are dropped. The
 *    unchanged base with no band is the baseline itself, answered from meta without a request.
 * ========================================================================================== */
function requestRun() {
  const body = requestBody();
  const key = JSON.stringify(body);
  S.wantedKey = key;
  if (key === S.shownKey) { settle(); return; }
  setStale(true);
  const isBase = !Object.keys(body.levers).length && !Object.keys(body.assumptions).length && !body.band;
  if (isBase) {
    S.pending = null;
    paint(S.meta.baseline, key);
  } else if (S.inFlight) {
    S.pending = S.inFlight.key === key ? null : { key, body };
  } else {
    send({ key, body });
  }
  updateIdle();
}

async function send(job) {
  S.inFlight = job;
  S.requests += 1;
  updateIdle();
  let res = null;
  let error = null;
  try {
    res = await (await post('/api/run', job.body)).json();
  } catch (e) {
    error = e;
  }
  S.inFlight = null;
  const next = S.pending;
  S.pending = null;
  if (next) send(next);
  if (res && (job.key === S.wantedKey || S.shownKey !== S.wantedKey)) paint(res, job.key);
  if (error && job.key === S.wantedKey) {
    S.lastError = error.message;
    showStatus(t('errorRun', { msg: error.message }));
  }
  updateIdle();
}

function updateIdle() {
  explore.idle = !S.inFlight && !S.pending;
  explore.requests = S.requests;
}

function setStale(stale) {
  $('#main').classList.toggle('stale', stale);
}

/** The wanted result is on screen in the two large graphs: ungrey, close the repaint measures
 *  of slider releases, and (no slider held) bring the budget and miniatures up to date. */
function settle() {
  setStale(false);
  if (!S.dragging && S.result) [0, 1].forEach((i) => { if (!S.axes[i]?.settled) drawGraph(i, true); });
  if (S.lastError) { S.lastError = null; showStatus(''); }
  for (const mark of S.releaseMarks) {
    const m = performance.measure('explore:repaint', mark);
    explore.lastRepaintMs = m ? m.duration : null;
    performance.clearMarks(mark);
  }
  S.releaseMarks = [];
  scheduleSecondary();
}

/* The budget charts and the miniatures ("secondary") cost as much to draw as the two graphs but
 * matter less under a moving hand: while a slider is dragged they wait (greyed), and once the
 * result of the released value is in the graphs they are drawn in a task of their own after the
 * next frame, so the graphs reach the screen first. */
function scheduleSecondary() {
  if (!S.secondaryDue || S.secondaryTimer || S.dragging || S.shownKey !== S.wantedKey) return;
  const gen = ++S.secondaryGen;
  const run = () => { if (S.secondaryGen === gen && S.secondaryTimer) drawSecondary(); };
  // After the next frame; the timeout also covers a page that draws no frames (hidden).
  S.secondaryTimer = setTimeout(run, 100);
  requestAnimationFrame(() => setTimeout(run, 0));
}

function drawSecondary() {
  clearTimeout(S.secondaryTimer);
  S.secondaryTimer = 0;
  if (S.dragging) return; // the end of the drag schedules it again
  drawBudget();
  drawMinis();
  S.secondaryDue = false;
  $('#main').classList.remove('behind');
}

/** A slider was released: mark the moment; the measure ends when its result is on screen. */
function markRelease() {
  const mark = `explore:release:${++S.releaseCount}`;
  performance.mark(mark);
  S.releaseMarks.push(mark);
}

/** Draws a run result: the two large graphs and their tables now, the budget and miniatures
 *  once no slider is held (scheduleSecondary). */
function paint(res, key) {
  S.result = res;
  S.shownKey = key;
  const fresh = key === S.wantedKey;
  // Charts first, then the plain DOM (tables): ECharts reads the layout, and each read after a
  // DOM write would force the browser to lay the whole page out again.
  drawGraphChart(0, fresh);
  drawGraphChart(1, fresh);
  drawValues(0);
  drawValues(1);
  drawBandNote();
  S.secondaryDue = true;
  $('#main').classList.add('behind');
  explore.lastRunSeries = res.series;
  explore.lastRunCost = res.annual_cost;
  explore.times = res.times;
  if (fresh) settle();
  if (!S.ready) {
    S.ready = true;
    explore.ready = true;
  }
}

/** Everything that follows a change of levers or assumptions, also on every step of a drag:
 *  the controls, the summary, the administrative list and a (coalesced) run. */
function afterPolicyChange() {
  refreshControls();
  drawSummary();
  drawAdmin();
  requestRun();
}

/* ============================================================================================
 * 7. Controls: one slider per lever, grouped as meta.groups (the industry group shows one
 *    sector's levers at a time), and the assumptions panel. Each control shows its value and
 *    unit, a tick at the base value, the filled stretch from the base to the value, and — once
 *    moved — its start year and a reset. Hover text: doc, base value, source, note, cost.
 * ========================================================================================== */

/** The slider range: meta's, widened to include the base value. */
function sliderRange(c) {
  return { min: Math.min(c.min, c.default), max: Math.max(c.max, c.default) };
}
const fraction = (c, v) => {
  const r = sliderRange(c);
  return r.max > r.min ? clamp((v - r.min) / (r.max - r.min), 0, 1) : 0;
};

/** Sets a lever; a value within half a step of the base value is the base value (a detent at
 *  the tick, so the analyst can always return to "unchanged"). */
function setLever(l, v) {
  if (Math.abs(v - l.default) < l.step / 2 - 1e-12) S.levers.delete(l.key);
  else S.levers.set(l.key, { value: v, from: S.levers.get(l.key)?.from ?? S.fromYear });
}

function setAssumption(a, v) {
  const tol = a.kind === 'choice' ? 0 : (a.step || 0) / 2 - 1e-12;
  if (Math.abs(v - a.default) <= Math.max(0, tol)) S.assumptions.delete(a.key);
  else S.assumptions.set(a.key, v);
}

/** A slider with the base-value tick; `onMove` on input (dragging), `onRelease` on change. */
function slider(c, value, onMove, onRelease) {
  const r = sliderRange(c);
  const input = h('input', { type: 'range', min: r.min, max: r.max, step: c.step || 'any', value });
  input.addEventListener('input', () => { S.dragging = true; onMove(Number(input.value)); });
  input.addEventListener('change', () => { S.dragging = false; onRelease(); });
  // A click on the thumb without a move fires no change: end the drag anyway.
  const end = () => { S.dragging = false; scheduleSecondary(); };
  input.addEventListener('pointerup', end);
  input.addEventListener('pointercancel', end);
  const wrap = h('div', { class: 'slider' }, input, h('span', { class: 'tick' }));
  wrap.style.setProperty('--d', fraction(c, c.default));
  return { wrap, input };
}

/** Shows the filled stretch between the base value and `value`. */
function paintTrack(input, c, value) {
  const a = fraction(c, c.default);
  const b = fraction(c, value);
  input.style.setProperty('--a', Math.min(a, b));
  input.style.setProperty('--b', Math.max(a, b));
}

function yearOptions(select, selected) {
  select.replaceChildren(...years().map((y) => h('option', {
    value: y, selected: y === selected,
  }, y === S.meta.start ? t('fromStartOption', { y }) : t('fromYearOption', { y }))));
}

function leverRow(l) {
  const valueEl = h('span', { class: 'lever-value' });
  const unitEl = h('span', { class: 'lever-unit' }, leverUnit(l));
  const name = h('label', { class: 'lever-name' }, label(l));
  const { wrap, input } = slider(l, S.levers.get(l.key)?.value ?? l.default,
    (v) => { setLever(l, v); afterPolicyChange(); },
    () => { markRelease(); commit(); requestRun(); });
  input.id = 'lever-' + l.key.replace(/[^A-Za-z0-9_-]/g, '-');
  input.setAttribute('aria-label', label(l));
  name.htmlFor = input.id;
  const was = h('span', { class: 'was' });
  const from = h('select', {
    'aria-label': t('fromYear'),
    onchange: () => { const st = S.levers.get(l.key); if (st) { st.from = Number(from.value); commit(); afterPolicyChange(); } },
  });
  const reset = h('button', {
    type: 'button', title: t('restoreTitle'),
    onclick: () => { S.levers.delete(l.key); commit(); afterPolicyChange(); },
  }, t('restore'));
  const foot = h('div', { class: 'lever-foot', hidden: true }, was, from, reset);
  const el = h('div', { class: 'lever', 'data-key': l.key },
    h('div', { class: 'lever-head' }, name, valueEl, unitEl), wrap, foot);
  tipOn(name, () => leverTip(l));
  tipOn(input, () => leverTip(l));
  const row = { el, input, valueEl, foot, was, from, kind: 'lever', c: l };
  S.rows.set(l.key, row);
  updateLeverRow(row);
  return el;
}

function updateLeverRow(row) {
  const l = row.c;
  const st = S.levers.get(l.key);
  const value = st ? st.value : l.default;
  const sig = `${value}|${st ? st.from : ''}`;
  if (row.sig === sig) return;
  row.sig = sig;
  // The slider being dragged is the source of the value: leave its thumb where the hand is.
  if (!S.dragging || document.activeElement !== row.input) row.input.value = value;
  row.valueEl.textContent = fmtLever(l, value);
  row.el.classList.toggle('changed', !!st);
  paintTrack(row.input, l, value);
  row.foot.hidden = !st;
  if (st) {
    row.was.textContent = `${t('base')} ${fmtLever(l, l.default)}`;
    if (row.from.options.length === 0 || Number(row.from.value) !== st.from) yearOptions(row.from, st.from);
  }
}

function assumptionRow(a) {
  const valueEl = h('span', { class: 'lever-value' });
  const name = h('label', { class: 'lever-name' }, label(a));
  let input;
  let wrap;
  if (a.kind === 'choice') {
    input = h('select', {
      onchange: () => { setAssumption(a, Number(input.value)); commit(); afterPolicyChange(); },
    }, ...a.choices.map((c) => h('option', { value: c }, (Number.isInteger(c) ? num(c, 0) : String(c)) + (c === a.default ? ` (${t('base')})` : ''))));
    wrap = input;
  } else {
    ({ wrap, input } = slider(a, S.assumptions.get(a.key) ?? a.default,
      (v) => { setAssumption(a, v); afterPolicyChange(); },
      () => { markRelease(); commit(); requestRun(); }));
  }
  input.id = 'assumption-' + a.key.replace(/[^A-Za-z0-9_-]/g, '-');
  name.htmlFor = input.id;
  const el = h('div', { class: 'lever assumption', 'data-key': a.key },
    h('div', { class: 'lever-head' }, name, valueEl), wrap);
  tipOn(name, () => assumptionTip(a));
  const row = { el, input, valueEl, kind: 'assumption', c: a };
  S.rows.set(a.key, row);
  updateAssumptionRow(row);
  return el;
}

/** "×1.20 = 0.120 1/年" for a scale (the value when the base is one number), else the value. */
function assumptionText(a, v) {
  const unit = a.unit === '1' ? '' : ' ' + (S.lang === 'en' ? a.unit : (a.unit_zh || a.unit));
  if (a.kind === 'scale') {
    const x = '×' + num(v, Math.max(2, stepDecimals(a.step)));
    return a.base_value == null ? x : `${x} = ${num(a.base_value * v, decimalsFor(Math.abs(a.base_value * v)))}${unit}`;
  }
  if (a.kind === 'choice') return num(v, Number.isInteger(v) ? 0 : 2);
  return num(v, Math.max(decimalsFor(Math.abs(v)), decimalsFor(Math.abs(a.default)))) + unit;
}

function updateAssumptionRow(row) {
  const a = row.c;
  const v = S.assumptions.get(a.key) ?? a.default;
  if (row.sig === v) return;
  row.sig = v;
  if (!S.dragging || document.activeElement !== row.input) row.input.value = v;
  row.valueEl.textContent = assumptionText(a, v);
  row.el.classList.toggle('changed', S.assumptions.has(a.key));
  if (a.kind !== 'choice') paintTrack(row.input, a, v);
}

/** Brings every control and the changed-counts of groups, sectors and assumptions in line
 *  with the state (a row whose value did not change is not touched). */
function refreshControls() {
  for (const row of S.rows.values()) (row.kind === 'lever' ? updateLeverRow : updateAssumptionRow)(row);
  for (const g of S.meta.groups) {
    const n = S.meta.levers.filter((l) => l.group === g.id && S.levers.has(l.key)).length;
    const el = $(`.group[data-group="${g.id}"] .n-changed`);
    if (el) el.textContent = n ? t('nChanged', { n }) : '';
  }
  const sel = $('.sector-select');
  if (sel) {
    for (const opt of sel.options) {
      const s = S.meta.sectors.find((x) => x.id === opt.value);
      const moved = S.meta.levers.some((l) => l.sector === s.id && S.levers.has(l.key));
      opt.textContent = (moved ? '● ' : '') + label(s);
    }
  }
  const na = S.assumptions.size;
  $('#assumption-count').textContent = na ? t('nChanged', { n: na }) : '';
}

/** Builds the controls column (again after a language switch). */
function buildControls() {
  S.rows.clear();
  yearOptions($('#from-year'), S.fromYear);
  const groups = $('#lever-groups');
  groups.replaceChildren();
  for (const g of S.meta.groups) {
    const levers = S.meta.levers.filter((l) => l.group === g.id);
    if (!levers.length) continue;
    const section = h('section', { class: 'group', 'data-group': g.id },
      h('div', { class: 'group-head' }, h('h3', {}, label(g)), h('span', { class: 'n-changed' })));
    if (levers.some((l) => l.sector)) {
      const host = h('div', { class: 'sector-levers' });
      const select = h('select', {
        class: 'sector-select', 'aria-label': t('sector'),
        onchange: () => { S.sector = select.value; fillSector(host); refreshControls(); },
      }, ...S.meta.sectors.map((s) => h('option', { value: s.id, selected: s.id === S.sector }, label(s))));
      // Levers of this group without a sector (none today) show above the sector's.
      section.append(...levers.filter((l) => !l.sector).map(leverRow), select, host);
      fillSector(host);
    } else {
      section.append(...levers.map(leverRow));
    }
    groups.append(section);
  }
  // Grouped by role (efficacy first: the assumptions a policy's effect rests on most).
  const roles = ['efficacy', 'behaviour', 'driver', 'structural', 'initial', 'lookup'];
  const rank = (a) => (roles.includes(a.role) ? roles.indexOf(a.role) : roles.length);
  const byRole = new Map();
  for (const a of [...S.meta.assumptions].sort((x, y) => rank(x) - rank(y))) {
    if (!byRole.has(a.role)) byRole.set(a.role, []);
    byRole.get(a.role).push(a);
  }
  $('#assumption-list').replaceChildren(...[...byRole].map(([role, list]) => h('section', { class: 'group', 'data-role': role },
    h('div', { class: 'group-head' }, h('h3', {}, STRINGS[S.lang].roles[role] || role || '')), ...list.map(assumptionRow))));
  $('#assumptions-panel').hidden = !S.meta.assumptions.length;
  refreshControls();
}

/** Shows the selected sector's levers in the industry group. */
function fillSector(host) {
  for (const [k, row] of S.rows) if (row.c.sector) S.rows.delete(k);
  host.replaceChildren(...S.meta.levers.filter((l) => l.sector === S.sector).map(leverRow));
}

/* --- Hover text. One floating box, placed beside the controls column. */
function tipOn(el, content) {
  const show = (ev) => {
    if (ev.type === 'focus' && !el.matches(':focus-visible')) return;
    const tip = $('#tooltip');
    tip.replaceChildren(...content());
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const col = $('#controls').getBoundingClientRect();
    const wide = window.innerWidth > 1100;
    const left = wide ? col.right + 8 : clamp(r.left, 8, window.innerWidth - 370);
    const top = wide ? r.top - 4 : r.bottom + 6;
    tip.style.left = left + 'px';
    tip.style.top = clamp(top, 8, window.innerHeight - tip.offsetHeight - 8) + 'px';
  };
  const hide = () => { $('#tooltip').hidden = true; };
  el.addEventListener('mouseenter', show);
  el.addEventListener('mouseleave', hide);
  el.addEventListener('focus', show);
  el.addEventListener('blur', hide);
}

function tipList(pairs) {
  return h('dl', {}, ...pairs.filter(([, v]) => v != null && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

// Provenance tags in words, from the server's one declaration (meta.sources).
const sourceName = (s) => {
  if (!s) return '';
  const known = (S.meta.sources || []).find((x) => x.tag === s);
  return S.lang === 'zh' && known ? `${known.zh} (${s})` : s;
};

/** Why an administrative measure costs nothing directly, in the page's language. */
const reasonText = (cost) => (S.lang === 'en' ? cost.reason : cost.reason_zh || cost.reason);

function costText(cost) {
  if (!cost) return '';
  if (cost.kind === 'administrative') return `${t('noDirectCost')}${S.lang === 'en' ? ': ' : '：'}${reasonText(cost)}`;
  return label({ zh: cost.zh, en: cost.en, id: cost.line });
}

function leverTip(l) {
  const other = S.lang === 'en' ? l.zh : l.en;
  return [
    h('div', { class: 'tt-title' }, label(l)),
    h('div', { class: 'tt-en' }, other),
    h('div', {}, (S.lang === 'zh' && l.doc_zh) || l.doc),
    tipList([
      [t('tipBase'), leverText(l, l.default)],
      [t('tipPath'), l.default_path],
      [t('tipRange'), `${fmtLever(l, l.min)} – ${leverText(l, l.max)}`],
      [t('tipSource'), sourceName(l.source)],
      [t('tipNote'), l.note],
      [t('tipCost'), costText(l.cost)],
      [t('tipKey'), l.key],
    ]),
  ];
}

function assumptionTip(a) {
  const range = a.kind === 'choice' ? a.choices.join(' / ') : `${assumptionText(a, a.min)} – ${assumptionText(a, a.max)}`;
  return [
    h('div', { class: 'tt-title' }, label(a)),
    h('div', { class: 'tt-en' }, S.lang === 'en' ? a.zh : a.en),
    h('div', {}, a.doc),
    tipList([
      [t('tipRole'), STRINGS[S.lang].roles[a.role] || a.role],
      [t('tipBase'), a.base_value != null ? num(a.base_value, decimalsFor(Math.abs(a.base_value))) : null],
      [t('tipRange'), range],
      [t('tipSource'), sourceName(a.source)],
      [t('tipNote'), a.note],
      [t('tipKey'), a.key],
    ]),
  ];
}

/* ============================================================================================
 * 8. The two large graphs: the current run (solid) over the fixed baseline (grey, dashed), the
 *    optional band (shaded), the first start year of the changed levers (dotted). The y axis
 *    stays put while a slider is dragged (it only widens, when the lines leave it) and is fitted
 *    again when the released state's result arrives, so the picture does not jump under the
 *    analyst's hand.
 * ========================================================================================== */
const FONT = 'TalentloopCJK';
const ACCENT = '#1f4e8c';
const GHOST = '#8a8f98';
const BAND_FILL = 'rgba(31, 78, 140, 0.16)';
const GRID_LINE = '#e6e9ee';
// Legend samples of a solid and a dashed line (ECharts would add a symbol to a line's icon).
const ICON_SOLID = 'path://M0,4h30v3h-30z';
const ICON_DASHED = 'path://M0,4h7v2h-7zM11,4h7v2h-7zM22,4h7v2h-7z';

/** A step of 1, 2, 2.5 or 5 × 10^k near `x`. */
function niceStep(x) {
  const p = 10 ** Math.floor(Math.log10(x));
  const f = x / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

const round12 = (x) => Number(x.toPrecision(12));

/** An axis range with nice ends around [lo, hi] (a 2 % margin; not below 0 for data ≥ 0): of
 *  the nice steps giving 4 to 7 intervals, the one that wastes the least height. */
function niceRange(lo, hi) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { min: 0, max: 1, interval: 0.2 };
  if (hi - lo <= Math.max(Math.abs(hi), Math.abs(lo)) * 1e-9) {
    const pad = Math.abs(hi) * 0.05 || 1;
    lo -= pad;
    hi += pad;
  }
  let a = lo - (hi - lo) * 0.02;
  const b = hi + (hi - lo) * 0.02;
  if (lo >= 0 && a < 0) a = 0;
  let best = null;
  for (let k = 4; k <= 7; k += 1) {
    const step = niceStep((b - a) / k);
    const min = round12(Math.floor(a / step) * step);
    const max = round12(Math.ceil(b / step) * step);
    if (!best || max - min < best.max - best.min - 1e-12 * step) best = { min, max, interval: step };
  }
  return best;
}

/** The y range of graph `i` for data spanning [lo, hi]: refit when settled, else keep it, or
 *  widen it (with room to spare) when the data leave it. */
function axisFor(i, lo, hi, settled) {
  const id = S.view[i];
  const prev = S.axes[i];
  let next;
  if (!prev || prev.id !== id || prev.band !== S.band || settled) {
    next = niceRange(lo, hi);
  } else if (lo >= prev.min && hi <= prev.max) {
    next = prev;
  } else {
    const span = prev.max - prev.min;
    next = niceRange(Math.min(prev.min, lo - (lo < prev.min ? 0.15 * span : 0)),
      Math.max(prev.max, hi + (hi > prev.max ? 0.15 * span : 0)));
  }
  S.axes[i] = { ...next, id, band: S.band, settled };
  return S.axes[i];
}

/** Years between x-axis labels: every year when there is room for it, else every other. */
const yearStep = (width) => ((width - 80) / (S.meta.end - S.meta.start) < 36 ? 2 : 1);

const pairs = (times, ys) => times.map((x, k) => [x, ys[k]]);

/** The earliest year a changed lever starts from (drawn as a dotted line), if any. */
function policyStart() {
  const ys = [...S.levers.values()].map((v) => v.from).filter((y) => y > S.meta.start);
  return ys.length ? Math.min(...ys) : null;
}

/** The series of graph `i` as drawn: current, ghost and band edges for the shown indicator. */
function graphData(i) {
  const id = S.view[i];
  const res = S.result;
  const base = S.meta.baseline;
  const band = S.band && res.band && res.band.series ? res.band.series[id] : null;
  return { id, ind: S.indicatorById.get(id), times: res.times, cur: res.series[id] || [], ghost: base.series[id] || [], baseTimes: base.times, band };
}

/** The series of a graph: band (a transparent low edge with the high − low range stacked on
 *  it and shaded), the ghost (grey, dashed) and the current run (solid) with the start marker. */
function graphSeries(d) {
  const series = [];
  if (d.band) {
    const stack = { type: 'line', stack: 'band', stackStrategy: 'all', symbol: 'none', silent: true, z: 1, lineStyle: { width: 0 } };
    series.push({ ...stack, id: 'band-low', name: 'band-low', data: pairs(d.times, d.band.low) });
    series.push({
      ...stack, id: 'band-range', name: t('band'), areaStyle: { color: BAND_FILL, opacity: 1 }, itemStyle: { color: BAND_FILL },
      data: d.times.map((x, k) => [x, d.band.high[k] - d.band.low[k]]),
    });
  }
  series.push({
    id: 'ghost', name: t('baseline'), type: 'line', symbol: 'none', z: 2, data: pairs(d.baseTimes, d.ghost),
    lineStyle: { color: GHOST, width: 2, type: [6, 4] }, itemStyle: { color: GHOST },
  });
  const start = policyStart();
  series.push({
    id: 'current', name: t('current'), type: 'line', symbol: 'none', z: 3, data: pairs(d.times, d.cur),
    lineStyle: { color: ACCENT, width: 2.6 }, itemStyle: { color: ACCENT },
    markLine: start == null ? undefined : {
      silent: true, symbol: 'none', animation: false,
      lineStyle: { color: '#9aa1ab', type: 'dotted', width: 1 },
      label: { formatter: t('fromShort', { y: start }), position: 'end', color: '#5b6675', fontFamily: FONT, fontSize: 11 },
      data: [{ xAxis: start }],
    },
  });
  return series;
}

/** The ECharts option of graph `i`; `exporting` adds a title and the scenario for a file. */
function graphOption(i, axis, exporting = false) {
  const d = graphData(i);
  const scale = isShare(d.ind) ? 100 : 1;
  const fmtAxis = (v) => num(v * scale, decimalsOf(axis.interval * scale));
  const series = graphSeries(d);
  const legend = [{ name: t('current'), icon: ICON_SOLID }, { name: t('baseline'), icon: ICON_DASHED }];
  if (d.band) legend.push({ name: t('band'), icon: 'rect', itemStyle: { color: BAND_FILL } });
  const unit = indUnit(d.ind);
  const big = exporting ? 1.25 : 1;
  const xStep = yearStep(exporting ? 1200 : S.charts['g' + i].getWidth());
  return {
    animation: false,
    backgroundColor: exporting ? '#ffffff' : 'transparent',
    textStyle: { fontFamily: FONT, fontSize: 12 * big, color: '#1d2733' },
    title: exporting ? {
      text: label(d.ind) + (unit ? paren(unit) : ''),
      subtext: ellipsis(summaryText(), 220),
      left: 24, top: 14, textStyle: { fontFamily: FONT, fontSize: 22, fontWeight: 'normal' },
      subtextStyle: { fontFamily: FONT, fontSize: 14, color: '#5b6675', width: 1100, overflow: 'break' },
    } : undefined,
    legend: {
      top: exporting ? 18 : 0, right: exporting ? 24 : 6, selectedMode: false, itemWidth: 30, itemHeight: 10,
      data: legend, textStyle: { fontFamily: FONT, fontSize: 12 * big },
    },
    grid: exporting ? { left: 90, right: 40, top: 120, bottom: 70 } : { left: 58, right: 16, top: 34, bottom: 26 },
    // A file leaves the page: say where it came from.
    graphic: exporting ? [{
      type: 'text', right: 24, bottom: 12,
      style: { text: `talentloop explore · ${t('baseline')}: ${S.meta.scenario.name}`, fill: '#8a93a0', font: `12px ${FONT}` },
    }] : undefined,
    tooltip: {
      trigger: 'axis', confine: true, textStyle: { fontFamily: FONT, fontSize: 12 },
      axisPointer: { type: 'line', lineStyle: { color: '#9aa1ab' } },
      formatter: (ps) => tooltipHtml(graphData(i), ps),
    },
    xAxis: {
      type: 'value', min: S.meta.start, max: S.meta.end, interval: xStep,
      // With a label every other year, the last year still gets one (its neighbour gives way).
      axisLabel: { formatter: (v) => (xStep > 1 && v > S.meta.end - xStep && v < S.meta.end ? '' : String(v)), fontFamily: FONT, fontSize: 11 * big },
      splitLine: { show: false }, axisLine: { lineStyle: { color: '#9aa1ab' } },
    },
    yAxis: {
      type: 'value', min: axis.min, max: axis.max, interval: axis.interval, scale: true,
      name: unit, nameTextStyle: { fontFamily: FONT, color: '#5b6675', align: 'right', fontSize: 11 * big },
      axisLabel: { formatter: fmtAxis, fontFamily: FONT, fontSize: 11 * big },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    aria: { enabled: false },
    series,
  };
}

function tooltipHtml(d, ps) {
  if (!ps.length) return '';
  const k = ps[0].dataIndex;
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const mag = Math.abs(d.ghost[k] ?? d.cur[k] ?? 0);
  const rows = [
    `<b>${esc(fmtTime(d.times[k]))}</b>`,
    `${esc(t('current'))}: ${esc(fmtInd(d.cur[k], d.ind, mag))}`,
    `${esc(t('baseline'))}: ${esc(fmtInd(d.ghost[k], d.ind, mag))}`,
    `${esc(t('difference'))}: ${esc(fmtDiff(d.cur[k] - d.ghost[k], d.ind, mag))}`,
  ];
  if (d.band) rows.push(`${esc(t('band'))}: ${esc(fmtInd(d.band.low[k], d.ind, mag))} – ${esc(fmtInd(d.band.high[k], d.ind, mag))}`);
  return rows.join('<br>');
}

/** Draws graph `i` from S.result; `settled`: the wanted result with no slider held. The whole
 *  option is set only when the frame changes (indicator, axis, band, marker, language); a new
 *  result alone replaces the data of the current run (and band), which costs ECharts about half
 *  as much — it matters while a slider is dragged. */
function drawGraphChart(i, settled = true) {
  if (!S.result) return;
  const d = graphData(i);
  const all = [...d.cur, ...d.ghost, ...(d.band ? [...d.band.low, ...d.band.high] : [])].filter(Number.isFinite);
  const axis = axisFor(i, Math.min(...all), Math.max(...all), settled && !S.dragging);
  const chart = S.charts['g' + i];
  const frame = JSON.stringify([d.id, S.lang, axis.min, axis.max, axis.interval, !!d.band, policyStart(), yearStep(chart.getWidth())]);
  if (chart.frame !== frame) {
    chart.setOption(graphOption(i, axis), { replaceMerge: ['series'] });
    chart.frame = frame;
  } else {
    // The ghost is part of the frame (it only changes with the indicator): leave it be.
    chart.setOption({ series: graphSeries(d).filter((x) => x.id !== 'ghost').map(({ id, data }) => ({ id, data })) });
  }
}

/** Graph `i` and its table of values. */
function drawGraph(i, settled = true) {
  drawGraphChart(i, settled);
  drawValues(i);
}

/** The table under a graph: 2025, 2030, 2035 — this scenario, the baseline, the difference. */
function drawValues(i) {
  if (!S.result) return;
  const d = graphData(i);
  const table = $(`.graph-card[data-graph="${i}"] .values`);
  const direction = d.ind.direction;
  const rows = [2025, 2030, 2035].filter((y) => y >= S.meta.start && y <= S.meta.end).map((y) => {
    const k = nearest(d.times, y);
    const kb = nearest(d.baseTimes, y);
    const cur = d.cur[k];
    const ghost = d.ghost[kb];
    const mag = Math.abs(ghost);
    const diff = cur - ghost;
    const text = fmtDiff(diff, d.ind, mag);
    const zero = text.startsWith('±');
    const tone = zero || direction === 'neutral' ? '' : (diff > 0) === (direction === 'higher') ? 'better' : 'worse';
    const rel = ghost !== 0 && !isShare(d.ind) && !zero ? ` (${fmtPct(diff / Math.abs(ghost))})` : '';
    return h('tr', {},
      h('td', {}, String(y)),
      h('td', {}, fmtInd(cur, d.ind, mag),
        d.band ? h('div', { class: 'range' }, `${fmtInd(d.band.low[k], d.ind, mag)} – ${fmtInd(d.band.high[k], d.ind, mag)}`) : null),
      h('td', {}, fmtInd(ghost, d.ind, mag)),
      h('td', { class: tone }, text + rel));
  });
  const unit = indUnit(d.ind);
  const u = unit && unit !== '%' ? paren(unit) : '';
  table.replaceChildren(
    h('thead', {}, h('tr', {}, h('th', {}, t('year')), h('th', {}, t('current') + u), h('th', {}, t('baseline') + u), h('th', {}, t('difference')))),
    h('tbody', {}, ...rows));
}

/** A relative change as a signed percentage. */
function fmtPct(r) {
  const x = r * 100;
  const dec = Math.abs(x) >= 10 ? 0 : 1;
  const s = num(Math.abs(x), dec);
  return (Number(s) === 0 ? '±' : x > 0 ? '+' : MINUS) + s + '%';
}

function nearest(times, y) {
  let best = 0;
  for (let k = 1; k < times.length; k += 1) if (Math.abs(times[k] - y) < Math.abs(times[best] - y)) best = k;
  return best;
}

/** The indicators in the order of the selectors and the miniatures: the headline ones first
 *  (meta.indicators[].headline), then the rest, each in meta's order. */
function orderedIndicators() {
  const all = S.meta.indicators;
  return [...all.filter((i) => i.headline), ...all.filter((i) => !i.headline)];
}

/** Fills both indicator selectors and the description lines (after meta or a language switch). */
function buildGraphHeads() {
  const option = (ind, i) => {
    const unit = indUnit(ind);
    return h('option', { value: ind.id, selected: ind.id === S.view[i] }, label(ind) + (unit ? paren(unit) : ''));
  };
  const headline = S.meta.indicators.filter((ind) => ind.headline);
  const rest = S.meta.indicators.filter((ind) => !ind.headline);
  $$('.graph-card').forEach((card, i) => {
    const sel = $('.indicator-select', card);
    if (headline.length && rest.length) {
      sel.replaceChildren(
        h('optgroup', { label: t('headlineGroup') }, ...headline.map((ind) => option(ind, i))),
        h('optgroup', { label: t('otherGroup') }, ...rest.map((ind) => option(ind, i))));
    } else {
      sel.replaceChildren(...S.meta.indicators.map((ind) => option(ind, i)));
    }
    sel.onchange = () => showIndicator(i, sel.value);
    setDescription(card, S.view[i]);
  });
}

/** The one-line description under a graph's title (all of it on hover). */
function setDescription(card, id) {
  const el = $('.graph-desc', card);
  el.textContent = describe(S.indicatorById.get(id));
  el.title = el.textContent;
}

const describe = (ind) => (S.lang === 'en' ? ind.description_en : ind.description_zh) || '';

/** Shows indicator `id` in graph `i` (no run: every result has every indicator). */
function showIndicator(i, id) {
  if (!S.indicatorById.has(id)) return;
  S.view[i] = id;
  const card = $(`.graph-card[data-graph="${i}"]`);
  $('.indicator-select', card).value = id;
  setDescription(card, id);
  drawGraph(i, true);
  drawMinis();
  writeHash();
}

/* ============================================================================================
 * 9. Miniature graphs: every indicator as a small sparkline (plain SVG, cheap to redraw on every
 *    result) with its end-year difference; a click shows it in the chosen large graph.
 * ========================================================================================== */
const SVG_NS = 'http://www.w3.org/2000/svg';

function buildMinis() {
  const host = $('#minis');
  // The headline indicators first, as in the selectors (the collapsed panel shows them).
  host.replaceChildren(...orderedIndicators().map((ind) => {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 100 30');
    svg.setAttribute('preserveAspectRatio', 'none');
    for (const cls of ['spark-ghost', 'spark-current']) {
      const p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('class', cls);
      p.setAttribute('vector-effect', 'non-scaling-stroke');
      svg.append(p);
    }
    return h('button', {
      type: 'button', class: ind.headline ? 'mini headline' : 'mini', 'data-id': ind.id, title: `${label(ind)}\n${describe(ind)}`,
      onclick: () => showIndicator(S.target, ind.id),
    }, h('span', { class: 'name' }, label(ind)), h('span', { class: 'badge', hidden: true }), svg, h('span', { class: 'delta' }));
  }));
  updateMinisToggle();
}

function updateMinisToggle() {
  const host = $('#minis');
  host.classList.toggle('collapsed', !S.minisExpanded);
  $('#minis-more').textContent = S.minisExpanded ? t('showLess') : t('showAll', { n: S.meta.indicators.length });
}

/** An SVG path of `ys` over `xs` in a 100 × 30 box scaled to [lo, hi]. */
function sparkPath(xs, ys, lo, hi) {
  const x0 = xs[0];
  const dx = last(xs) - x0 || 1;
  const dy = hi - lo || 1;
  let d = '';
  for (let k = 0; k < ys.length; k += 1) {
    if (!Number.isFinite(ys[k])) continue;
    d += `${d ? 'L' : 'M'}${(((xs[k] - x0) / dx) * 100).toFixed(2)} ${(28 - ((ys[k] - lo) / dy) * 26).toFixed(2)}`;
  }
  return d;
}

function drawMinis() {
  if (!S.result) return;
  const res = S.result;
  const base = S.meta.baseline;
  for (const el of $$('.mini', $('#minis'))) {
    const id = el.dataset.id;
    const ind = S.indicatorById.get(id);
    const cur = res.series[id] || [];
    const ghost = base.series[id] || [];
    const vals = [...cur, ...ghost].filter(Number.isFinite);
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    const [pg, pc] = el.querySelectorAll('path');
    pg.setAttribute('d', sparkPath(base.times, ghost, lo, hi));
    pc.setAttribute('d', sparkPath(res.times, cur, lo, hi));
    const c = last(cur);
    const g = last(ghost);
    el.querySelector('.delta').textContent = `${Math.round(S.meta.end)}: ${fmtInd(c, ind, Math.abs(g))}  ${fmtDiff(c - g, ind, Math.abs(g))}`;
    const shown = S.view.indexOf(id);
    el.classList.toggle('shown', shown >= 0);
    const badge = el.querySelector('.badge');
    badge.hidden = shown < 0;
    badge.textContent = shown === 0 ? t('graph1') : shown === 1 ? t('graph2') : '';
  }
}

/* ============================================================================================
 * 10. Budget: what the new measures cost. The baseline's own spending (编制 salaries above all)
 *     is current policy, already funded; the budget is what a city sets aside for the measures
 *     it adds. So the meter shows the EXTRA spending over the baseline — this run's cumulative
 *     cost minus meta.baseline's, programme by programme — against the budget: 0 and green on
 *     an unchanged page, red when the extra exceeds the budget. Programmes that cost more are
 *     stacked; one that costs less (a cut) is listed as a saving under the meter, with the
 *     total spending of both runs. The annual chart shows the extra by year and programme; the
 *     administrative measures changed are listed as having no direct cost. Colours and decal
 *     patterns are fixed per cost line, so the two charts agree and a greyscale print tells
 *     the programmes apart.
 * ========================================================================================== */
const PALETTE = ['#1f4e8c', '#c27c0e', '#3b8a5a', '#8c4f9f', '#b33d3d', '#2a8a9a', '#7a6a3a', '#d18fb0',
  '#5c7fbf', '#9aa33a', '#6b6b6b', '#d46a2a', '#4a4a9a', '#2f6f6f', '#a0522d', '#708090'];

/** A distinct decal per index: stripes at four angles and two densities, then dots. */
function decal(k) {
  const angles = [Math.PI / 4, -Math.PI / 4, 0, Math.PI / 2];
  const common = { color: 'rgba(0, 0, 0, 0.3)', symbol: 'rect', dashArrayX: [1, 0] };
  if (k === 0) return { ...common, dashArrayY: [0, 1] }; // plain (the first programme)
  if (k <= 8) return { ...common, dashArrayY: k <= 4 ? [2, 4] : [1, 2], rotation: angles[(k - 1) % 4] };
  return { color: 'rgba(0, 0, 0, 0.35)', symbol: k % 2 ? 'circle' : 'triangle', symbolSize: 0.7, dashArrayX: [[3, 3 + (k % 3)]], dashArrayY: [3, 3 + (k % 3)] };
}

/** Differences below this share of a line's spending are rounding, not a change of policy. */
const COST_TOL = 1e-9;

/** Per cost line: spending over the run in this scenario and in the baseline, the extra
 *  (current − baseline, cumulative and by year); the lines that cost more (`added`) and less
 *  (`saved`); the net extra and both totals. */
function costExtras() {
  const res = S.result;
  const base = S.meta.baseline;
  const ys = res.years || [];
  const baseIndex = new Map((base.years || []).map((y, j) => [y, j]));
  const lines = S.meta.cost_lines.map((c, k) => {
    const cur = res.annual_cost?.[c.id] || [];
    const b = base.annual_cost?.[c.id] || [];
    const curSum = sum(cur);
    const baseSum = sum(b);
    return {
      ...c, k, cur: curSum, base: baseSum, extra: curSum - baseSum,
      annual: ys.map((y, j) => (cur[j] || 0) - (b[baseIndex.get(y)] || 0)),
    };
  });
  const total = last(res.cumulative_cost || []) ?? sum(lines.map((l) => l.cur));
  const baseTotal = last(base.cumulative_cost || []) ?? sum(lines.map((l) => l.base));
  // Spending the listed lines do not account for counts as "other" rather than being hidden.
  const restCur = total - sum(lines.map((l) => l.cur));
  const restBase = baseTotal - sum(lines.map((l) => l.base));
  if (Math.abs(restCur - restBase) > 1e-6 * Math.max(1, Math.abs(total))) {
    lines.push({ id: 'other', zh: STRINGS.zh.other, en: STRINGS.en.other, k: lines.length, cur: restCur, base: restBase, extra: restCur - restBase, annual: [] });
  }
  const tol = (l) => COST_TOL * Math.max(1, Math.abs(l.cur), Math.abs(l.base));
  return {
    lines,
    added: lines.filter((l) => l.extra > tol(l)),
    saved: lines.filter((l) => l.extra < -tol(l)),
    byYear: lines.filter((l) => l.annual.some((v) => Math.abs(v) > tol(l))),
    extra: sum(lines.map((l) => l.extra)),
    total, baseTotal,
  };
}

/** The rows ECharts' plain legend takes for `texts` in `width` px (its layout: 5 px padding, an
 *  18 px icon, 5 px to the text, 10 px between items), so the meter can be made tall enough. */
function legendRows(texts, width) {
  const ctx = (legendRows.ctx ||= document.createElement('canvas').getContext('2d'));
  ctx.font = `12px ${FONT}`;
  let rows = 1;
  let x = 0;
  for (const text of texts) {
    const w = 18 + 5 + ctx.measureText(text).width;
    if (x > 0 && x + w > width - 10) { rows += 1; x = 0; }
    x += w + 10;
  }
  return rows;
}

const costStyle = (l) => ({ color: PALETTE[l.k % PALETTE.length], decal: decal(l.k), borderColor: '#fff', borderWidth: 0.5 });

/** The meter's marks: the budget (red when exceeded) and, when savings offset part of the
 *  stack, the net extra. */
function meterMarks(c, over) {
  const mark = (x, color, type, text, position) => ({
    xAxis: x, lineStyle: { color, width: type === 'solid' ? 2 : 1.5, type },
    label: { formatter: text, position, fontFamily: FONT, fontSize: 11, color },
  });
  const data = [mark(S.budget, over ? '#b3261e' : '#1d2733', 'solid', `${t('budgetMark')} ${fmtYi(S.budget)}`, 'end')];
  if (c.saved.length && c.added.length) data.push(mark(Math.max(0, c.extra), '#5b6675', [4, 3], `${t('netMark')} ${fmtYiSigned(c.extra)}`, 'start'));
  return { silent: true, symbol: 'none', animation: false, data };
}

function drawBudget() {
  if (!S.result) return;
  const c = costExtras();
  S.costByName = new Map(c.lines.map((l) => [label(l), l]));
  const over = c.extra > S.budget + 1e-9;
  // As for the graphs: the full options only when the frame changes (programmes shown, scale,
  // budget, language); otherwise just the numbers. Formatters read S.costByName, so the
  // legend's and tooltips' amounts follow every result.
  const gross = sum(c.added.map((l) => l.extra));
  const xmax = niceRange(0, Math.max(gross, S.budget, 0.1) * 1.04).max;
  const legend = c.added.map((l) => `${label(l)} ${fmtYiSigned(l.extra)}`);
  const rows = c.added.length ? legendRows(legend, S.charts.meter.getWidth()) : 0;
  const frame = JSON.stringify([S.lang, c.added.map((l) => l.id), c.byYear.map((l) => l.id), c.saved.length > 0, xmax, S.budget, over, rows]);
  const marks = meterMarks(c, over);
  const meterData = c.added.length
    ? c.added.map((l, n) => ({ id: l.id, data: [l.extra], ...(n === 0 ? { markLine: marks } : {}) }))
    : [{ id: 'none', data: [0], markLine: marks }];
  const net = (S.result.years || []).map((_, j) => sum(c.lines.map((l) => l.annual[j] || 0)));
  const annualData = [...c.byYear.map((l) => ({ id: l.id, data: l.annual })), { id: 'net', data: net }];
  if (S.budgetFrame === frame) {
    S.charts.meter.setOption({ series: meterData });
    S.charts.annual.setOption({ series: annualData });
  } else {
    S.budgetFrame = frame;
    drawBudgetCharts(c, meterData, annualData, xmax, rows);
  }
  $('#budget-card').classList.toggle('over', over);
  const head = $('#budget-headline');
  head.dataset.extra = String(c.extra);
  head.replaceChildren(
    h('div', {}, h('span', { class: 'total' }, fmtYiSigned(c.extra)), ' 亿元 · ', t('budgetTotal', { a: S.meta.start, b: S.meta.end })),
    h('div', {}, t('budgetOf', { x: fmtYi(S.budget) }), ' · ',
      h('span', { class: 'verdict' }, over ? t('overBudget', { x: fmtYi(c.extra - S.budget) }) : t('withinBudget', { x: fmtYi(S.budget - c.extra) }))));
  const colon = S.lang === 'en' ? ': ' : '：';
  $('#budget-notes').replaceChildren(...[
    c.saved.length ? h('div', { class: 'savings' }, h('span', { class: 'label' }, t('savings') + colon),
      // A swatch of the programme's colour: its bars show below 0 in the annual chart.
      c.saved.flatMap((l, n) => [n ? listSep() : null, h('span', { class: 'swatch', style: `background:${PALETTE[l.k % PALETTE.length]}` }),
        `${label(l)} ${fmtYiSigned(l.extra)} 亿元`])) : null,
    !c.added.length && !c.saved.length ? h('div', { class: 'no-extra' }, t('noExtra')) : null,
    h('div', { class: 'totals' }, t('totalsLine', { base: fmtYi(c.baseTotal), cur: fmtYi(c.total) })),
  ].filter(Boolean));
  S.budgetView = {
    extra: c.extra, budget: S.budget, over, total: c.total, baseTotal: c.baseTotal,
    added: Object.fromEntries(c.added.map((l) => [l.id, l.extra])),
    saved: Object.fromEntries(c.saved.map((l) => [l.id, l.extra])),
  };
}

/** The full options of the meter and the annual chart (when their frame changes). */
function drawBudgetCharts(c, meterData, annualData, xmax, rows) {
  // The meter's height follows the legend's rows.
  const height = `${c.added.length ? 70 + 22 * rows : 74}px`;
  if ($('#meter').style.height !== height) {
    $('#meter').style.height = height;
    S.charts.meter.resize();
  }
  const amount = (name) => S.costByName.get(name);
  const tip = (name) => {
    const l = amount(name);
    return l ? `${name}<br>${t('extraShort')}: ${fmtYiSigned(l.extra)} 亿元<br>${t('current')}: ${fmtYi(l.cur)} 亿元<br>${t('baseline')}: ${fmtYi(l.base)} 亿元` : '';
  };
  const series = c.added.length
    ? c.added.map((l, n) => ({ ...meterData[n], name: label(l), type: 'bar', stack: 'cost', barWidth: 24, itemStyle: costStyle(l) }))
    : [{ ...meterData[0], name: '', type: 'bar', stack: 'cost', barWidth: 24 }];
  S.charts.meter.setOption({
    animation: false,
    textStyle: { fontFamily: FONT, fontSize: 12 },
    // No axis labels: the amounts are in the headline and the legend, and the marks' labels
    // (budget above, net below) need the room.
    grid: { left: 44, right: 44, top: 22, height: 24 },
    xAxis: { type: 'value', min: 0, max: xmax, axisLabel: { show: false }, axisTick: { show: false }, splitLine: { lineStyle: { color: GRID_LINE } } },
    yAxis: { type: 'category', data: [''], show: false },
    legend: {
      show: c.added.length > 0, top: 66, left: 0, right: 0, type: 'plain', itemWidth: 18, itemHeight: 12, selectedMode: false,
      textStyle: { fontFamily: FONT, fontSize: 12 },
      formatter: (name) => { const l = amount(name); return l ? `${name} ${fmtYiSigned(l.extra)}` : name; },
    },
    tooltip: { trigger: 'item', textStyle: { fontFamily: FONT }, formatter: (p) => tip(p.seriesName) },
    series,
  }, { replaceMerge: ['series'] });

  const ys = (S.result.years || []).map(String);
  S.charts.annual.setOption({
    animation: false,
    textStyle: { fontFamily: FONT, fontSize: 12 },
    grid: { left: 44, right: 10, top: 24, bottom: 24 },
    legend: { top: 0, right: 0, selectedMode: false, data: [{ name: t('netTotal'), icon: ICON_DASHED, itemStyle: { color: '#5b6675' } }], textStyle: { fontFamily: FONT, fontSize: 11 }, itemWidth: 24, itemHeight: 8 },
    tooltip: { trigger: 'axis', textStyle: { fontFamily: FONT }, valueFormatter: (v) => `${fmtYiSigned(v)} 亿元` },
    xAxis: { type: 'category', data: ys, axisLabel: { fontFamily: FONT, fontSize: 11, formatter: (v) => `'${v.slice(2)}` } },
    yAxis: { type: 'value', axisLabel: { fontFamily: FONT, fontSize: 11, formatter: (v) => num(v, decimalsOf(v)) }, splitLine: { lineStyle: { color: GRID_LINE } } },
    series: [
      // Bars of different signs stack apart: more spending above 0, savings below.
      ...c.byYear.map((l, n) => ({ ...annualData[n], name: label(l), type: 'bar', stack: 'extra', barWidth: '62%', itemStyle: costStyle(l) })),
      { ...last(annualData), name: t('netTotal'), type: 'line', symbol: 'circle', symbolSize: 4, z: 5, lineStyle: { color: '#5b6675', type: [4, 3], width: 1.5 }, itemStyle: { color: '#5b6675' } },
    ],
  }, { replaceMerge: ['series'] });
}

/** Administrative measures that are changed, each marked as having no direct cost. */
function drawAdmin() {
  const items = S.meta.levers.filter((l) => l.cost?.kind === 'administrative' && S.levers.has(l.key)).map((l) => {
    const st = S.levers.get(l.key);
    return h('li', {},
      leverName(l), `${S.lang === 'en' ? ': ' : '：'}${fmtLever(l, l.default)} → ${leverText(l, st.value)}${paren(t('fromShort', { y: st.from }))}`,
      h('span', { class: 'nocost' }, t('noDirectCost')),
      h('span', { class: 'reason' }, reasonText(l.cost)));
  });
  $('#admin-list').replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, t('noAdmin'))]));
}

/** A lever's name with its sector for the industry group's levers. */
function leverName(l) {
  const s = l.sector && S.meta.sectors.find((x) => x.id === l.sector);
  return (s ? label(s) + '·' : '') + label(l);
}

/* ============================================================================================
 * 11. The summary of what is changed (on screen and on paper), the comparison list and the
 *     downloads (scenario TOML, charts as PNG and SVG).
 * ========================================================================================== */
function leverChange(l) {
  const st = S.levers.get(l.key);
  return `${leverName(l)} ${fmtLever(l, l.default)} → ${leverText(l, st.value)}${paren(t('fromShort', { y: st.from }))}`;
}

const assumptionChange = (a) => `${label(a)} ${assumptionText(a, S.assumptions.get(a.key))}`;

function changedLevers() { return S.meta.levers.filter((l) => S.levers.has(l.key)); }
function changedAssumptions() { return S.meta.assumptions.filter((a) => S.assumptions.has(a.key)); }

/** One line naming every change (chart subtitles, comparison entries). */
function summaryText(policy = null) {
  const restore = policy && snapshotSwap(policy);
  const parts = [...changedLevers().map(leverChange), ...changedAssumptions().map(assumptionChange)];
  if (restore) restore();
  return parts.length ? parts.join(listSep()) : t('summaryNone');
}

/** Temporarily puts `policy` in the state (to describe or download a saved entry); returns the
 *  undo, which refills the same Map objects (handlers elsewhere may hold them). */
function snapshotSwap(policy) {
  const saved = [[S.levers, new Map(S.levers)], [S.assumptions, new Map(S.assumptions)]];
  applyState(policy, { view: false });
  return () => saved.forEach(([map, copy]) => { map.clear(); copy.forEach((v, k) => map.set(k, v)); });
}

/** The changes as chips above the graphs, each with × to take it back. */
function drawSummary() {
  const chip = (text, cls, part, key) => h('span', { class: cls }, text, h('button', {
    type: 'button', title: t('restoreTitle'), 'aria-label': t('restore'),
    onclick: () => { S[part].delete(key); commit(); afterPolicyChange(); },
  }, '×'));
  const chips = [
    ...changedLevers().map((l) => chip(leverChange(l), 'chip', 'levers', l.key)),
    ...changedAssumptions().map((a) => chip(assumptionChange(a), 'chip assumption-chip', 'assumptions', a.key)),
  ];
  $('#summary').replaceChildren(...(chips.length ? [h('span', { class: 'label' }, t('summaryLabel')), ...chips] : [h('span', { class: 'label' }, t('summaryNone'))]));
}

/* --- Scenario files. */
async function downloadScenario(policy, name) {
  try {
    const body = { ...requestBodyOf(policy), band: false };
    if (name) body.name = name;
    const r = await post('/api/scenario', body);
    const text = await r.text();
    const m = /filename="?([^";]+)"?/.exec(r.headers.get('Content-Disposition') || '');
    saveBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), name ? `${name}.toml` : (m ? m[1] : 'explore.toml'));
  } catch (e) {
    showStatus(t('errorDownload', { msg: e.message }));
  }
}

/** The request body of a saved policy state (the current one when `policy` is null). */
function requestBodyOf(policy) {
  if (!policy) return requestBody(false);
  const restore = snapshotSwap(policy);
  const body = requestBody(false);
  restore();
  return body;
}

/* --- The comparison list: saved states, each downloadable, and the command that compares them.
 *     Kept in the browser's localStorage per base scenario file, so a reload (or tomorrow's
 *     meeting) finds it again; entries naming a lever or an assumption the base no longer has
 *     are dropped on reading. */
const compareStoreKey = () => `talentloop.compare:${S.meta.scenario.file}`;

function saveComparison() {
  try {
    localStorage.setItem(compareStoreKey(), JSON.stringify({ count: S.compareCount, entries: S.compare }));
  } catch (e) { /* storage unavailable (private window, quota): the list lives for the page only */ }
}

function loadComparison() {
  let stored = null;
  try { stored = JSON.parse(localStorage.getItem(compareStoreKey()) || 'null'); } catch (e) { stored = null; }
  if (!stored || !Array.isArray(stored.entries)) return;
  const known = (e) => e && typeof e.name === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(e.name) && e.policy
    && Object.keys(e.policy.levers || {}).every((k) => S.leverByKey.has(k))
    && Object.keys(e.policy.assumptions || {}).every((k) => S.assumptionByKey.has(k));
  S.compare = stored.entries.filter(known);
  S.compareCount = Math.max(Number(stored.count) || 0, S.compare.length);
}

function addToComparison() {
  const policy = policyState();
  const key = JSON.stringify(policy);
  const dup = S.compare.find((e) => JSON.stringify(e.policy) === key);
  if (dup) { showStatus(t('compareDuplicate', { name: dup.name }), 'info'); return; }
  S.compareCount += 1;
  const entry = { name: `explore_${S.compareCount}`, policy };
  S.compare.push(entry);
  saveComparison();
  drawCompare();
  showStatus(t('compareAdded', { name: entry.name }), 'info');
}

function drawCompare() {
  const list = $('#compare-list');
  if (!S.compare.length) {
    list.replaceChildren(h('li', { class: 'empty', style: 'list-style:none;margin-left:-20px' }, t('compareEmpty')));
    $('#compare-cmd').replaceChildren();
    return;
  }
  list.replaceChildren(...S.compare.map((e) => {
    const name = h('input', {
      value: e.name, spellcheck: false, 'aria-label': 'name',
      onchange: () => {
        if (/^[A-Za-z0-9_]{1,64}$/.test(name.value)) { e.name = name.value; saveComparison(); drawCompare(); } else { showStatus(t('compareBadName')); name.value = e.name; }
      },
    });
    return h('li', {}, h('div', { class: 'entry' }, name,
      h('span', { class: 'what' }, summaryText(e.policy)),
      h('button', { type: 'button', onclick: () => { applyState(e.policy, { view: false }); commit(); afterPolicyChange(); } }, t('load')),
      h('button', { type: 'button', onclick: () => downloadScenario(e.policy, e.name) }, 'TOML'),
      h('button', { type: 'button', onclick: () => { S.compare = S.compare.filter((x) => x !== e); saveComparison(); drawCompare(); } }, t('remove'))));
  }));
  const files = S.compare.map((e) => `${e.name}.toml`).join(' ');
  const base = S.meta.scenario.file;
  const quoted = /[\s"'$]/.test(base) ? `'${base.replace(/'/g, "'\\''")}'` : base;
  $('#compare-cmd').replaceChildren(t('compareCmd'), h('code', {}, `talentloop compare ${files} --baseline ${quoted}`));
}

/* --- Charts as files. A temporary chart renders the graph with a title and the scenario line:
 *     SVG from the SVG renderer (renderToSVGString); PNG from a canvas-renderer twin at twice
 *     the resolution, which draws text with the page's loaded web font (an SVG drawn onto a
 *     canvas as an image could not use it). */
function exportChart(i, type) {
  const host = $('#export-host');
  const el = h('div', { style: 'width:1200px;height:720px' });
  host.append(el);
  const chart = echarts.init(el, null, { renderer: type === 'svg' ? 'svg' : 'canvas', width: 1200, height: 720 });
  try {
    chart.setOption(graphOption(i, S.axes[i], true));
    const name = `talentloop_${S.view[i].replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+$/, '')}`;
    if (type === 'svg') {
      // Name common CJK fonts after the bundled one, for viewers of the file without it.
      const svg = chart.renderToSVGString().replace(/TalentloopCJK/g, "TalentloopCJK,'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif");
      saveBlob(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }), `${name}.svg`);
    } else {
      const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
      const bin = atob(url.slice(url.indexOf(',') + 1));
      saveBlob(new Blob([Uint8Array.from(bin, (c) => c.charCodeAt(0))], { type: 'image/png' }), `${name}.png`);
    }
  } finally {
    chart.dispose();
    el.remove();
  }
}

/* ============================================================================================
 * 12. Start-up, language, keyboard and the instrumentation the browser test reads.
 * ========================================================================================== */
const explore = {
  ready: false,
  idle: false,
  requests: 0,
  lastRepaintMs: null,
  lastRunSeries: {},
  ghostSeries: {},
  lastRunCost: {},   // annual_cost of the run on screen (亿元 per year and cost line)
  ghostCost: {},     // annual_cost of the baseline
  times: [],
  /** The state the share link carries (levers with years, assumptions, view, band, budget, lang). */
  state: () => fullState(),
  /** The body this state sends to /api/run and /api/scenario (band left out). */
  requestBody: () => requestBody(false),
  /** What graph `i` draws now: its indicator and the current, ghost and band series. */
  graph: (i) => {
    const opt = S.charts['g' + i].getOption();
    const ys = (id) => (opt.series.find((s) => s.id === id)?.data || []).map((p) => p[1]);
    const axis = opt.yAxis[0];
    return {
      indicator: S.view[i], current: ys('current'), ghost: ys('ghost'),
      band: opt.series.some((s) => s.id === 'band-range'), axis: { min: axis.min, max: axis.max },
    };
  },
  /** True when the result on screen belongs to the current inputs (and, unless a slider is
   *  held, the budget and miniatures show it too). */
  fresh: () => S.shownKey === S.wantedKey && (S.dragging || !S.secondaryDue),
  /** What the budget meter shows: the net extra spending over the baseline (亿元, cumulative),
   *  the budget, whether it is exceeded, the programmes stacked (`added`) and saved (by cost
   *  line id), both totals; `stacked`: the sum of the meter's bars; `red`: the card's over
   *  class; `shown`: the extra the headline was drawn for. */
  budget: () => {
    const bars = S.charts.meter.getOption().series.filter((x) => x.id !== 'none');
    return {
      ...S.budgetView,
      stacked: sum(bars.map((x) => Number(x.data?.[0]) || 0)),
      red: $('#budget-card').classList.contains('over'),
      shown: Number($('#budget-headline').dataset.extra),
      headline: $('#budget-headline .total').textContent,
    };
  },
};
window.explore = explore;

/** Every text that depends on the language (after start-up and on a switch). */
function applyLanguage() {
  document.documentElement.lang = S.lang === 'en' ? 'en' : 'zh-CN';
  document.title = `${t('title')} · talentloop explore`;
  $$('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $('#undo').title = t('undoTitle');
  $('#redo').title = t('redoTitle');
  $$('.graph-dl button').forEach((b) => { b.title = t('downloadChart', { type: b.dataset.dl.toUpperCase() }); });
  $$('.lang-toggle button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === S.lang)));
  const sc = S.meta.scenario;
  $('#base-scenario').textContent = S.lang === 'en' ? `${t('baseline')}: ${sc.name} — ${sc.description || ''}` : sc.title_zh || sc.name;
  $('#budget-label').textContent = t('budgetLabel');
  $('#band-label').textContent = t('bandToggle');
  drawBandNote();
  buildControls();
  buildGraphHeads();
  buildMinis();
  drawSummary();
  drawAdmin();
  drawCompare();
  if (S.result) {
    drawGraph(0, true);
    drawGraph(1, true);
    drawMinis();
    drawBudget();
  }
}

function drawBandNote() {
  const b = S.meta.band;
  $('.graph-toolbar').hidden = !b;
  if (!b) return;
  const failed = S.band && S.result?.band?.failed ? t('bandFailed', { n: S.result.band.failed }) : '';
  $('#band-note').textContent = t('bandNote', { members: b.members, low: b.low, high: b.high }) + failed;
}

function setLanguage(lang) {
  if (lang === S.lang) return;
  S.lang = lang;
  showStatus('');
  applyLanguage();
  writeHash();
}

function wireEvents() {
  $('#undo').onclick = () => undoRedo(true);
  $('#redo').onclick = () => undoRedo(false);
  $('#reset-policies').onclick = () => { S.levers.clear(); commit(); afterPolicyChange(); };
  $('#reset-assumptions').onclick = () => { S.assumptions.clear(); commit(); afterPolicyChange(); };
  $('#from-year').onchange = (e) => { S.fromYear = Number(e.target.value); writeHash(); };
  $$('.lang-toggle button').forEach((b) => { b.onclick = () => setLanguage(b.dataset.lang); });
  $('#band').onchange = (e) => { S.band = e.target.checked; drawBandNote(); writeHash(); requestRun(); };
  $('#budget').addEventListener('input', (e) => {
    const v = Number(e.target.value);
    if (e.target.value !== '' && Number.isFinite(v) && v >= 0) { S.budget = v; drawBudget(); writeHash(); }
  });
  $('#minis-more').onclick = () => { S.minisExpanded = !S.minisExpanded; updateMinisToggle(); };
  $$('.minis-head .target button').forEach((b) => {
    b.onclick = () => {
      S.target = Number(b.dataset.target);
      $$('.minis-head .target button').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
    };
  });
  $$('.graph-card').forEach((card, i) => {
    $$('.graph-dl button', card).forEach((b) => { b.onclick = () => exportChart(i, b.dataset.dl); });
  });
  $('#download-toml').onclick = () => downloadScenario(null, null);
  $('#add-compare').onclick = addToComparison;
  $('#print').onclick = () => window.print();
  $('#share').onclick = async () => {
    writeHash();
    try {
      await navigator.clipboard.writeText(location.href);
      showStatus(t('shareCopied'), 'info');
    } catch {
      showStatus(t('shareManual'), 'info');
    }
  };

  // Ctrl-Z / Ctrl-Shift-Z (and Ctrl-Y) undo and redo the policy, except inside a text field,
  // where they belong to the field.
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k !== 'z' && k !== 'y') return;
    const el = e.target;
    if (el instanceof HTMLInputElement && !['range', 'checkbox', 'button'].includes(el.type)) return;
    e.preventDefault();
    undoRedo(k === 'z' && !e.shiftKey);
  });

  // A pasted or edited share link in the address bar restores that state (as one undo step).
  window.addEventListener('hashchange', () => {
    if (location.hash === S.lastHash) return;
    const lang = S.lang;
    // A link carries what differs from the defaults: start from them, as a fresh page would.
    Object.assign(S, { view: defaultView(), band: false, budget: S.meta.budget_default, lang: 'zh', fromYear: S.meta.from_year_default });
    readHash();
    commit();
    if (S.lang !== lang) applyLanguage();
    syncViewControls();
    afterPolicyChange();
    drawGraph(0, true);
    drawGraph(1, true);
  });

  // Charts follow their boxes; on paper they get the printed width. Only the charts whose box
  // changed are resized (the meter's height follows its legend; that must not redraw the graphs).
  const keyOf = new Map(Object.entries(S.charts).map(([k, c]) => [c.getDom(), k]));
  const ro = new ResizeObserver((entries) => {
    for (const e of entries) {
      const k = keyOf.get(e.target);
      if (!k) continue;
      S.charts[k].resize();
      const i = k === 'g0' ? 0 : k === 'g1' ? 1 : -1;
      if (i >= 0 && S.result) drawGraphChart(i, S.axes[i]?.settled ?? true);
      if (k === 'meter' && S.result) drawBudget(); // its legend's rows follow the width
    }
  });
  keyOf.forEach((_, el) => ro.observe(el));
  // The printed layout cannot be measured before it exists: the widths below are those of A4
  // landscape with 12 mm margins (app.css @page), 1,032 CSS px of content.
  window.addEventListener('beforeprint', () => {
    $('#print-note').textContent = `${new Date().toLocaleString(S.lang === 'en' ? 'en-GB' : 'zh-CN')} · ${location.href}`;
    S.charts.g0.resize({ width: 480, height: 220 });
    S.charts.g1.resize({ width: 480, height: 220 });
    S.charts.meter.resize({ width: 380 });
    S.charts.annual.resize({ width: 300, height: 140 });
  });
  window.addEventListener('afterprint', () => Object.values(S.charts).forEach((c) => c.resize({ width: 'auto', height: 'auto' })));
}

/** The view's controls (band box, budget field, graph selectors) from the state. */
function syncViewControls() {
  $('#band').checked = S.band;
  $('#budget').value = String(S.budget);
  $$('.graph-card').forEach((card, i) => {
    $('.indicator-select', card).value = S.view[i];
    setDescription(card, S.view[i]);
  });
}

async function start() {
  showStatus(t('loading'), 'info');
  let meta;
  try {
    // The font first: ECharts measures text when it lays out axes and legends.
    [meta] = await Promise.all([getJSON('/api/meta'), document.fonts.load(`16px ${FONT}`, '人才政策').catch(() => null)]);
  } catch (e) {
    showStatus(t('errorMeta', { msg: e.message }));
    return;
  }
  S.meta = meta;
  for (const l of meta.levers) S.leverByKey.set(l.key, l);
  for (const a of meta.assumptions) S.assumptionByKey.set(a.key, a);
  for (const ind of meta.indicators) S.indicatorById.set(ind.id, ind);
  S.sector = meta.sectors[0]?.id || '';
  S.budget = meta.budget_default;
  S.fromYear = meta.from_year_default;
  S.view = defaultView();
  explore.ghostSeries = meta.baseline.series;
  explore.ghostCost = meta.baseline.annual_cost;
  showStatus('');
  loadComparison();
  readHash();
  history_.committed = JSON.stringify(policyState());

  const init = (el) => echarts.init(el, null, { renderer: 'svg' });
  $$('.graph-card').forEach((card, i) => { S.charts['g' + i] = init($('.chart', card)); });
  S.charts.meter = init($('#meter'));
  S.charts.annual = init($('#annual'));
  echarts.connect([S.charts.g0, S.charts.g1]);

  wireEvents();
  syncViewControls();
  applyLanguage();
  updateUndoButtons();
  writeHash();
  requestRun();
}

document.addEventListener('DOMContentLoaded', start);
