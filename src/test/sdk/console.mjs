// Drives the operator console (GET /admin/console) in headless Chromium through playwright-core, for
// ConsoleBrowserTest. Environment:
//   TENDER_CONSOLE_URL   the console's URL, with #key=<admin key>
//   TENDER_PARTITIONS    the partition count the grid must show
//   TENDER_NODE_IDS      the members' node ids, comma-separated; each must own cells and be listed in #members
//   TENDER_SCREENSHOT    where to save a PNG of the page
//   TENDER_CHROMIUM      the browser (default /usr/bin/chromium)
// Exits 0 when every check passed, 1 otherwise (with the reason on stderr).
import { chromium } from 'playwright-core';

const url = process.env.TENDER_CONSOLE_URL;
const partitions = Number(process.env.TENDER_PARTITIONS);
const nodeIds = (process.env.TENDER_NODE_IDS || '').split(',').filter(Boolean);
const screenshot = process.env.TENDER_SCREENSHOT;
const executablePath = process.env.TENDER_CHROMIUM || '/usr/bin/chromium';

function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`);
  console.log(`ok - ${what}`);
}

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console: ${m.text()} (${m.location().url})`); });

  const response = await page.goto(url);
  check(response.status() === 200, `GET /admin/console answers 200 without a key (got ${response.status()})`);

  // The grid is complete, every member owns cells and is listed.
  await page.waitForFunction(({ partitions, nodeIds }) => {
    const cells = document.querySelectorAll('#partition-grid .cell');
    if (cells.length !== partitions) return false;
    const owners = new Set(Array.from(cells, (c) => c.dataset.owner));
    const members = document.getElementById('members').textContent;
    return nodeIds.every((id) => owners.has(id) && members.includes(id));
  }, { partitions, nodeIds }, { timeout: 30_000 });
  check(true, `the grid shows ${partitions} cells, owned by ${nodeIds.length} members, all listed in #members`);

  const cells = await page.$$eval('#partition-grid .cell', (cs) => cs.map((c) => ({
    owner: c.dataset.owner, epoch: c.dataset.epoch, colour: getComputedStyle(c).backgroundColor,
  })));
  const badEpochs = cells.filter((c) => !/^\d+$/.test(c.epoch ?? ''));
  check(badEpochs.length === 0, `every cell has a numeric data-epoch (bad: ${JSON.stringify(badEpochs.slice(0, 3))})`);
  const foreign = cells.filter((c) => !nodeIds.includes(c.owner));
  check(foreign.length === 0, 'every cell is owned by one of the members');
  const colours = new Map();
  for (const c of cells) colours.set(c.owner, (colours.get(c.owner) || new Set()).add(c.colour));
  check(nodeIds.every((id) => colours.get(id).size === 1), 'one colour per owner');
  check(new Set(nodeIds.map((id) => [...colours.get(id)][0])).size === nodeIds.length, 'a different colour for each owner');

  const legend = await page.$$eval('#legend li', (lis) => lis.map((li) => li.title));
  check(nodeIds.every((id) => legend.includes(id)), 'the legend names every owner');

  // The key went from the fragment into sessionStorage, and out of the address bar.
  check(!page.url().includes('key='), `the key is removed from the URL (${page.url()})`);
  check(await page.evaluate(() => sessionStorage.getItem('tender.adminKey') !== ''), 'the key is kept in sessionStorage');

  // Another kind, then back to cart.
  const kinds = await page.$$eval('#kind option', (os) => os.map((o) => o.value));
  check(kinds.includes('cart') && (await page.$eval('#kind', (s) => s.value)) === 'cart', `kinds ${kinds.join(', ')}; cart by default`);
  const other = kinds.find((k) => k !== 'cart');
  if (other) {
    await page.selectOption('#kind', other);
    await page.waitForFunction((kind) => document.getElementById('grid-summary').textContent.includes(kind), other);
    check((await page.$$('#partition-grid .cell')).length === partitions, `kind ${other} shows ${partitions} cells too`);
    await page.selectOption('#kind', 'cart');
  }

  // Rates: two scrapes of /metrics (2 s apart) give rates, or the page says metrics are unavailable.
  await page.waitForFunction(() => ['ok', 'unavailable'].includes(document.getElementById('rates').dataset.state),
    null, { timeout: 15_000 });
  const rates = await page.$eval('#rates', (r) => ({ state: r.dataset.state, text: r.innerText }));
  console.log(`rates (${rates.state}):\n${rates.text}`);
  if (rates.state === 'unavailable') {
    check(rates.text.includes('metrics unavailable'), 'the page says metrics are unavailable');
  } else {
    check(rates.text.includes('HTTP requests'), 'the rates show HTTP requests per second');
  }
  // The page keeps polling: the status line is refreshed, and nothing went wrong in the page.
  const before = await page.$eval('#status', (s) => s.textContent);
  await page.waitForFunction((b) => document.getElementById('status').textContent !== b, before, { timeout: 10_000 });
  check(pageErrors.filter((e) => !e.includes('/metrics')).length === 0, `no page errors (${pageErrors.join('; ')})`);

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
} catch (e) {
  failed = true;
  console.error(e.stack || String(e));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
