/**
 * `npm run build`: writes the dashboard to `web/dist/` (index.html, app.js and gif-worker.js
 * minified, style.css, favicon, and Plotly copied from node_modules) for hosting the static files
 * elsewhere. The qlens
 * server does not use `web/dist/`: it builds the same bundle in memory at start, so it never serves
 * a stale one. This is a Node script (not browser code), so it may import the server's builder.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLOTLY_PATH, WEB_DIR, buildWebAssets } from '../src/server/web-bundle.ts';

const out = join(WEB_DIR, 'dist');
const assets = await buildWebAssets({ minify: true, sourcemap: false });
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'vendor'), { recursive: true });
writeFileSync(join(out, 'index.html'), assets.html);
writeFileSync(join(out, 'app.js'), assets.js);
writeFileSync(join(out, 'gif-worker.js'), assets.gifWorker);
writeFileSync(join(out, 'style.css'), assets.css);
writeFileSync(join(out, 'favicon.svg'), assets.favicon);
copyFileSync(PLOTLY_PATH, join(out, 'vendor', 'plotly.min.js'));
process.stdout.write(`wrote ${out} (app.js ${(assets.js.length / 1024).toFixed(1)} kB)\n`);
