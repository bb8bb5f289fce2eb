// Drives Microsoft 365 Agents Playground's web UI as a Teams user would: in a group chat, log an action with
// /action, log one through the /action form, one from a colleague's message through the "Log as action" message
// action, then list them with /actions. Prints one JSON object of what the user
// saw; writes screenshots.   node playground-e2e.mjs http://127.0.0.1:PORT OUTPUT_DIR
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [url, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const seen = {};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(url, { waitUntil: "networkidle" });
  const groupChat = page.locator('button[aria-label="Group Chat"]').first();
  await groupChat.waitFor({ timeout: 30000 });
  await groupChat.click();
  // The compose box is a contenteditable element (its "Type a message..." is drawn by CSS).
  const box = page.locator('[contenteditable="true"]').first();

  // In a group chat the Playground, like Teams without RSC, delivers only messages that @mention the bot.
  async function send(text) {
    await box.click();
    await page.keyboard.type("@Test");
    await page.getByRole("menuitem", { name: /Test Bot/ }).first().click();
    await page.keyboard.type(" " + text);
    await page.keyboard.press("Enter");
  }

  await send("/action Share the Misinformation Toolkit with Forum members owner: Secretariat due: As soon as possible");
  await page.getByText("Action 1 logged").first().waitFor({ timeout: 20000 });
  seen.logged = true;
  await page.screenshot({ path: path.join(outDir, "playground-action.png") });

  await send("/action");
  await page.getByText("Log an action").last().waitFor({ timeout: 20000 });
  const form = page.locator(".ac-adaptiveCard").last();
  await form.locator("textarea, input[type=text]").first().fill("Invite a DARPL representative to the next meeting");
  await form.getByRole("button", { name: "Log action" }).click();
  await page.getByText("Action 2 logged").first().waitFor({ timeout: 20000 });
  seen.form = true;
  await page.screenshot({ path: path.join(outDir, "playground-form.png") });

  // A message to the others (not to the bot), then "Log as action" on it. The Playground does not read the app
  // manifest: its message menu asks for the command id and how the dialog is made (fetched from the app).
  await box.click();
  await page.keyboard.type("Owen to circulate the draft terms of reference by Friday");
  await page.keyboard.press("Enter");
  await page.getByText("Owen to circulate the draft terms of reference by Friday").last().hover();
  await page.locator('button[aria-label="Show more information"]').last().click();
  await page.getByRole("menuitem", { name: /Action Command/ }).first().click();
  const ask = page.locator("[role=dialog]").last();
  await ask.getByPlaceholder("Input command id or leave blanks").fill("logAsAction");
  await ask.getByText("Adaptive Cards").first().click();
  await ask.getByRole("button", { name: "Create" }).click();
  const dialog = page.locator("[role=dialog] .ac-adaptiveCard").last();
  await dialog.getByText("From a message by").waitFor({ timeout: 20000 });
  seen.dialog = await dialog.locator("input, textarea").evaluateAll((inputs) => inputs.map((input) => input.value));
  await page.screenshot({ path: path.join(outDir, "playground-log-as-action.png") });
  await dialog.getByRole("button", { name: "Log action" }).click();
  await page.getByText("Action 3 logged").first().waitFor({ timeout: 20000 });
  seen.messageAction = await page.locator(".ac-adaptiveCard").last().innerText();
  // Chaser answers submitAction with no response (Teams closes the dialog); the Playground instead logs "Invalid
  // response" and leaves the dialog open, empty: close it as the user would.
  const close = page.locator('[role=dialog] button[aria-label="Close"]');
  if (await close.count()) await close.last().click();

  await send("/actions");
  await page.getByText("3 open actions").first().waitFor({ timeout: 20000 });
  seen.listed = await page.locator(".ac-adaptiveCard").last().innerText();
  seen.brokenWords = [];
  await page.screenshot({ path: path.join(outDir, "playground-actions.png") });

  await send("/chasers");
  await page.getByText("Reminders due in the next 14 days").last().waitFor({ timeout: 20000 });
  seen.chasers = await page.locator(".ac-adaptiveCard").last().innerText();
  await page.screenshot({ path: path.join(outDir, "playground-chasers.png") });
  for (const card of await page.locator(".ac-adaptiveCard").all()) {
    seen.brokenWords.push(...(await brokenWords(card)));
  }
} catch (error) {
  seen.error = String(error).slice(0, 500);
  try { await browser.contexts()[0].pages()[0].screenshot({ path: path.join(outDir, "playground-failure.png") }); } catch {}
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen) + "\n");
process.exit(seen.error ? 1 : 0);

// Words too wide for their line are broken mid-word ("Perchenn|og"): list any, as a reader would see them.
async function brokenWords(card) {
  return card.evaluate((card) => {
    const measure = document.createElement("canvas").getContext("2d");
    const broken = [];
    for (const text of card.querySelectorAll(".ac-textBlock p, .ac-textRun")) {
      const line = text.matches("p") ? text : text.closest(".ac-richTextBlock");
      const font = getComputedStyle(text);
      measure.font = `${font.fontWeight} ${font.fontSize} ${font.fontFamily}`;
      for (const word of text.textContent.split(/\s+/)) {
        if (word && measure.measureText(word).width > line.clientWidth + 0.5) broken.push(word);
      }
    }
    return broken;
  });
}
