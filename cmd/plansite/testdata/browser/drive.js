// drive.js lets a Go test drive pages of the preview in headless Chromium.
// It reads one JSON command a line on stdin and answers each with one JSON
// line on stdout, {"id": ID, "value": …} or {"id": ID, "error": "…"}, in
// the order they finish; a "wait" with "armed" says {"id": ID, "armed":
// true} first, once the page is being watched. Commands, each with an "id"
// and, but for "open", the "tab" it is for:
//   open   {tab, url, width, height, plain}
//                                     a new tab, once its page listens for updates
//                                     (plain: once it has loaded, for a page
//                                     without the preview's script, the CMS's)
//   click  {tab, selector}            clicks what a Playwright selector finds
//   fill   {tab, selector, text}      types text into a field, as a writer does
//   eval   {tab, js, arg}             the value of (js)(arg) in the page
//   wait   {tab, js, arg, timeout, raf, armed}
//                                     waits until (js)(arg) is truthy, then its value;
//                                     raf checks at every frame, otherwise every 20 ms
//   press  {tab, key}                 a key pressed on the page
//   resize {tab, width, height}
//   axe    {tab, include}             axe-core's WCAG 2.1 A and AA violations inside include
//   shot   {tab, path}                a screenshot, for a person to look at
//   errors {tab}                      the uncaught errors and warnings the page reported
//   close  {tab}
// Pages reloading between commands is what some tests wait for: every
// command runs on the tab's page as it is then.
'use strict';
const readline = require('readline');
const { start } = require('./launch');

const axePath = require.resolve('axe-core/axe.min.js');
const tabs = new Map();

async function open(browser, cmd) {
  const context = await browser.newContext({ viewport: { width: cmd.width || 1280, height: cmd.height || 900 } });
  const page = await context.newPage();
  const tab = { page, errors: [] };
  if (tabs.has(cmd.tab)) throw new Error(`tab ${cmd.tab} is open already`);
  page.on('pageerror', (err) => tab.errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') tab.errors.push(msg.text());
    if (process.env.PLANSITE_TEST_CONSOLE) console.error(`${cmd.tab} console.${msg.type()}: ${msg.text()}`);
  });
  tabs.set(cmd.tab, tab);
  if (cmd.plain) {
    await page.goto(cmd.url, { waitUntil: 'load' });
    return;
  }
  // The client's EventSource is open once the server greets it.
  await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/__plansite/events'),
    page.goto(cmd.url, { waitUntil: 'load' }),
  ]);
}

const call = (cmd) => `(${cmd.js})(${JSON.stringify(cmd.arg === undefined ? null : cmd.arg)})`;

async function run(browser, cmd, reply) {
  if (cmd.op === 'open') return open(browser, cmd);
  const tab = tabs.get(cmd.tab);
  if (!tab) throw new Error(`no tab ${cmd.tab}`);
  const page = tab.page;
  switch (cmd.op) {
    case 'eval':
      return page.evaluate(call(cmd));
    case 'wait': {
      const done = page.waitForFunction(call(cmd), null, { timeout: cmd.timeout || 20000, polling: cmd.raf ? 'raf' : 20 });
      if (cmd.armed) {
        // The page is polled once this evaluation is back: the commands
        // to Chromium are run in order.
        await page.evaluate('0');
        reply({ id: cmd.id, armed: true });
      }
      return (await done).jsonValue();
    }
    case 'press':
      return page.keyboard.press(cmd.key);
    case 'click':
      return page.locator(cmd.selector).first().click({ timeout: cmd.timeout || 20000 });
    case 'fill':
      return page.locator(cmd.selector).first().fill(cmd.text, { timeout: cmd.timeout || 20000 });
    case 'resize':
      return page.setViewportSize({ width: cmd.width, height: cmd.height });
    case 'axe': {
      // axe's script element goes once it has run: the preview reloads a
      // page that has scripts of its own instead of patching it.
      const tag = await page.addScriptTag({ path: axePath });
      await tag.evaluate((e) => e.remove());
      return page.evaluate(async (include) => {
        const res = await window.axe.run({ include: [include] }, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        });
        return res.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.html.slice(0, 200)) }));
      }, cmd.include);
    }
    case 'shot':
      return page.screenshot({ path: cmd.path, fullPage: false }).then(() => null);
    case 'errors':
      return tab.errors;
    case 'close':
      tabs.delete(cmd.tab);
      return page.context().close();
  }
  throw new Error(`unknown command ${cmd.op}`);
}

(async () => {
  // A tab opened and closed at once: Chromium is tried again if it dies
  // while starting (see launch.js).
  const { browser } = await start(async (b) => { await (await b.newPage()).close(); });
  const reply = (msg) => process.stdout.write(JSON.stringify(msg) + '\n');
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const cmd = JSON.parse(line);
    run(browser, cmd, reply)
      .then((value) => reply({ id: cmd.id, value: value === undefined ? null : value }))
      .catch((err) => reply({ id: cmd.id, error: String((err && err.message) || err).split('\n').slice(0, 3).join(' ') }));
  });
  reply({ id: 0, value: 'ready' });
  // The test closing stdin, or a signal, ends the browser.
  const stop = async () => {
    await browser.close().catch(() => {});
    process.exit(0);
  };
  lines.on('close', stop);
  process.on('SIGTERM', stop);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
