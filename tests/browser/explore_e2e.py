#!/usr/bin/python3
"""End-to-end test of `talentloop explore` in headless Chromium.

Usage (from the repository root):

    /usr/bin/python3 tests/browser/explore_e2e.py BINARY OUTDIR

Starts `BINARY explore --port 0` (TALENTLOOP_EXPLORE_ASSETS, if set, is passed on, so the page's
files can be served from the working tree), reads the URL from the server's first stdout line,
drives /usr/bin/chromium through /usr/bin/chromedriver and checks the page: it loads; a slider moves
the current run and not the baseline ghost; reset policies brings the ghost back; the share link
restores state and series in a new page; the downloaded scenario, run by `BINARY run`, reproduces
the page's series; the budget meter shows the extra spending over the baseline (0 and not red at
baseline; after a costly change, the sum over cost lines of current − baseline spending; red over
the budget); the language toggle; undo/redo; the uncertainty band; the downloads; the comparison
list kept over a reload; every request
stays on 127.0.0.1; the bundled CJK font draws (no tofu with only Latin system fonts); and the
slider-release → repaint time (p50/p95 over 20 releases). Writes screenshots to OUTDIR
(explore_en.png, explore_zh.png, explore_band.png, explore_budget_over.png).
One line per check; exit status 0 when all pass, 1 otherwise.

Needs Python 3 (standard library) and selenium 4 (Debian: python3-selenium, chromium,
chromium-driver).
"""

import csv
import json
import os
import queue
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
WAIT = 30.0  # seconds for the page or a run to settle
SUBSIDY = 'params.levers.housing_subsidy'
SEATS = 'params.levers.enclave_seats'


class CheckFailed(Exception):
    """A check's clear failure message."""


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------
def start_server(binary):
    """Starts `binary explore --port 0`; returns (process, url) from its first stdout line."""
    proc = subprocess.Popen([binary, 'explore', '--port', '0'], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    lines = queue.Queue()

    def pump(stream, keep):
        for line in stream:
            if keep:
                lines.put(line)
        stream.close()

    threading.Thread(target=pump, args=(proc.stdout, True), daemon=True).start()
    errors = []
    threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True).start()
    end = time.time() + 120
    first = None
    while first is None:
        try:
            first = lines.get(timeout=0.2)
        except queue.Empty:
            if proc.poll() is not None or time.time() > end:
                proc.kill()
                time.sleep(0.2)
                raise CheckFailed(f'`{binary} explore --port 0` printed no URL (exit status {proc.poll()}; '
                                  f'run from the repository root): ' + ''.join(errors).strip()[-500:])
    m = re.search(r'(http://127\.0\.0\.1:(\d+)/)', first)
    if not m:
        proc.kill()
        raise CheckFailed(f'the first stdout line has no http://127.0.0.1:PORT/ URL: {first!r} '
                          + ''.join(errors)[-500:])
    return proc, m.group(1)


def stop_server(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def post_json(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode('utf-8'),
                                 headers={'Content-Type': 'application/json'}, method='POST')
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.read().decode('utf-8'), dict(r.headers)


# --------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------
def latin_only_fontconfig(tmp):
    """A fontconfig file listing only Latin fonts, so a CJK glyph the page's own font lacks
    would show as tofu instead of falling back to a system CJK font."""
    candidates = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/truetype/liberation',
                  '/usr/share/fonts/truetype/liberation2']
    dirs = [d for d in candidates if os.path.isdir(d)]
    if not dirs:
        raise CheckFailed('no Latin font folder found (install fonts-dejavu-core)')
    path = os.path.join(tmp, 'fonts.conf')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n')
        for d in dirs:
            f.write(f'  <dir>{d}</dir>\n')
        f.write(f'  <cachedir>{os.path.join(tmp, "fc-cache")}</cachedir>\n</fontconfig>\n')
    return path


def start_browser(tmp):
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync',
                 f'--user-data-dir={os.path.join(tmp, "profile")}', '--window-size=1600,1000']:
        opts.add_argument(flag)
    opts.set_capability('goog:loggingPrefs', {'performance': 'ALL', 'browser': 'ALL'})
    env = os.environ.copy()
    env['FONTCONFIG_FILE'] = latin_only_fontconfig(tmp)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=opts)
    driver.set_window_size(1600, 1000)
    driver.set_script_timeout(WAIT)
    # Chromium starts on its own new-tab page (chrome:// resources, before the explorer is
    # opened): drop those log entries, so the network check sees the explorer's requests only.
    driver.get('about:blank')
    driver.get_log('performance')
    return driver


