// layout.js opens pages of a built site in headless Chromium at each width
// and reports how they lay out while their images arrive: the cumulative
// layout shift (the sum of every layout-shift entry, the page scrolled to
// its end so that lazy images load too) and, for each image, what the
// browser chose to fetch and how wide it is drawn. With "screenshots" set
// to a folder, it also saves a full-page screenshot of each page at each
// width there.
// Usage: node layout.js CONFIG.json > RESULT.json, where CONFIG holds
// {"urls": [...], "widths": [390, 1280], "screenshots": "/tmp/shots"}.
'use strict';
const fs = require('fs');
const path = require('path');
const { start } = require('./launch');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

async function main() {
  const { browser } = await start();
  const results = [];
  try {
    for (const width of config.widths) {
      const context = await browser.newContext({ viewport: { width, height: 844 }, reducedMotion: 'reduce' });
      await context.addInitScript(() => {
        window.__shifts = [];
        new PerformanceObserver(list => {
          for (const e of list.getEntries()) {
            if (e.hadRecentInput) continue;
            const moved = (e.sources || []).map(s => s.node ? (s.node.nodeName + (s.node.className ? '.' + s.node.className : '')) : '?');
            window.__shifts.push({ value: e.value, moved });
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      // A first visit, so that the web font is in the browser's cache, as
      // for a reader on their second page: what is measured is the images,
      // which the server sends with no-store, so that each visit waits for
      // them again. (A font that arrives late on a first visit swaps in,
      // font-display: swap, and may move text by itself.)
      const warm = await context.newPage();
      for (const url of config.urls) {
        await warm.goto(url, { waitUntil: 'load' });
        await warm.evaluate(() => document.fonts.ready);
      }
      await warm.close();
      const page = await context.newPage();
      for (const url of config.urls) {
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        // Down the page a screen at a time, so that each lazy image is
        // asked for, then until every image has arrived.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        for (let y = 0; y < height; y += 600) {
          await page.evaluate(y => window.scrollTo(0, y), y);
          await page.waitForTimeout(50);
        }
        await page.waitForFunction(() => Array.from(document.images).every(i => i.complete));
        await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))));
        const res = await page.evaluate(() => ({
          url: location.href,
          cls: window.__shifts.reduce((a, b) => a + b.value, 0),
          shifts: window.__shifts.length,
          moved: window.__shifts.flatMap(s => s.moved),
          images: Array.from(document.images).map(i => ({
            src: i.getAttribute('src'), current: i.currentSrc, loading: i.loading,
            natural: i.naturalWidth, drawn: i.getBoundingClientRect().width,
          })),
        }));
        res.width = width;
        results.push(res);
        if (config.screenshots) {
          await page.evaluate(() => window.scrollTo(0, 0));
          const name = url.replace(/^https?:\/\/[^/]+\//, '').replace(/[^a-z0-9]+/gi, '-') + width + '.png';
          await page.screenshot({ path: path.join(config.screenshots, name), fullPage: true });
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results, null, 1));
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
