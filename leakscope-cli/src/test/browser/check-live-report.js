// Opens the agent endpoint's live report (/debug/leakscope/report) in headless Chromium and prints
// what a person would read on it as one JSON object on stdout; LiveReportInBrowserTest judges it.
// Exits non-zero only when it could not do its part (the browser did not start, the page did not
// load).
//
// usage: node check-live-report.js URL SCREENSHOT.png
'use strict';

const { launch, run, watchedPage } = require('./chromium');

const WATCHDOG_MILLIS = 60_000;

const seen = { consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };

async function main(url, screenshotFile) {
  const browser = await launch();
  try {
    const page = await watchedPage(browser, url, seen);

    const response = await page.goto(url, { waitUntil: 'load' });
    seen.status = response.status();
    seen.csp = response.headers()['content-security-policy'] || null;
    seen.title = await page.title();
    seen.sections = await page.$$eval('main > section', (s) => s.map((e) => e.id));
    seen.state = await page.getAttribute('#verdict', 'data-state');
    seen.headline = (await page.textContent('#verdict .headline')).trim();
    // What the eye gets: the badge's colours, and whether the stylesheet applied at all.
    seen.badge = await page.$eval('#verdict .state', (e) => {
      const style = getComputedStyle(e);
      return { text: e.textContent, color: style.color, background: style.backgroundColor };
    });
    seen.sectionBackground = await page.$eval('#verdict', (e) => getComputedStyle(e).backgroundColor);
    seen.bodyBackground = await page.$eval('body', (e) => getComputedStyle(e).backgroundColor);
    seen.facts = await page.$$eval('#verdict dl.facts dt', (dts) =>
      Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    seen.yLabels = await page.$$eval('#chart svg text.y-label', (t) => t.map((e) => e.textContent));
    seen.xLabels = await page.$$eval('#chart svg text.x-label', (t) => t.map((e) => e.textContent));
    seen.chartPoints = await page.$$eval('#chart svg circle.point', (c) => c.length);
    // the chart is drawn: its line has a size on screen
    seen.lineBox = await page.$eval('#chart svg polyline.line', (l) => {
      const b = l.getBoundingClientRect();
      return { width: b.width, height: b.height };
    }).catch(() => null);
    seen.histogramNote = (await page.textContent('#histogram .hint')).trim();
    seen.classes = await page.$$eval('#histogram tbody td.name', (t) => t.map((e) => e.textContent));
    seen.sizes = await page.$$eval('#histogram tbody tr td:nth-child(4)', (t) =>
      t.map((e) => e.textContent));

    await page.screenshot({ path: screenshotFile, fullPage: true });
    seen.screenshot = screenshotFile;
  } finally {
    await browser.close();
  }
}

const [url, screenshotFile] = process.argv.slice(2);
if (!url || !screenshotFile) {
  console.error('usage: node check-live-report.js URL SCREENSHOT.png');
  process.exit(2);
}
run('check-live-report.js', WATCHDOG_MILLIS, seen, main, [url, screenshotFile]);
