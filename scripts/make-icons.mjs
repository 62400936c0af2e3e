#!/usr/bin/env node
// Renders resources/icon.svg to the PNGs the app and the packagers use, with Chromium (no extra tools).
// Run after editing the SVG: node scripts/make-icons.mjs. The PNGs are committed.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'resources', 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
async function render(size, file) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, omitBackground: true });
}
for (const s of [16, 24, 32, 48, 64, 128, 256, 512])
  await render(s, join(root, 'resources', 'build', 'icons', `${s}x${s}.png`));
await render(512, join(root, 'resources', 'build', 'icon.png'));
await render(256, join(root, 'resources', 'icon.png'));
await render(22, join(root, 'resources', 'tray.png'));
await browser.close();
console.log('icons written to resources/');
