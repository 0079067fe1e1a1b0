// launch.js starts headless Chromium the way every browser check of this
// project does, with the flags the machine needs (no sandbox, no GPU, no
// calls home on a closed network).
//
// On a small CI machine Chromium now and then dies while it starts (a
// SIGSEGV before its first page had loaded, seen in CI). That is trouble in
// the browser, not in the site, so when the browser process itself went
// away, while launching or during the caller's setup (reload.js opens its
// page there; check.js has none), the start is tried again, at most three
// times, and said on stderr. Anything that fails while the browser is still
// alive (a page that does not load, a reload that never comes), and anything
// after setup, fails at once.
'use strict';
// The npm packages are installed beside this script (npm ci in this folder),
// where Node looks for them first.
const { chromium } = require('playwright-core');

const attempts = 3;

// start launches Chromium and runs setup(browser) on it; it returns the
// browser and what setup returned.
async function start(setup = async () => undefined) {
  for (let attempt = 1; ; attempt++) {
    let browser;
    try {
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
      });
      return { browser, value: await setup(browser) };
    } catch (err) {
      const died = !browser || !browser.isConnected();
      if (browser) await browser.close().catch(() => {});
      if (!died || attempt === attempts) throw err;
      console.error(`Chromium stopped while starting (attempt ${attempt} of ${attempts}); starting it again. ` +
        String(err.message).split('\n')[0]);
    }
  }
}

module.exports = { start };
