// The answer page in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// - each answer (Done, Progress update, Snooze, Can't do it) given with the keyboard only, JavaScript switched off;
// - axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page in Welsh, English and bilingual, at 100% and at 200% zoom
//   (a 640-pixel-wide window at twice the density), and nothing to scroll sideways at 200%;
// - screenshots of each language.
// Usage: node answer-page-e2e.mjs <plan.json>; prints one JSON result on stdout.
// The plan: {"shots": dir, "pages": {"en": url, "cy": url, "both": url}, "answers": {"done": url, ...}}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const result = { answers: {}, axe: {}, overflow: {}, focus: {}, errors: [] };

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  // Keyboard only, and no JavaScript: the page must work as plain HTML forms.
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 900 } });
  for (const [verb, url] of Object.entries(plan.answers)) {
    const page = await plain.newPage();
    await page.goto(url);
    result.answers[verb] = await answerByKeyboard(page, verb);
    await page.close();
  }
  await plain.close();

  // axe-core needs script on the page: this context lets it past the page's Content-Security-Policy.
  for (const [zoom, options] of Object.entries({
    "100": { viewport: { width: 1024, height: 900 }, deviceScaleFactor: 1 },
    "200": { viewport: { width: 640, height: 900 }, deviceScaleFactor: 2 },
  })) {
    const audit = await browser.newContext({ ...options, bypassCSP: true });
    for (const [language, url] of Object.entries(plan.pages)) {
      const page = await audit.newPage();
      await page.goto(url);
      await page.addScriptTag({ content: AXE });
      const found = await page.evaluate(async (tags) => {
        const run = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
        return run.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
      }, TAGS);
      result.axe[`${language}@${zoom}`] = found;
      result.overflow[`${language}@${zoom}`] = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (zoom === "100") {
        await page.screenshot({ path: path.join(plan.shots, `answer-page.${language}.png`), fullPage: true });
        result.focus[language] = await focusIsVisible(page);
      }
      await page.close();
    }
    await audit.close();
  }
} catch (error) {
  result.errors.push(String(error && error.stack ? error.stack : error));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result));

// Tab to an element, as a keyboard user does: from the top of the page, at most 80 presses.
async function tabTo(page, selector) {
  for (let presses = 0; presses < 80; presses += 1) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) {
      return presses + 1;
    }
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function answerByKeyboard(page, verb) {
  const form = `form:has(input[name=verb][value=${verb}])`;
  if (verb === "progress") {
    await tabTo(page, "#update");
    await page.keyboard.type("Draft sent to the Forum for comment");
  } else if (verb === "snooze") {
    await tabTo(page, "#choice-1d"); // the checked radio takes the group's focus
    await page.keyboard.press("ArrowDown"); // "In a week"
  } else if (verb === "cant_do") {
    await tabTo(page, "#reason");
    await page.keyboard.type("I have moved to another team");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Sam Jones");
  }
  await tabTo(page, `${form} button`);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  return { status: (await page.evaluate(() => document.body.innerText)).slice(0, 400), url: page.url() };
}

// Every control shows a focus indicator: its outline or shadow changes when it has focus.
async function focusIsVisible(page) {
  return page.evaluate(() => {
    const missing = [];
    for (const element of document.querySelectorAll("a, button, input:not([type=hidden]), textarea")) {
      const before = getComputedStyle(element);
      const unfocused = `${before.outlineStyle}|${before.outlineWidth}|${before.boxShadow}`;
      element.focus();
      const after = getComputedStyle(element);
      const focused = `${after.outlineStyle}|${after.outlineWidth}|${after.boxShadow}`;
      if (focused === unfocused || after.outlineStyle === "none") missing.push(element.outerHTML.slice(0, 80));
    }
    return missing;
  });
}
