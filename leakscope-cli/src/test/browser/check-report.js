// Opens a leakscope HTML report in headless Chromium, uses it as a person would and prints what it
// saw as one JSON object on stdout; HtmlReportInBrowserTest judges it. Exits non-zero only when it
// could not do its part (browser did not start, an element never appeared).
//
// usage: node check-report.js REPORT.html SCREENSHOT.png
'use strict';

const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { launch, run, watchedPage } = require('./chromium');

const WATCHDOG_MILLIS = 90_000;

// What the page did and showed; printed on failure too, since a console error often explains it.
const seen = { consoleErrors: [], consoleWarnings: [], pageErrors: [], requests: [], dialogs: [] };

async function main(reportFile, screenshotFile) {
  const pageUrl = pathToFileURL(path.resolve(reportFile)).href;
  // launch() gives Chromium a new, empty profile in a temporary directory and deletes it after
  const browser = await launch();
  try {
    const page = await watchedPage(browser, pageUrl, seen);

    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]');
    seen.title = await page.title();
    seen.sections = await page.$$eval('main > section', (s) => s.map((e) => e.id));

    seen.suspects = await page.$$eval('#suspects article.suspect', (cards) =>
      cards.map((card) => ({
        title: card.querySelector('h3').textContent,
        holder: card.querySelector('.holder').textContent,
        chartBars: card.querySelectorAll('svg.growth-chart rect.bar').length,
        chartLabels: Array.from(card.querySelectorAll('svg.growth-chart text')).map((t) => t.textContent),
        pathSteps: Array.from(card.querySelectorAll('ol.path li')).map((li) => li.textContent),
        trend: (card.querySelector('h3 .trend') || {}).textContent || null,
        facts: Object.fromEntries(Array.from(card.querySelectorAll('dl.facts dt')).map((dt) =>
          [dt.textContent, dt.nextElementSibling.textContent])),
        parts: Array.from(card.querySelectorAll('table.parts tbody tr')).map((tr) =>
          Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)),
      })));
    seen.summary = await page.$$eval('#summary dl.facts dt', (dts) =>
      Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    seen.nativeHolders = await page.$$eval('#native table.native-holders tbody tr', (rows) =>
      rows.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));

    seen.tree = await exerciseTree(page);
    seen.histogram = await exerciseHistogram(page);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotFile });
    seen.screenshot = screenshotFile;
  } finally {
    await browser.close();
  }
}

/** Opens the first top-level node of the dominator tree. */
async function exerciseTree(page) {
  const first = '#tree > ul.tree > li.node:first-child';
  const count = () => page.$$eval('#tree li.node', (nodes) => nodes.length);
  const before = await count();
  const topLevel = await page.$$eval('#tree > ul.tree > li.node', (nodes) => nodes.length);
  await page.click(`${first} > .row`);
  await page.waitForSelector(`${first} > ul.tree > li.node`);
  return {
    topLevel,
    rowsBefore: before,
    rowsAfter: await count(),
    expanded: await page.getAttribute(`${first} > .row > button.toggle`, 'aria-expanded'),
    children: await page.$$eval(`${first} > ul.tree > li.node`, (nodes) =>
      nodes.map((n) => n.querySelector('.row').textContent)),
  };
}

/** Sorts the histogram by instances, then filters it. */
async function exerciseHistogram(page) {
  const column = (n) =>
    page.$$eval(`#histogram tbody tr td:nth-child(${n})`, (cells) => cells.map((c) => c.textContent));
  const instances = async () => (await column(2)).map((t) => Number(t.replace(/,/g, '')));
  const result = {
    rows: (await column(1)).length,
    status: await page.textContent('#histogram-status'),
    classesBefore: (await column(1)).slice(0, 20),
    instancesBefore: await instances(),
  };
  await page.click('#histogram th[data-key="instances"] button');
  result.sortAttribute = await page.getAttribute('#histogram th[data-key="instances"]', 'aria-sort');
  result.classesAfter = (await column(1)).slice(0, 20);
  result.instancesAfter = await instances();

  await page.fill('#class-filter', 'SessionLeakProgram');
  result.filtered = await column(1);
  result.filteredStatus = await page.textContent('#histogram-status');
  await page.fill('#class-filter', '');
  return result;
}

const [reportFile, screenshotFile] = process.argv.slice(2);
if (!reportFile || !screenshotFile) {
  console.error('usage: node check-report.js REPORT.html SCREENSHOT.png');
  process.exit(2);
}
run('check-report.js', WATCHDOG_MILLIS, seen, main, [reportFile, screenshotFile]);
