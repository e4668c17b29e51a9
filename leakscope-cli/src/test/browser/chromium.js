// What the browser scripts share: the system's Chromium, started headless without a sandbox and
// without the background traffic it would otherwise send to Google's hosts, and a time limit.
'use strict';

const { chromium } = require('playwright-core');

const CHROMIUM = process.env.LEAKSCOPE_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A new headless Chromium with an empty profile in a temporary directory, deleted on close. */
function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/**
 * A new 1280 × 1000 page of `browser` that records into `seen` what a page should never do:
 * console errors (and warnings, when `seen.consoleWarnings` exists), uncaught errors, dialogs
 * (alert() from a name that got run as script) and requests for anything but `pageUrl`.
 */
async function watchedPage(browser, pageUrl, seen) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => {
    if (m.type() === 'error') seen.consoleErrors.push(m.text());
    if (m.type() === 'warning' && seen.consoleWarnings) seen.consoleWarnings.push(m.text());
  });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e && e.stack ? e.stack : e)));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    if (r.url() !== pageUrl) seen.requests.push(r.url());
  });
  return page;
}

/**
 * Runs main(...args) and prints the object `seen` as one JSON line once it is done; exits 1 when
 * main fails and 3 when it is still running after `millis`, printing what was seen so far.
 */
function run(name, millis, seen, main, args) {
  setTimeout(() => {
    console.error(`${name}: still running after ${millis} ms, giving up`);
    console.error('seen so far: ' + JSON.stringify(seen));
    process.exit(3);
  }, millis).unref();
  main(...args).then(
    () => process.stdout.write(JSON.stringify(seen) + '\n'),
    (e) => {
      console.error(e && e.stack ? e.stack : String(e));
      console.error('seen so far: ' + JSON.stringify(seen));
      process.exit(1);
    });
}

module.exports = { launch, run, watchedPage };
