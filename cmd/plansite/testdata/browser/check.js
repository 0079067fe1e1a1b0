// check.js opens pages of a built site in headless Chromium, the way readers
// meet them, and reports what a Go test asserts on:
//   - axe-core violations of the WCAG 2.0/2.1 A and AA rules, at each width,
//     in the light and the dark colour scheme;
//   - pages that scroll sideways at 320 px (WCAG 1.4.10 reflow);
//   - facts about each page (h1 count, the first focusable element, focus
//     visibility, print styles) for the Go test's own assertions.
//   - on a phone ("phone", one of the widths, at a height of 844 px), how
//     much of the first screen the header and its menu take;
//   - for the pages in "forced", in forced-colours mode (Windows High
//     Contrast), the colours the progress chart is drawn in; with "shots", a screenshot of each there, to look at.
// Usage: node check.js CONFIG.json > RESULT.json, where CONFIG holds
// {"urls": [...], "widths": [390, 1280], "phone": 390, "narrow": 320, "print": [...],
//  "forced": [...], "shots": "/a/folder"}.
'use strict';
const fs = require('fs');
const { start } = require('./launch');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

async function main() {
  const { browser } = await start();
  const results = { axe: [], overflow: [], pages: [], print: [], phone: [], forced: [] };
  try {
    for (const width of config.widths) {
      for (const scheme of ['light', 'dark']) {
        const height = width === config.phone ? 844 : 900;
        const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, reducedMotion: 'reduce' });
        const page = await context.newPage();
        for (const url of config.urls) {
          await page.goto(url, { waitUntil: 'load' });
          if (width === config.widths[config.widths.length - 1] && scheme === 'light') {
            results.pages.push(await page.evaluate(facts));
          }
          if (width === config.phone && scheme === 'light') {
            results.phone.push(await phoneFacts(page, url));
          }
          await runAxe(page, results, { url, width, scheme });
        }
        await context.close();
      }
    }
    for (const url of config.forced || []) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, forcedColors: 'active', reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      // Only the chart's colours: axe-core's contrast rule reads the
      // author's colours where the browser would force the system's, so
      // it reports the header and footer, which forced colours repaint.
      results.forced.push(await page.evaluate(chartColours));
      if (config.shots) {
        const name = url.replace(/^https?:\/\/[^/]+\//, '').replace(/[^a-z0-9]+/gi, '-') || 'home';
        await page.screenshot({ path: `${config.shots}/forced-${name}.png`, fullPage: true });
      }
      await context.close();
    }
    const narrow = await browser.newContext({ viewport: { width: config.narrow, height: 800 } });
    const page = await narrow.newPage();
    for (const url of config.urls) {
      await page.goto(url, { waitUntil: 'load' });
      const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      if (m.scroll > m.client) {
        results.overflow.push({ url, width: config.narrow, scrollWidth: m.scroll, clientWidth: m.client });
      }
    }
    await narrow.close();
    const printing = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pp = await printing.newPage();
    for (const url of config.print || []) {
      await pp.goto(url, { waitUntil: 'load' });
      await pp.emulateMedia({ media: 'print' });
      results.print.push(await pp.evaluate(printFacts));
      await pp.emulateMedia({ media: 'screen' });
    }
    await printing.close();
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results, null, 1));
}

// runAxe runs axe-core's WCAG 2.1 A and AA rules on the page, and adds
// what it finds to the results, with where: the url, width and scheme.
async function runAxe(page, results, where) {
  await page.addScriptTag({ content: axeSource });
  const res = await page.evaluate(async () => {
    return await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
  });
  for (const v of res.violations) {
    results.axe.push({
      ...where, id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
    });
  }
}

// chartColours are the colours each bar of the progress chart is drawn in:
// its patterns' marks and ground, the solid and the empty segments, and
// its frame, beside the page's text and background.
function chartColours() {
  const fill = (bar, sel) => { const e = bar.querySelector(sel); return e ? getComputedStyle(e).fill : ''; };
  return {
    url: location.href,
    text: getComputedStyle(document.body).color,
    background: getComputedStyle(document.body).backgroundColor,
    bars: Array.from(document.querySelectorAll('svg.progress-bar')).map(bar => ({
      ink: fill(bar, '.chart-ink'), ground: fill(bar, '.chart-ground'),
      done: fill(bar, '.segment-done'), none: fill(bar, '.segment-none'),
      frame: getComputedStyle(bar).borderTopColor,
    })),
  };
}

