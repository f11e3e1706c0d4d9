/** The pages' stylesheet: system fonts, light and dark, readable tables; no web fonts, no images. */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --panel: #f6f8fa;
  --line: #d1d9e0; --bad: #cf222e; --good: #1a7f37; --warn: #9a6700; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117;
  --panel: #151b23; --line: #3d444d; --bad: #f85149; --good: #3fb950; --warn: #d29922; --accent: #4493f8; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 24px; font: 14px/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 16px 0 6px; }
a { color: var(--accent); } code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace;
  overflow-wrap: anywhere; }
.muted { color: var(--muted); } .bad { color: var(--bad); } .good { color: var(--good); }
.warn { color: var(--warn); }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600;
  color: #fff; background: var(--good); } .verdict.fail { background: var(--bad); }
.meta { color: var(--muted); margin: 4px 0 16px; }
.note { border-left: 4px solid var(--warn); background: var(--panel); padding: 8px 12px; margin: 12px 0; }
.empty { border: 1px dashed var(--line); padding: 24px; text-align: center; margin: 24px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; } td.num, th.num { text-align: right;
  font-variant-numeric: tabular-nums; white-space: nowrap; }
.interval { position: relative; height: 14px; min-width: 140px; background: var(--panel); border-radius: 2px; }
.interval .zero { position: absolute; top: 0; bottom: 0; width: 1px; background: var(--muted); }
.interval .ci { position: absolute; top: 4px; height: 6px; border-radius: 3px; background: var(--bad); opacity: .5; }
.interval .ci.good { background: var(--good); } .interval .pt { position: absolute; top: 2px; width: 3px;
  height: 10px; margin-left: -1px; background: var(--fg); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: var(--bg);
  min-width: 0; }
.card h3 { margin: 0 0 2px; font-size: 14px; } .card .id { color: var(--muted); font-size: 12px; }
.chart { min-height: 40px; } .chart-info { color: var(--muted); font-size: 12px; min-height: 18px; }
.steps { margin: 4px 0 0; padding-left: 18px; font-size: 12px; }
details > summary { cursor: pointer; margin: 8px 0; }
.flame { margin: 8px 0; } .flame svg { display: block; } .flame text { fill: #1f2328; pointer-events: none; }
.flame figcaption { font-size: 12px; }
.uplot .u-title { font-size: 13px; font-weight: 600; }
.u-legend { font-size: 12px; }
`