class Page:
    """Helpers on the explorer page (window.explore is the page's instrumentation)."""

    def __init__(self, driver):
        self.d = driver
        self.network = []  # every Network.requestWillBeSent URL seen
        self.console = []  # severe console messages

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def drain_logs(self):
        for entry in self.d.get_log('performance'):
            msg = json.loads(entry['message'])['message']
            if msg.get('method') == 'Network.requestWillBeSent':
                self.network.append(msg['params']['request']['url'])
        for entry in self.d.get_log('browser'):
            if entry.get('level') == 'SEVERE':
                self.console.append(entry['message'])

    def wait(self, condition_js, what, timeout=WAIT):
        end = time.time() + timeout
        while time.time() < end:
            if self.js('try { return !!(' + condition_js + '); } catch (e) { return false; }'):
                return
            time.sleep(0.02)
        raise CheckFailed(f'timed out after {timeout:.0f} s waiting for {what}')

    def wait_ready(self):
        self.wait('window.explore && window.explore.ready', 'window.explore.ready')
        self.wait_fresh()

    def wait_fresh(self):
        self.wait('window.explore.idle && window.explore.fresh()', 'the run to finish (idle and fresh)')

    def state(self):
        return self.js('return window.explore.state()')

    def graph(self, i):
        return self.js('return window.explore.graph(arguments[0])', i)

    def slider_event(self, key, value, events):
        ok = self.js("""
            const el = document.querySelector(`.lever[data-key="${arguments[0]}"] input[type=range]`);
            if (!el) return false;
            if (arguments[1] !== null) el.value = arguments[1];
            for (const type of arguments[2]) el.dispatchEvent(new Event(type, {bubbles: true}));
            return true;""", key, value, events)
        if not ok:
            raise CheckFailed(f'no slider for {key}')

    def set_lever(self, key, value):
        """Sets a lever's slider and fires input then change, as a release of the slider does."""
        self.slider_event(key, value, ['input', 'change'])

    def drag_lever(self, key, value):
        """Moves a lever's slider without releasing it (input only)."""
        self.slider_event(key, value, ['input'])

    def release_lever(self, key):
        self.slider_event(key, None, ['change'])

    def click(self, css):
        self.d.find_element(By.CSS_SELECTOR, css).click()

    def text(self):
        return self.js('return document.body.innerText')

    def full_screenshot(self, path):
        """A screenshot of the whole page (the window grown to the page's height)."""
        height = self.js('return Math.max(document.documentElement.scrollHeight, 1000)')
        self.d.set_window_size(1600, min(int(height) + 120, 8000))
        time.sleep(0.4)
        self.js('window.scrollTo(0, 0)')
        self.d.save_screenshot(path)
        self.d.set_window_size(1600, 1000)
        time.sleep(0.3)


