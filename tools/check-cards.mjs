// Renders Adaptive Cards with Microsoft's `adaptivecards` 3.x JavaScript renderer in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), targeting version 1.5 as Teams does. For each card it collects every
// parse and validation event (unknown elements, properties newer than 1.5, missing input ids or labels, duplicate
// ids) and writes a PNG screenshot. Input: a JSON file [{name, card}]; output: one JSON line per card.
//   node check-cards.mjs cards.json OUTPUT_DIR
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [cardsFile, outDir] = process.argv.slice(2);
const cards = JSON.parse(readFileSync(cardsFile, "utf8"));
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
let failed = 0;
try {
  const page = await browser.newPage({ viewport: { width: 520, height: 900 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8">
    <style>body{margin:0;padding:12px;background:#f5f5f5;font-family:"Segoe UI",Arial,sans-serif}
    #card{width:480px;background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.2)}</style>
    </head><body><div id="card"></div></body></html>`);
  await page.addStyleTag({ path: require.resolve("adaptivecards/dist/adaptivecards.css") });
  await page.addScriptTag({ path: require.resolve("adaptivecards/dist/adaptivecards.min.js") });
  for (const { name, card } of cards) {
    const warnings = await page.evaluate((json) => {
      const AC = window.AdaptiveCards;
      const found = [];
      const adaptiveCard = new AC.AdaptiveCard();
      adaptiveCard.hostConfig = new AC.HostConfig({
        fontFamily: "Segoe UI, Arial, sans-serif",
        supportsInteractivity: true,
        actions: { actionsOrientation: "horizontal", maxActions: 6 },
      });
      const context = new AC.SerializationContext(AC.Versions.v1_5);
      adaptiveCard.parse(json, context);
      for (let i = 0; i < context.eventCount; i++) {
        const e = context.getEventAt(i);
        found.push(`parse: ${e.message}`);
      }
      const validation = adaptiveCard.validateProperties();
      for (const e of validation.validationEvents) {
        found.push(`validate: ${e.message}`);
      }
      const host = document.getElementById("card");
      host.innerHTML = "";
      const rendered = adaptiveCard.render();
      if (!rendered) found.push("render: nothing rendered");
      else host.appendChild(rendered);
      // A button whose title the renderer cuts to "Snoo…" is one a reader cannot use: Teams cuts titles the same way.
      for (const button of host.querySelectorAll(".ac-pushButton")) {
        const parts = [button, ...button.querySelectorAll("*")];
        if (parts.some((el) => el.scrollWidth > el.clientWidth + 1)) {
          found.push(`layout: button "${button.textContent.trim()}" is cut off`);
        }
      }
      return found;
    }, card);
    const screenshot = path.join(outDir, `${name}.png`);
    await page.locator("#card").screenshot({ path: screenshot });
    if (warnings.length) failed += 1;
    process.stdout.write(JSON.stringify({ name, ok: warnings.length === 0, warnings, screenshot }) + "\n");
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