// facts are what the Go test checks on every page in the browser.
function facts() {
  const focusable = Array.from(document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]'))
    .filter(e => e.tabIndex >= 0);
  const first = focusable[0];
  let focusOutline = null;
  if (first) {
    first.focus();
    const st = getComputedStyle(first);
    focusOutline = { style: st.outlineStyle, width: parseFloat(st.outlineWidth) || 0, boxShadow: st.boxShadow };
  }
  // Body text: the size most of the page's paragraphs and list items have.
  const sizes = {};
  for (const e of document.querySelectorAll('main p, main li')) {
    if (e.closest('blockquote, figure')) continue; // quotations are set large on purpose
    const n = e.textContent.trim().length;
    if (!n) continue;
    const sz = parseFloat(getComputedStyle(e).fontSize);
    sizes[sz] = (sizes[sz] || 0) + n;
  }
  const bodySize = Number(Object.keys(sizes).sort((a, b) => sizes[b] - sizes[a])[0] || parseFloat(getComputedStyle(document.body).fontSize));
  return {
    url: location.href,
    lang: document.documentElement.lang,
    h1: document.querySelectorAll('h1').length,
    headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => Number(h.tagName[1])),
    landmarks: {
      header: document.querySelectorAll('header').length, nav: document.querySelectorAll('nav').length,
      main: document.querySelectorAll('main').length, footer: document.querySelectorAll('footer').length,
    },
    firstFocusable: first ? { text: first.textContent.trim(), href: first.getAttribute('href') } : null,
    focusOutline,
    bodyFontSize: bodySize,
    footerLinks: Array.from(document.querySelectorAll('footer a')).map(a => ({ text: a.textContent.trim(), href: a.getAttribute('href') })),
    quotes: Array.from(document.querySelectorAll('blockquote')).map(q => {
      const fig = q.closest('figure');
      return { inFigure: !!fig, cite: fig && fig.querySelector('figcaption cite') ? fig.querySelector('figcaption cite').textContent.trim() : '' };
    }),
    // The context asks for reduced motion: nothing may move.
    moving: Array.from(document.querySelectorAll('*')).filter(e => {
      const st = getComputedStyle(e);
      const secs = v => Math.max(...v.split(',').map(x => parseFloat(x) || 0));
      return secs(st.transitionDuration) > 0.01 || (st.animationName !== 'none' && secs(st.animationDuration) > 0.01);
    }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')),
    scripts: Array.from(document.querySelectorAll('script:not([type="application/ld+json"])')).map(s => s.src || s.textContent.slice(0, 80)),
  };
}

// phoneFacts are what the Go test checks of a page on a phone: how much of
// the first screen the header and its menu take, and how many of the
// menu's links show before and after the menu is opened, without script.
async function phoneFacts(page, url) {
  const links = () => page.evaluate(() => Array.from(document.querySelectorAll('header nav a'))
    .filter(a => a.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })).length);
  const header = await page.evaluate(() => {
    const h = document.querySelector('header');
    return h ? h.getBoundingClientRect().bottom : 0;
  });
  const closed = await links();
  let opened = closed;
  const toggle = page.locator('header nav summary');
  if (await toggle.count() === 1 && await toggle.isVisible()) {
    await toggle.click();
    opened = await links();
    await toggle.click();
  }
  return { url, headerBottom: header, screen: page.viewportSize().height, linksClosed: closed, linksOpen: opened };
}

// printFacts are what the Go test checks of a page printed.
function printFacts() {
  const shown = e => e && getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden';
  const navs = Array.from(document.querySelectorAll('nav'));
  const links = Array.from(document.querySelectorAll('main a[href^="http"]'));
  const after = links.slice(0, 5).map(a => getComputedStyle(a, '::after').content);
  // Links inside the site must be written out in full, as the reader of
  // the paper would type them.
  const inside = Array.from(document.querySelectorAll('main a[href^="/"]')).slice(0, 5)
    .map(a => ({ url: a.href, after: getComputedStyle(a, '::after').content }));
  const breaks = Array.from(document.querySelectorAll('.plan-objective')).map(e => getComputedStyle(e).breakBefore);
  return {
    url: location.href,
    navShown: navs.some(shown),
    linkAfter: after,
    insideLinks: inside,
    breaks,
    color: getComputedStyle(document.body).color,
    background: getComputedStyle(document.body).backgroundColor,
  };
}

main().catch(err => { console.error(err); process.exit(1); });
