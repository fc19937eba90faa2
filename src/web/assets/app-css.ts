/** The site stylesheet (served at /static/app.css). Colours meet WCAG AA contrast on white. */
export const APP_CSS = `
:root { --fg:#1b1f24; --muted:#57606a; --bg:#fff; --panel:#f6f8fa; --line:#d0d7de; --link:#0550ae; --accent:#0b4f8a;
  --high:#a40e26; --medium:#8a4600; --low:#1a7f37; --info:#57606a; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:var(--bg); line-height:1.5; }
a { color:var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, [tabindex]:focus-visible { outline:3px solid #f0a000; outline-offset:2px; }
.skip { position:absolute; left:-999px; top:0; background:#fff; padding:.5rem; z-index:10; }
.skip:focus { left:.5rem; }
.sr { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
header.site { display:flex; flex-wrap:wrap; align-items:center; gap:1rem; padding:.6rem 1.2rem; background:#0d1117; color:#fff; }
header.site a { color:#fff; text-decoration:none; }
.brand { font-weight:700; font-size:1.15rem; } .brand span { font-weight:400; color:#c9d1d9; }
header nav ul { display:flex; flex-wrap:wrap; gap:.2rem 1rem; list-style:none; margin:0; padding:0; }
header nav a[aria-current="page"] { text-decoration:underline; text-underline-offset:4px; }
main { max-width:1320px; margin:0 auto; padding:1rem 1.2rem 3rem; overflow-wrap:anywhere; }
footer.site { border-top:1px solid var(--line); color:var(--muted); padding:.5rem 1.2rem; font-size:.85rem; }
h1 { font-size:1.6rem; line-height:1.25; margin:.5rem 0 1rem; overflow-wrap:anywhere; }
h2 { font-size:1.2rem; margin:1.6rem 0 .5rem; }
.lede, .muted, .meta { color:var(--muted); }
.ok { color:var(--low); font-weight:600; } .bad { color:var(--high); font-weight:600; }
.search { display:grid; gap:.75rem; background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:1rem; }
.search .q input { width:100%; font-size:1rem; padding:.5rem; }
.facets { display:grid; grid-template-columns:repeat(auto-fill, minmax(170px, 1fr)); gap:.5rem 1rem; border:0; padding:0; margin:0; }
.facets legend { font-weight:600; margin-bottom:.3rem; }
.facet label, .q label { display:block; font-size:.85rem; font-weight:600; }
.facet select { width:100%; padding:.3rem; }
button { font:inherit; padding:.4rem .9rem; border-radius:6px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; }
button:hover { background:#083b68; }
.cards { list-style:none; padding:0; margin:0; display:grid; gap:.75rem; }
.card article { border:1px solid var(--line); border-radius:8px; padding:.75rem 1rem; }
.card h2 { margin:0 0 .3rem; font-size:1.05rem; overflow-wrap:anywhere; }
.card p { margin:.3rem 0; overflow-wrap:anywhere; }
.badges { display:flex; flex-wrap:wrap; gap:.3rem; align-items:center; }
.badge { display:inline-block; font-size:.75rem; padding:.05rem .45rem; border-radius:999px; border:1px solid var(--line); background:var(--panel); color:var(--fg); overflow-wrap:anywhere; }
.badge-high { background:#ffebe9; color:var(--high); border-color:#ffcecb; font-weight:700; }
.badge-medium { background:#fff8c5; color:var(--medium); border-color:#eac54f; font-weight:700; }
.badge-low { background:#dafbe1; color:var(--low); border-color:#aceebb; }
.badge-info { color:var(--info); }
.badge-lang { background:#ddf4ff; color:#0a3069; }
.badge-tech { background:#fbefff; color:#6e2c8f; }
.badge-table { background:#eef1f4; }
.badge-source { background:#fff1e5; color:#7c3a00; }
.badge-alert { background:var(--high); color:#fff; border-color:var(--high); }
.crumbs { display:flex; justify-content:space-between; gap:1rem; }
h3 { font-size:1rem; margin:1rem 0 .4rem; display:flex; flex-wrap:wrap; gap:.4rem; align-items:center; }
.hypothesis { font-size:1.02rem; }
.facts { display:grid; grid-template-columns:max-content 1fr; gap:.2rem 1rem; margin:.5rem 0; font-size:.9rem; }
.facts dt { font-weight:600; color:var(--muted); } .facts dd { margin:0; }
.assess { display:grid; grid-template-columns:repeat(auto-fit, minmax(280px, 1fr)); gap:.5rem 1.5rem; }
.assess h3 { margin-top:.25rem; }
.reasons { margin:.25rem 0; padding-left:1.2rem; }
.attack li { margin:.4rem 0; }
.flags { list-style:none; padding:0; margin:0; } .flags li { margin:.2rem 0; }
.flag-kind { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:.8rem; }
.exclusions code { font-size:.8rem; }
.exclusions th[scope="row"] { width:22%; } .exclusions th[scope="row"] .muted { font-weight:400; }
.exclusions td:nth-child(3) { min-width:9.5rem; }
.exc-toggle { margin:.3rem 0 0; } .exc-toggle button { padding:.15rem .6rem; font-size:.8rem; }
.badge-plain { background:var(--panel); }
.badge-tag { background:#f6f8fa; }
.provenance { border-left:4px solid #bf8700; background:#fff8c5; padding:.5rem 1rem; border-radius:4px; margin:1rem 0; }
.provenance p { margin:.25rem 0; }
pre { background:var(--panel); border:1px solid var(--line); border-radius:6px; padding:.75rem; overflow:auto; font-size:.875rem; line-height:1.45; }
code, pre, textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.k-kw { color:#8250df; font-weight:600; } .k-fn { color:#0550ae; } .k-str { color:#0a3069; background:#eaf5ff; }
.k-num, .k-lit { color:#953800; } .k-op { color:#cf222e; } .k-cmt { color:#57606a; font-style:italic; } .k-bad { color:#fff; background:var(--high); }
mark.diag { background:transparent; color:inherit; text-decoration:underline wavy; text-decoration-thickness:1px; }
mark.diag-error { text-decoration-color:#cf222e; background:#ffebe9; } mark.diag-warning { text-decoration-color:#bf8700; } mark.diag-info { text-decoration-color:#0969da; }
.diags { list-style:none; padding:0; } .diags li { padding:.3rem .5rem; border-left:4px solid var(--line); margin:.25rem 0; background:var(--panel); }
.diags .diag-error { border-color:#cf222e; } .diags .diag-warning { border-color:#bf8700; }
.scroll { overflow-x:auto; position:relative; }
table.grid { border-collapse:collapse; width:100%; font-size:.875rem; }
table.grid caption { text-align:left; color:var(--muted); padding:.25rem 0; }
table.grid th, table.grid td { border:1px solid var(--line); padding:.3rem .5rem; text-align:left; vertical-align:top; overflow-wrap:break-word; }
table.grid thead th { background:var(--panel); }
.type { font-weight:400; color:var(--muted); font-size:.75rem; }
.triage { display:flex; gap:.3rem; align-items:center; flex-wrap:wrap; } .triage button { padding:.15rem .5rem; }
.toggles fieldset { border:1px solid var(--line); border-radius:6px; display:flex; flex-wrap:wrap; gap:1rem; }
.toggles { display:flex; flex-wrap:wrap; gap:1rem; align-items:center; }
.matrix-wrap { overflow-x:auto; border:1px solid var(--line); border-radius:6px; }
.matrix { display:grid; grid-template-columns:repeat(14, minmax(0, 1fr)); gap:2px; min-width:1080px; }
.tactic { min-width:0; }
.tactic h2 { font-size:.62rem; letter-spacing:-.01em; margin:0; padding:.3rem .2rem; background:#0d1117; color:#fff; min-height:3.4em; line-height:1.2; overflow-wrap:anywhere; hyphens:auto; }
.tactic h2 small { display:block; font-weight:400; color:#c9d1d9; }
.tactic ul { list-style:none; margin:0; padding:0; }
.cell { display:flex; justify-content:space-between; gap:.2rem; font-size:.64rem; line-height:1.2; padding:.18rem .25rem; border-bottom:1px solid #eee; color:var(--fg); text-decoration:none; overflow-wrap:anywhere; hyphens:auto; }
.cell span { min-width:0; }
.cell.heat-0 { color:#6e7781; } .cell.heat-0 b { display:none; }
.cell:not(.heat-0) { font-weight:600; border-left:4px solid #0b4f8a; }
.cell b { flex:none; }
.cell.sel { outline:3px solid #f0a000; outline-offset:-3px; }
.heat-0 { background:#fff; } .heat-1 { background:#cfe8ff; } .heat-2 { background:#8cc4f5; }
.heat-3 { background:#3d8fd6; color:#fff; } .heat-4 { background:#0b4f8a; color:#fff; }
.swatch { padding:0 .4rem; border:1px solid var(--line); font-size:.8rem; }
.timeline { margin:0; } .tl-scroll { overflow-x:auto; }
.timeline svg { width:100%; height:auto; background:var(--panel); border:1px solid var(--line); border-radius:6px; }
.tl-label { font-size:12px; fill:var(--fg); } .tl-axis { font-size:11px; fill:var(--muted); } .tl-bar { fill:var(--accent); }
.tl-multi { fill-opacity:.45; }
.tl-grid { stroke:#d0d7de; stroke-dasharray:3 3; } .tl-axisline { stroke:#57606a; } .tl-sep { stroke:#d0d7de; }
.tl-true_positive { fill:var(--high); } .tl-benign, .tl-false_positive { fill:#8c959f; }
.pager { display:flex; flex-wrap:wrap; gap:.6rem; align-items:center; margin:1rem 0; }
.pager a, .pager strong { padding:.15rem .5rem; border:1px solid var(--line); border-radius:6px; text-decoration:none; }
.pager strong { background:var(--accent); color:#fff; border-color:var(--accent); }
.badge-state-new { background:#ddf4ff; color:#0a3069; } .badge-state-true_positive { background:#ffebe9; color:var(--high); font-weight:700; }
.badge-state-benign, .badge-state-false_positive { background:#eef1f4; color:var(--muted); }
a.badge { text-decoration:none; }
.bulk { display:flex; flex-wrap:wrap; gap:.4rem .6rem; align-items:center; border:1px solid var(--line); border-radius:8px; padding:.5rem .75rem; margin:.75rem 0; background:var(--panel); }
.bulk legend { font-weight:600; padding:0 .25rem; } .bulk label { font-size:.85rem; font-weight:600; }
.bulk input.wide { min-width:14rem; flex:1; }
table.inbox td, table.inbox th { white-space:nowrap; overflow-wrap:normal; }
table.inbox td:nth-child(2) { white-space:normal; min-width:13rem; }
table.inbox td:nth-child(5) { white-space:normal; min-width:8rem; }
table.inbox time { white-space:normal; }
.dup { font-size:.8rem; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.facet.check { display:flex; align-items:end; } .facet.check label { font-weight:400; }
.facet input[type="date"] { width:100%; padding:.25rem; }
.triage-full { display:grid; grid-template-columns:repeat(auto-fit, minmax(12rem, 1fr)); gap:.5rem 1rem; align-items:end; }
.triage-full label { display:block; font-size:.85rem; font-weight:600; }
.triage-full .wide { grid-column:1 / -1; } .triage-full textarea, .triage-full input, .triage-full select { width:100%; font:inherit; padding:.3rem; }
.history { padding-left:1.2rem; } .history li { margin:.2rem 0; }
.evidence dd code { display:inline-block; margin:0 .4rem .2rem 0; padding:0 .3rem; background:var(--panel); border:1px solid var(--line); border-radius:4px; white-space:pre-wrap; word-break:break-all; }
table.events td, table.events th { white-space:nowrap; overflow-wrap:normal; max-width:36rem; overflow:hidden; text-overflow:ellipsis; }
.progress-line { background:#ddf4ff; border-left:4px solid var(--accent); padding:.5rem .75rem; border-radius:4px; }
.run-form fieldset { border:1px solid var(--line); border-radius:8px; display:grid; gap:.5rem; padding:.75rem 1rem; justify-items:start; }
.run-form .facet { width:100%; max-width:40rem; } .run-form select { width:100%; padding:.3rem; }
.run-form p { margin:0; }
.data-choice { width:100%; max-width:48rem; }
.data-choice .choice { padding:.25rem 0; border-top:1px solid var(--line); } .data-choice .choice:first-of-type { border-top:0; }
.data-choice .choice > label { font-weight:600; display:block; }
.choice-detail { display:flex; flex-wrap:wrap; align-items:center; gap:.35rem .6rem; margin:.35rem 0 .2rem 1.6rem; }
.choice-detail label { font-size:.85rem; } .choice-detail input[type="number"] { width:7rem; }
.choice-detail input.wide { flex:1 1 18rem; min-width:0; } .choice-detail p { flex-basis:100%; }
.choice-detail .pair { display:inline-flex; align-items:center; gap:.35rem; }
td.data-label { overflow-wrap:anywhere; min-width:9rem; max-width:14rem; } .choice-detail .data-label { overflow-wrap:anywhere; }
.data-choice { justify-items:stretch; gap:0; }
@media (max-width: 600px) { .choice-detail { margin-left:1.2rem; } .data-choice { padding:.5rem .6rem; } }
.pg-layout { display:grid; grid-template-columns:minmax(0, 1fr) 16rem; gap:1.25rem; }
.pg-side h2 { font-size:1rem; margin:.5rem 0 .3rem; }
.qlist { list-style:none; padding:0; margin:0; font-size:.85rem; } .qlist li { display:flex; gap:.3rem; align-items:baseline; border-bottom:1px solid var(--line); padding:.2rem 0; }
button.linkish { background:none; border:0; color:var(--link); padding:0; text-align:left; cursor:pointer; font:inherit; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; max-width:100%; }
button.linkish.muted { color:var(--muted); }
button.secondary { background:#fff; color:var(--accent); }
.save-query { margin-left:1rem; white-space:nowrap; } .save-query input { padding:.35rem; width:9rem; }
.chart { position:relative; height:320px; margin:1rem 0; border:1px solid var(--line); border-radius:6px; padding:.5rem; }
.chart canvas { width:100% !important; height:280px !important; }
.chart figcaption { color:var(--muted); font-size:.8rem; }
table.results-grid { width:auto; min-width:50%; }
table.results-grid td { white-space:nowrap; overflow-wrap:normal; max-width:28rem; overflow:hidden; text-overflow:ellipsis; }
table.results-grid th { white-space:nowrap; overflow-wrap:normal; }
details { border:1px solid var(--line); border-radius:6px; padding:.4rem .75rem; margin:.5rem 0; }
summary { cursor:pointer; font-weight:600; }
.editor { position:relative; min-height:14rem; margin:.25rem 0 .5rem; }
.editor pre.overlay, .editor textarea { position:absolute; inset:0; margin:0; padding:.75rem; font-size:.9rem; line-height:1.45; white-space:pre-wrap; overflow-wrap:anywhere; overflow:auto; border:1px solid var(--line); border-radius:6px; }
.editor pre.overlay { pointer-events:none; }
.editor textarea { width:100%; height:100%; resize:vertical; background:transparent; color:transparent; caret-color:var(--fg); }
.editor textarea::selection { background:#b6d7ff; color:transparent; }
.pg-main, .pg-side { min-width:0; }
@media (max-width: 900px) { .pg-layout { grid-template-columns:minmax(0, 1fr); } }
@media (max-width: 700px) {
  main { padding:.75rem; } h1 { font-size:1.3rem; }
  /* Tables keep their columns and scroll sideways instead of squeezing words letter by letter. */
  .scroll table.grid { width:max-content; min-width:100%; }
  .scroll table.grid td, .scroll table.grid th { overflow-wrap:normal; word-break:normal; max-width:22rem; }
  .matrix-wrap .matrix { min-width:1080px; }
  .timeline svg { min-width:720px; }
  .save-query { display:block; margin:.5rem 0 0; }
  header.site { gap:.4rem 1rem; padding:.5rem .75rem; }
  .crumbs { flex-direction:column; }
  .facets { grid-template-columns:1fr 1fr; }
  .facts { grid-template-columns:1fr; }
}
@media (prefers-reduced-motion: reduce) { * { scroll-behavior:auto !important; } }
`;