# --------------------------------------------------------------------------------------------
# PNG reading (standard library only) for the tofu check
# --------------------------------------------------------------------------------------------
def png_rows(data):
    """Decodes an 8-bit RGB or RGBA non-interlaced PNG to (width, height, bytes per pixel, rows)."""
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise CheckFailed('not a PNG')
    pos, idat = 8, b''
    while pos < len(data):
        (length,) = struct.unpack('>I', data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b'IHDR':
            width, height, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        elif kind == b'IEND':
            break
    if depth != 8 or interlace != 0 or ctype not in (2, 6):
        raise CheckFailed(f'unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})')
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        filt = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if filt == 1:
                line[x] = (line[x] + a) & 255
            elif filt == 2:
                line[x] = (line[x] + b) & 255
            elif filt == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def dark_pixels(img):
    width, height, bpp, rows = img
    return sum(1 for row in rows for x in range(0, width * bpp, bpp) if min(row[x:x + 3]) < 110)


def differing_pixels(a, b):
    if a[:2] != b[:2]:
        return a[0] * a[1]
    _, _, bpp, ra = a
    rb = b[3]
    return sum(1 for r1, r2 in zip(ra, rb) for x in range(0, len(r1), bpp) if abs(r1[x] - r2[x]) > 40)


# --------------------------------------------------------------------------------------------
# timeseries.csv of `talentloop run`
# --------------------------------------------------------------------------------------------
def city_series(path):
    """City-wide series by indicator id (`variable` or `variable[category]`), with the times.
    The file is tidy: scenario, time, variable, sector, category, unit, value; UTF-8 with BOM."""
    with open(path, encoding='utf-8-sig', newline='') as f:
        reader = csv.DictReader(f)
        need = {'time', 'variable', 'sector', 'category', 'value'}
        if not need <= set(reader.fieldnames or []):
            raise CheckFailed(f'{path}: expected columns {sorted(need)}, found {reader.fieldnames}')
        out = {}
        for row in reader:
            if row['sector']:
                continue
            ind = row['variable'] + (f"[{row['category']}]" if row['category'] else '')
            out.setdefault(ind, []).append((float(row['time']), float(row['value'])))
    return out


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------
def close(a, b, rel=1e-9):
    return len(a) == len(b) and all(
        (x is None and y is None) or (x is not None and y is not None and abs(x - y) <= rel * max(1.0, abs(x), abs(y)))
        for x, y in zip(a, b))


def max_rel_diff(a, b):
    return max((abs(x - y) / max(1e-300, abs(x), abs(y)) for x, y in zip(a, b) if x != y), default=0.0)


def main():
    if len(sys.argv) != 3:
        print(__doc__.split('\n\n')[1])
        return 2
    binary, outdir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(outdir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='explore-e2e-')
    results = []

    def check(name, fn):
        t0 = time.time()
        try:
            detail = fn() or ''
            results.append(True)
            print(f'PASS {name}: {detail} ({time.time() - t0:.1f} s)', flush=True)
        except Exception as e:  # one line per failed check, then the others still run
            results.append(False)
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            print(f'FAIL {name}: {msg}', flush=True)

    server = driver = None
    try:
        server, url = start_server(binary)
        port = re.search(r':(\d+)/', url).group(1)
        driver = start_browser(tmp)
        page = Page(driver)
        ctx = {}

        def load():
            driver.get(url)
            page.wait_ready()
            meta = page.js('return fetch("/api/meta").then(r => r.json())')
            ctx['meta'] = meta
            view = page.state()['view']
            ctx['view'] = view
            return f'{url}, {len(meta["levers"])} levers, {len(meta["indicators"])} indicators, graphs {view}'
        check('page loads, window.explore.ready', load)

        def slider_moves_current_only():
            page.wait_fresh()
            before = page.graph(0)
            # A real drag first (ActionChains): the slider takes the pointer, the page follows.
            el = driver.find_element(By.CSS_SELECTOR, f'.lever[data-key="{SUBSIDY}"] input[type=range]')
            driver.execute_script('arguments[0].scrollIntoView({block: "center"})', el)
            ActionChains(driver).click_and_hold(el).move_by_offset(30, 0).release().perform()
            page.wait_fresh()
            dragged = page.state()['levers'].get(SUBSIDY)
            if not dragged:
                raise CheckFailed('dragging the housing-subsidy slider did not change the state')
            # Then an exact value: 100 万元.
            page.set_lever(SUBSIDY, 100)
            page.wait_fresh()
            after = page.graph(0)
            if page.state()['levers'].get(SUBSIDY, {}).get('value') != 100:
                raise CheckFailed(f'state has {page.state()["levers"]} after setting the subsidy to 100')
            if close(after['current'], before['current'], 1e-12):
                raise CheckFailed(f'graph 1 ({after["indicator"]}) current series did not change')
            if not close(after['ghost'], before['ghost'], 0):
                raise CheckFailed('the ghost (baseline) series changed')
            if not close(after['ghost'], page.js('return window.explore.ghostSeries[arguments[0]]', after['indicator']), 0):
                raise CheckFailed('the drawn ghost differs from window.explore.ghostSeries')
            if not close(after['current'], page.js('return window.explore.lastRunSeries[arguments[0]]', after['indicator']), 0):
                raise CheckFailed('the drawn current series differs from window.explore.lastRunSeries')
            return (f'drag → {dragged["value"]}, then 100: {after["indicator"]} at the end '
                    f'{before["current"][-1]:.6g} → {after["current"][-1]:.6g}, ghost unchanged')
        check('slider moves the current run, not the ghost', slider_moves_current_only)

        def undo_redo():
            page.wait_fresh()
            with_subsidy = page.state()['levers']
            body = driver.find_element(By.TAG_NAME, 'body')
            ActionChains(driver).move_to_element(body).key_down(Keys.CONTROL).send_keys('z').key_up(Keys.CONTROL).perform()
            page.wait_fresh()
            undone = page.state()['levers']
            if undone == with_subsidy:
                raise CheckFailed('Ctrl-Z did not change the levers')
            ActionChains(driver).key_down(Keys.CONTROL).key_down(Keys.SHIFT).send_keys('z').key_up(Keys.SHIFT).key_up(Keys.CONTROL).perform()
            page.wait_fresh()
            if page.state()['levers'] != with_subsidy:
                raise CheckFailed(f'Ctrl-Shift-Z did not restore {with_subsidy}, got {page.state()["levers"]}')
            page.click('#undo')
            page.wait_fresh()
            page.click('#redo')
            page.wait_fresh()
            if page.state()['levers'] != with_subsidy:
                raise CheckFailed('the undo and redo buttons did not round-trip')
            return f'undo → {undone.get(SUBSIDY, "base")}, redo → {with_subsidy[SUBSIDY]["value"]}'
        check('undo/redo (Ctrl-Z, Ctrl-Shift-Z, buttons)', undo_redo)

        def reset_policies():
            page.click('#reset-policies')
            page.wait_fresh()
            if page.state()['levers']:
                raise CheckFailed(f'levers left after reset: {page.state()["levers"]}')
            for i in (0, 1):
                g = page.graph(i)
                if not close(g['current'], g['ghost'], 1e-12):
                    raise CheckFailed(f'graph {i + 1} ({g["indicator"]}): current ≠ ghost after reset '
                                      f'(max relative difference {max_rel_diff(g["current"], g["ghost"]):.3g})')
            # The page draws the unchanged base from meta.baseline; the server must agree.
            text, _ = post_json(url + 'api/run', {'levers': {}, 'assumptions': {}, 'band': False})
            served = json.loads(text)['series']
            ghost = page.js('return window.explore.ghostSeries')
            differ = [k for k in ghost if not close(served.get(k, []), ghost[k], 0)]
            if differ:
                raise CheckFailed(f'/api/run of the unchanged base differs from meta.baseline in {differ[:3]}')
            return 'both graphs equal the ghost; /api/run of the base equals meta.baseline'
        check('reset policies → series equal the ghost', reset_policies)

        def budget_meter():
            def budget():
                return page.js('return window.explore.budget()')
            page.wait_fresh()
            if page.state()['levers']:
                raise CheckFailed(f'expected the baseline, levers are {page.state()["levers"]}')
            b = budget()
            default = ctx['meta']['budget_default']
            if b['extra'] != 0 or b['shown'] != 0 or b['stacked'] != 0:
                raise CheckFailed(f'at baseline the meter shows extra {b["extra"]} (headline {b["shown"]}, '
                                  f'bars {b["stacked"]}), expected 0')
            if b['headline'] not in ('0', '0.00', '+0.00'):
                raise CheckFailed(f'at baseline the headline reads {b["headline"]!r}, expected 0')
            if b['red'] or b['over']:
                raise CheckFailed(f'the meter is red at baseline (budget {b["budget"]}, extra {b["extra"]})')
            if b['budget'] != default:
                raise CheckFailed(f'budget {b["budget"]}, expected meta.budget_default {default}')
            # The housing subsidy raised to 100 万元 from 2026.
            page.js("""
                const sel = document.getElementById('from-year');
                sel.value = '2026';
                sel.dispatchEvent(new Event('change', {bubbles: true}));""")
            page.set_lever(SUBSIDY, 100)
            page.wait_fresh()
            lever = page.state()['levers'].get(SUBSIDY)
            if lever != {'value': 100, 'from': 2026}:
                raise CheckFailed(f'the subsidy is {lever}, expected 100 from 2026')
            # Σ over cost lines of (current − baseline) cumulative cost, from window.explore.
            cur, base = page.js('return [window.explore.lastRunCost, window.explore.ghostCost]')
            by_line = {c['id']: sum(cur.get(c['id'], [])) - sum(base.get(c['id'], [])) for c in ctx['meta']['cost_lines']}
            expected = sum(by_line.values())
            b = budget()
            tol = 1e-9 * max(1.0, b['total'], b['baseTotal'])
            if not b['extra'] > 0:
                raise CheckFailed(f'extra spending {b["extra"]} after raising the subsidy, expected > 0')
            if abs(b['extra'] - expected) > tol or abs(b['shown'] - expected) > tol:
                raise CheckFailed(f'the meter shows {b["extra"]} (headline {b["shown"]}), the sum over cost lines '
                                  f'of current − baseline is {expected}')
            headline = float(b['headline'].replace(',', '').replace('\u2212', '-'))
            if abs(headline - expected) > 0.006:
                raise CheckFailed(f'headline {b["headline"]!r} vs {expected:.4f}')
            rose = sum(v for v in by_line.values() if v > tol)
            if abs(b['stacked'] - rose) > tol:
                raise CheckFailed(f'the stacked bars sum to {b["stacked"]}, the cost lines that rose to {rose}')
            if by_line['cost_subsidy'] <= 0 or abs(b['added'].get('cost_subsidy', 0) - by_line['cost_subsidy']) > tol:
                raise CheckFailed(f'cost_subsidy: {b["added"].get("cost_subsidy")} on the meter, '
                                  f'{by_line["cost_subsidy"]} from the run')
            if b['red'] != (expected > b['budget']):
                raise CheckFailed(f'red is {b["red"]} with extra {expected:.3f} and budget {b["budget"]}')
            at_default = b
            # A budget of 1 亿元: the meter turns red.
            set_budget = """
                const el = document.getElementById('budget');
                el.value = String(arguments[0]);
                el.dispatchEvent(new Event('input', {bubbles: true}));"""
            page.js(set_budget, 1)
            page.wait_fresh()
            b = budget()
            if b['budget'] != 1 or page.state()['budget'] != 1:
                raise CheckFailed(f'the budget field did not set the budget to 1 (meter {b["budget"]}, '
                                  f'state {page.state()["budget"]})')
            if not (b['red'] and b['over']):
                raise CheckFailed(f'not red with extra {b["extra"]:.3f} over a budget of 1')
            page.full_screenshot(os.path.join(outdir, 'explore_budget_over.png'))
            # Back to the default budget and the baseline for the checks that follow.
            page.js(set_budget, default)
            page.click('#reset-policies')
            page.wait_fresh()
            b = budget()
            if b['extra'] != 0 or b['red'] or page.state()['budget'] != default:
                raise CheckFailed(f'after the reset: extra {b["extra"]}, red {b["red"]}, budget {page.state()["budget"]}')
            lines = ', '.join(f'{k} {v:+.2f}' for k, v in by_line.items() if abs(v) > tol)
            return (f'0 and not red at baseline; subsidy 100 from 2026: {at_default["extra"]:+.2f} 亿元 = '
                    f'Σ(current − baseline) ({lines}), red at budget {default:g}: {at_default["red"]}; '
                    f'red at budget 1; screenshot explore_budget_over.png')
        check('budget meter: extra spending over the baseline', budget_meter)

        def share_round_trip():
            page.set_lever(SUBSIDY, 60)
            page.set_lever(SEATS, 100)
            page.wait_fresh()
            state = page.state()
            if set(state['levers']) != {SUBSIDY, SEATS}:
                raise CheckFailed(f'expected two levers in the state, got {state["levers"]}')
            href = page.js('return location.href')
            if '#s=' not in href:
                raise CheckFailed(f'no #s= in the URL: {href}')
            series = [page.graph(0), page.graph(1)]
            main_window = driver.current_window_handle
            known = set(driver.window_handles)
            # A new tab opened on the link itself (not on the browser's new-tab page, whose
            # chrome:// resources would muddle the network check).
            page.js('window.open(arguments[0], "_blank")', href)
            end = time.time() + WAIT
            while not set(driver.window_handles) - known and time.time() < end:
                time.sleep(0.05)
            driver.switch_to.window((set(driver.window_handles) - known).pop())
            try:
                page.wait_ready()
                other = page.state()
                if other != state:
                    raise CheckFailed(f'state differs in the new page: {json.dumps(other)} vs {json.dumps(state)}')
                for i in (0, 1):
                    g = page.graph(i)
                    if g['indicator'] != series[i]['indicator'] or not close(g['current'], series[i]['current'], 0):
                        raise CheckFailed(f'graph {i + 1} series differ in the new page')
                page.drain_logs()
            finally:
                driver.close()
                driver.switch_to.window(main_window)
            ctx['body'] = page.js('return window.explore.requestBody()')
            ctx['series'] = page.js('return window.explore.lastRunSeries')
            ctx['times'] = page.js('return window.explore.times')
            return f'{len(href) - href.index("#")} characters of hash; state and both graphs equal'
        check('share link round trip', share_round_trip)

        def scenario_reproduces():
            if 'body' not in ctx:
                raise CheckFailed('needs the share check\'s state')
            text, headers = post_json(url + 'api/scenario', ctx['body'])
            disposition = headers.get('Content-Disposition', '')
            if 'attachment' not in disposition:
                raise CheckFailed(f'Content-Disposition is {disposition!r}')
            path = os.path.join(outdir, 'explore.toml')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            run_dir = os.path.join(tmp, 'run')
            helptext = subprocess.run([binary, 'run', '--help'], capture_output=True, text=True).stdout
            args = [binary, 'run', path, '--out', run_dir] + (['--no-plots'] if '--no-plots' in helptext else [])
            proc = subprocess.run(args, capture_output=True, text=True, timeout=600)
            if proc.returncode != 0:
                raise CheckFailed(f'`{" ".join(args)}` failed: {proc.stderr.strip()[-400:]}')
            csv_series = city_series(os.path.join(run_dir, 'timeseries.csv'))
            compared, worst = 0, (0.0, '')
            for ind, page_values in ctx['series'].items():
                if ind not in csv_series:
                    continue
                times = [t for t, _ in csv_series[ind]]
                values = [v for _, v in csv_series[ind]]
                if not close(times, ctx['times'], 1e-12):
                    raise CheckFailed(f'{ind}: the CSV times differ from the page\'s')
                d = max_rel_diff(values, page_values)
                if d > worst[0]:
                    worst = (d, ind)
                compared += 1
            if compared == 0:
                raise CheckFailed('no indicator of the page is in timeseries.csv')
            missing = [i for i in ctx['view'] if i not in csv_series]
            if missing:
                raise CheckFailed(f'graph indicators missing from timeseries.csv: {missing}')
            if worst[0] > 1e-9:
                raise CheckFailed(f'{worst[1]} differs by {worst[0]:.3g} (relative) between the page and the run')
            return f'{compared} indicators equal (largest relative difference {worst[0]:.2g}); {path}'
        check('downloaded scenario TOML reproduces the page (talentloop run)', scenario_reproduces)

        def downloads():
            dl = os.path.join(outdir, 'downloads')
            shutil.rmtree(dl, ignore_errors=True)
            os.makedirs(dl)
            driver.execute_cdp_cmd('Browser.setDownloadBehavior', {'behavior': 'allow', 'downloadPath': dl})
            page.click('.graph-card[data-graph="0"] button[data-dl="png"]')
            page.click('.graph-card[data-graph="0"] button[data-dl="svg"]')
            page.click('#download-toml')
            page.click('#add-compare')
            end = time.time() + WAIT
            while time.time() < end:
                names = [n for n in os.listdir(dl) if not n.endswith('.crdownload')]
                if len(names) >= 3:
                    break
                time.sleep(0.1)
            names = sorted(os.listdir(dl))
            png = [n for n in names if n.endswith('.png')]
            svg = [n for n in names if n.endswith('.svg')]
            toml = [n for n in names if n.endswith('.toml')]
            if not (png and svg and toml):
                raise CheckFailed(f'expected a PNG, an SVG and a TOML in {dl}, found {names}')
            img = png_rows(open(os.path.join(dl, png[0]), 'rb').read())
            if dark_pixels(img) < 500:
                raise CheckFailed(f'{png[0]} is nearly blank')
            svg_text = open(os.path.join(dl, svg[0]), encoding='utf-8').read()
            if '<svg' not in svg_text or 'TalentloopCJK' not in svg_text:
                raise CheckFailed(f'{svg[0]} is not an SVG in the page font')
            cmd = page.js('return document.querySelector("#compare-cmd").innerText')
            if 'talentloop compare explore_1.toml' not in cmd:
                raise CheckFailed(f'comparison command not shown: {cmd!r}')
            return f'{png[0]} ({img[0]}×{img[1]}), {svg[0]}, {toml[0]}; compare command shown'
        check('downloads (chart PNG/SVG, scenario TOML) and comparison list', downloads)

        def comparison_survives_reload():
            before = page.js('return document.querySelector("#compare-list").innerText')
            driver.refresh()
            page.wait_ready()
            page.wait_fresh()
            after = page.js('return document.querySelector("#compare-list").innerText')
            cmd = page.js('return document.querySelector("#compare-cmd").innerText')
            if 'talentloop compare explore_1.toml' not in cmd or after != before:
                raise CheckFailed(f'after a reload the list is {after!r} (was {before!r}), command {cmd!r}')
            return 'the list and its command are back after a reload (localStorage)'
        check('comparison list survives a reload', comparison_survives_reload)

        def language():
            meta = ctx['meta']
            lever = next(l for l in meta['levers'] if l['key'] == SUBSIDY)
            before = page.text()
            if lever['zh'] not in before:
                raise CheckFailed(f'Chinese label {lever["zh"]!r} not on the page before the switch')
            page.click('.lang-toggle button[data-lang="en"]')
            page.wait_fresh()
            after = page.text()
            if lever['en'] not in after:
                raise CheckFailed(f'English label {lever["en"]!r} did not appear')
            if lever['zh'] in after or '政策措施' in after:
                raise CheckFailed('a Chinese label is still shown in English')
            if page.state()['lang'] != 'en':
                raise CheckFailed('state().lang is not en')
            page.full_screenshot(os.path.join(outdir, 'explore_en.png'))
            page.click('.lang-toggle button[data-lang="zh"]')
            page.wait_fresh()
            page.full_screenshot(os.path.join(outdir, 'explore_zh.png'))
            return f'{lever["en"]!r} appears, {lever["zh"]!r} disappears; screenshots explore_en.png, explore_zh.png'
        check('language switch', language)

        def band():
            if not ctx['meta'].get('band'):
                raise CheckFailed('meta.band is null')
            page.click('#band')
            page.wait_fresh()
            g = page.graph(0)
            if not g['band']:
                raise CheckFailed('no band drawn after ticking the checkbox')
            ranges = page.js('return document.querySelectorAll(".graph-card .values .range").length')
            if ranges < 6:
                raise CheckFailed(f'{ranges} low–high ranges in the value tables, expected 6')
            if not page.state()['band']:
                raise CheckFailed('state().band is false with the band shown')
            page.full_screenshot(os.path.join(outdir, 'explore_band.png'))
            page.click('#band')
            page.wait_fresh()
            if page.graph(0)['band']:
                raise CheckFailed('the band stays after unticking')
            return 'band drawn in both graphs and tables; screenshot explore_band.png'
        check('uncertainty band', band)

        def repaint_times():
            page.js('performance.clearMeasures("explore:repaint")')
            values = [45, 80, 120, 55, 150, 90, 65, 110, 35, 170, 75, 130, 50, 95, 140, 60, 185, 85, 125, 70]
            for v in values:
                page.set_lever(SUBSIDY, v)
                page.wait_fresh()
            ms = sorted(page.js('return performance.getEntriesByName("explore:repaint").map(e => e.duration)'))
            if len(ms) < len(values):
                raise CheckFailed(f'{len(ms)} explore:repaint measures for {len(values)} releases')
            p50 = ms[(len(ms) - 1) // 2]
            p95 = ms[min(len(ms) - 1, int(round(0.95 * len(ms) + 0.5)) - 1)]
            last = page.js('return window.explore.lastRepaintMs')
            if last is None:
                raise CheckFailed('window.explore.lastRepaintMs is not set')
            return f'slider release → repaint over {len(ms)} releases: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms'
        check('repaint time', repaint_times)

        def axis_steady():
            page.set_lever(SUBSIDY, 40)
            page.wait_fresh()
            axes, inside = [], True
            for v in range(45, 205, 10):
                page.drag_lever(SUBSIDY, v)
                page.wait_fresh()
                g = page.graph(0)
                axes.append((g['axis']['min'], g['axis']['max']))
                inside &= all(g['axis']['min'] <= y <= g['axis']['max'] for y in g['current'] + g['ghost'])
            for (lo0, hi0), (lo1, hi1) in zip(axes, axes[1:]):
                if lo1 > lo0 or hi1 < hi0:
                    raise CheckFailed(f'the y axis shrank while dragging: {axes}')
            if not inside:
                raise CheckFailed('a line left the y axis while dragging')
            page.release_lever(SUBSIDY)
            page.wait_fresh()
            final = page.graph(0)
            if not all(final['axis']['min'] <= y <= final['axis']['max'] for y in final['current'] + final['ghost']):
                raise CheckFailed('a line is outside the y axis after the release')
            return (f'{len(set(axes))} y ranges over {len(axes)} drag steps (widening only), '
                    f'[{final["axis"]["min"]:g}, {final["axis"]["max"]:g}] after the release')
        check('y axis steady while dragging', axis_steady)

        def no_tofu():
            page.js("""
                const box = document.createElement('div');
                box.id = 'tofu-test';
                box.style.cssText = 'position:fixed;left:20px;top:120px;z-index:99;background:#fff;padding:8px;font-size:72px;line-height:1';
                for (const ch of ['人', '资']) {
                    const s = document.createElement('span');
                    s.className = 'tofu-glyph';
                    s.textContent = ch;
                    s.style.cssText = 'display:inline-block;width:90px;height:90px;text-align:center;background:#fff;color:#000';
                    box.append(s);
                }
                document.body.append(box);""")
            time.sleep(0.3)
            family = page.js('return getComputedStyle(document.querySelector(".tofu-glyph")).fontFamily')
            shots = [s.screenshot_as_png for s in driver.find_elements(By.CSS_SELECTOR, '.tofu-glyph')]
            page.js('document.getElementById("tofu-test").remove()')
            for ch, png in zip('人资', shots):
                with open(os.path.join(outdir, f'glyph_{ord(ch):x}.png'), 'wb') as f:
                    f.write(png)
            imgs = [png_rows(png) for png in shots]
            ink = [dark_pixels(i) for i in imgs]
            diff = differing_pixels(imgs[0], imgs[1])
            if min(ink) < 100:
                raise CheckFailed(f'a glyph has no ink ({ink} dark pixels)')
            if diff < 100:
                raise CheckFailed(f'人 and 资 look the same ({diff} differing pixels): tofu')
            if 'TalentloopCJK' not in family:
                raise CheckFailed(f'page font is {family!r}, not TalentloopCJK')
            return f'font {family}; ink {ink} px; {diff} px differ (Latin-only fontconfig)'
        check('no tofu with Latin-only system fonts', no_tofu)

        def local_only():
            page.drain_logs()
            allowed = (f'http://127.0.0.1:{port}/', 'data:', 'blob:')
            foreign = sorted({u for u in page.network if not u.startswith(allowed)})
            if not page.network:
                raise CheckFailed('no network events were logged (performance log off?)')
            if foreign:
                raise CheckFailed(f'requests outside 127.0.0.1:{port}: {foreign[:5]}')
            if page.console:
                raise CheckFailed(f'console errors: {page.console[:3]}')
            return f'{len(page.network)} requests, all to http://127.0.0.1:{port}/, data: or blob:; no console errors'
        check('all requests stay on 127.0.0.1', local_only)
    except CheckFailed as e:
        results.append(False)
        print(f'FAIL setup: {e}', flush=True)
    finally:
        if driver is not None:
            driver.quit()
        if server is not None:
            stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)

    passed = sum(results)
    print(f'{passed}/{len(results)} checks passed; screenshots in {outdir}')
    return 0 if results and all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
