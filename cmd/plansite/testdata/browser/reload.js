// reload.js opens a page of the preview in headless Chromium, says "ready"
// on stdout once the page is listening for reloads, then waits, touching
// nothing, until the page shows the expected text ("seen"), or, with css,
// until the body's colour is the expected one, and says whether the page
// was reloaded for it ("swapped" when it was not).
// Usage: node reload.js URL TEXT | node reload.js URL --css "rgb(0, 0, 128)"
'use strict';
const { start } = require('./launch');

(async () => {
  const [url, text] = process.argv.slice(2);
  const { browser, value: page } = await start(async browser => {
    const page = await browser.newPage();
    // The reload script's EventSource is open once the server greets it.
    await Promise.all([
      page.waitForResponse(r => r.url().endsWith('/__plansite/events')),
      page.goto(url, { waitUntil: 'load' }),
    ]);
    return page;
  });
  try {
    if (text === '--css') {
      const colour = process.argv[4];
      await page.evaluate(() => { window.plansiteMarker = 'not reloaded'; });
      process.stdout.write('ready\n');
      await page.waitForFunction(c => getComputedStyle(document.body).color === c, colour, { timeout: 20000, polling: 50 });
      const marker = await page.evaluate(() => window.plansiteMarker);
      process.stdout.write(marker === 'not reloaded' ? 'swapped\n' : 'reloaded\n');
      return;
    }
    process.stdout.write('ready\n');
    await page.waitForFunction(t => document.body && document.body.innerText.includes(t), text, { timeout: 20000, polling: 50 });
    process.stdout.write('seen\n');
  } finally {
    await browser.close();
  }
})().catch(err => { console.error(err); process.exit(1); });
