// End-to-end: the built app (dist/, served by `cargo xtask test`) in the
// distribution's Chromium, driven through the DOM contract of the lesson
// player (data-testid attributes, hash routes).
//
// Run through `cargo xtask test`, which sets CTLAB_URL. By hand:
//   cargo xtask serve &  CTLAB_URL=http://127.0.0.1:8080/ node --test tests/e2e/
// playwright-core only: no browser download, ever (no `npx playwright install`).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.CTLAB_URL ?? 'http://127.0.0.1:8080/';
const OUT = process.env.CTLAB_E2E_OUT ?? fileURLToPath(new URL('../../target/e2e/', import.meta.url));
const CHROMIUM = process.env.CTLAB_CHROMIUM ?? '/usr/bin/chromium';
const CJK = /[\u4e00-\u9fff]/;
const TIMEOUT = 15_000;

let browser;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Playwright adds --headless and a fresh user-data-dir itself.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      '--disable-quic',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** Polls a locator's text until `ok` holds; fails with the last text seen. */
async function waitForText(locator, ok, what) {
  const deadline = Date.now() + TIMEOUT;
  let text;
  for (;;) {
    text = await locator.textContent({ timeout: TIMEOUT }).catch(() => undefined);
    if (text !== undefined && text !== null && ok(text)) return text;
    if (Date.now() > deadline) assert.fail(`${what}: last text was ${JSON.stringify(text)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('lesson player: open, step, type a command, switch language, reload', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });

  try {
    await page.goto(BASE_URL);

    // Home: the lesson list.
    const link = page.getByTestId('lesson-link').filter({ hasText: 'Welcome to ctlab' });
    await link.waitFor({ timeout: TIMEOUT });
    // The contract's `#/lesson/<id>`; a link straight to step 1 is as good.
    assert.match(await link.getAttribute('href'), /^#\/lesson\/welcome(\/1)?$/);
    await link.click();

    const title = page.getByTestId('step-title');
    const counter = page.getByTestId('step-counter');
    const prev = page.getByTestId('prev');
    const next = page.getByTestId('next');

    await waitForText(title, (t) => t.trim().startsWith('Step 1'), 'step 1 title');
    await waitForText(counter, (t) => t.trim().startsWith('1 / '), 'step 1 counter');
    assert.ok(await prev.isDisabled(), 'prev is disabled on step 1');

    await next.click();
    await waitForText(title, (t) => t.trim().startsWith('Step 2'), 'step 2 title');
    await waitForText(counter, (t) => t.trim().startsWith('2 / '), 'step 2 counter');
    assert.match(page.url(), /#\/lesson\/welcome\/2$/);

    const terminal = page.getByTestId('terminal');
    await terminal.waitFor({ state: 'visible', timeout: TIMEOUT });
    await waitForText(terminal, (t) => t.trim().length > 0, 'terminal transcript');

    await prev.click();
    await waitForText(title, (t) => t.trim().startsWith('Step 1'), 'back to step 1');
    await next.click();
    await waitForText(title, (t) => t.trim().startsWith('Step 2'), 'forward to step 2');

    // The student types a command: the model runs it after the step's
    // transcript, in the same shell (the terminal's bash is PID 2).
    const input = page.getByTestId('term-input');
    await input.fill('echo "typed by $$"');
    await input.press('Enter');
    await waitForText(terminal, (t) => t.includes('echo "typed by $$"') && /\ntyped by 2\n/.test(t), 'typed command and its output');
    assert.equal(await input.inputValue(), '', 'the input line is cleared');
    await page.screenshot({ path: join(OUT, 'lesson-step2.png'), fullPage: true });

    const total = Number((await counter.textContent()).split('/')[1]);
    assert.ok(total >= 2, `the welcome lesson has at least two steps (counter says ${total})`);

    // 中文: step text and lesson title switch.
    await page.getByTestId('lang-zh').click();
    await waitForText(title, (t) => CJK.test(t), 'Chinese step title');
    await waitForText(page.locator('body'), (t) => t.includes('欢迎来到 ctlab'), 'Chinese lesson title');
    await page.screenshot({ path: join(OUT, 'lesson-step2-zh.png'), fullPage: true });

    // Reload: the language (localStorage) and the step (URL) are kept.
    await page.reload();
    await waitForText(title, (t) => CJK.test(t), 'Chinese kept after reload');
    await waitForText(counter, (t) => t.trim().startsWith('2 / '), 'step 2 kept after reload');
    assert.match(page.url(), /#\/lesson\/welcome\/2$/);
    await waitForText(terminal, (t) => /\ntyped by 2\n/.test(t), 'typed command replayed after reload');

    // Last step: next disabled.
    for (let step = 3; step <= total; step++) {
      await next.click();
      await waitForText(counter, (t) => t.trim().startsWith(`${step} / `), `step ${step} counter`);
    }
    await waitForText(counter, (t) => t.replace(/\s/g, '') === `${total}/${total}`, 'last step counter');
    assert.ok(await next.isDisabled(), 'next is disabled on the last step');
    assert.ok(!(await prev.isDisabled()), 'prev is enabled on the last step');

    // Home (`#/`) in 中文 lists the Chinese title.
    await page.goto(new URL('#/', BASE_URL).href);
    await waitForText(page.getByTestId('lesson-link').first(), (t) => CJK.test(t), 'Chinese lesson list');
  } catch (error) {
    await page.screenshot({ path: join(OUT, 'failure.png'), fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
});
