/** The one stylesheet, served from the program at `@@file/style.css` (no CDN). */
export const STYLE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f5f6f8}
a{color:#1d5fbf}
header.top{background:#24324a;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header.top a{color:#fff;text-decoration:none;font-weight:600;font-size:1.1rem}
header.top form{margin-left:auto;display:flex;gap:.3rem}
.wrap{display:flex;gap:1rem;padding:1rem;align-items:flex-start}
nav.menu{flex:0 0 13rem;background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:.75rem}
nav.menu h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:#5a6477;margin:.8rem 0 .3rem}
nav.menu h2:first-child{margin-top:0}
nav.menu a{display:block;padding:.15rem 0}nav.menu a.inline{display:inline;text-transform:none}
nav.menu input[type=text],nav.menu input[type=password]{width:100%}
main{flex:1;min-width:0;background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:1rem 1.25rem}
h1{font-size:1.35rem;margin:0 0 .8rem}
h2{font-size:1.1rem}
.ok-message{background:#e7f6ea;border:1px solid #9fd3a9;padding:.5rem .75rem;border-radius:4px;white-space:pre-line}
.error-message{background:#fdecec;border:1px solid #eba3a3;padding:.5rem .75rem;border-radius:4px;white-space:pre-line}
table.list{border-collapse:collapse;width:100%}
table.list th,table.list td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e6e9ef;vertical-align:top}
table.list th{background:#eef1f6;font-size:.85rem}
table.list tr.group th{background:#f8f9fb;color:#24324a}
table.form{border-collapse:collapse;width:100%}
table.form th{text-align:right;width:9rem;padding:.35rem .6rem;vertical-align:top;font-weight:600;color:#3a4458}
table.form td{padding:.35rem .6rem}
input[type=text],input[type=password],input:not([type]),select,textarea{font:inherit;padding:.3rem .4rem;border:1px solid #b9c0cc;border-radius:4px;max-width:100%}
textarea{width:100%}
button,input[type=submit]{font:inherit;padding:.35rem .9rem;border:1px solid #1d5fbf;background:#1d5fbf;color:#fff;border-radius:4px;cursor:pointer}
.messages article{border:1px solid #e1e5ec;border-radius:4px;margin:.6rem 0}
.messages header{background:#f3f5f9;padding:.3rem .6rem;font-size:.85rem;color:#4a5468}
.messages pre,.messages .msgtext{margin:0;padding:.6rem;white-space:pre-wrap;word-wrap:break-word;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace}
.pager{margin:.75rem 0;display:flex;gap:1rem}
.count{color:#5a6477;font-size:.9rem}
.collision td.theirs{background:#fff4d6}
details.quoted{color:#5a6477}details.quoted summary{cursor:pointer;font-family:system-ui,sans-serif;font-size:.85rem}
footer{padding:0 1rem 1rem;color:#7a8396;font-size:.8rem}
@media (max-width:700px){.wrap{flex-direction:column;padding:.5rem}nav.menu{flex:none;width:100%}
 main{padding:.75rem;width:100%}nav.menu{order:2}
 table.form,table.form tbody,table.form tr{display:block;width:100%}
 table.form th{width:auto;text-align:left;display:block;padding-bottom:0}
 table.form td{display:block}table.form input[type=text],table.form textarea{width:100%}table.list{font-size:.85rem}table.list{display:block;overflow-x:auto}}
/* Islands, accessibility and the phone layout */
footer{color:#5a6477}
.island{display:contents}
html[data-islands=ready] .classhelp{display:none}
.skip{position:absolute;left:-999px;top:0;background:#fff;color:#1d5fbf;padding:.4rem .8rem;z-index:10}
.skip:focus{left:.5rem}
:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
header.top .home{display:flex;align-items:center;gap:.5rem}
header.top .logo{height:28px;width:auto}
.quick-search{margin-left:auto}
.quick-search input{width:16rem;max-width:60vw;border:1px solid #5a6b88;background:#33425e;color:#fff;border-radius:4px;padding:.3rem .5rem;font:inherit}
.quick-search input::placeholder{color:#c9d2e3}
.count .live-badge{color:#15803d;font-weight:600}
table.list tr.kb-current td{background:#fff7d6}
.picker{position:relative;display:inline-block;max-width:100%}
.suggestions{position:absolute;z-index:5;left:0;top:100%;min-width:100%;margin:2px 0 0;padding:0;list-style:none;background:#fff;border:1px solid #b9c0cc;border-radius:4px;box-shadow:0 4px 12px #0002;max-height:16rem;overflow:auto}
.suggestions li{padding:.3rem .6rem;cursor:pointer;white-space:nowrap}
.suggestions li[aria-selected=true],.suggestions li:hover{background:#1d5fbf;color:#fff}
.suggestions small{opacity:.75}
.chips{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;margin:0 0 .3rem;padding:0}
.chips li{background:#e8eefb;border:1px solid #b8c8ea;border-radius:999px;padding:.1rem .2rem .1rem .6rem;display:flex;align-items:center;gap:.2rem}
.chips .chip-remove{background:none;border:0;color:#1d2330;padding:0 .35rem;font-size:1rem;line-height:1}
.date-field output{display:block;font-size:.85rem;margin-top:.2rem;min-height:1.2em}
.date-field .date-ok{color:#15803d}
.date-field .date-bad{color:#b91c1c}
.note-preview .preview{border:1px dashed #b9c0cc;border-radius:4px;padding:.2rem .8rem;margin-top:.5rem}
.note-preview h3{font-size:.8rem;text-transform:uppercase;color:#5a6477;margin:.4rem 0}
.markdown{padding:.2rem .8rem;overflow-wrap:anywhere}
.markdown pre{background:#f3f5f9;padding:.5rem;overflow:auto}
.shortcuts{position:fixed;right:1rem;bottom:1rem;z-index:20;background:#fff;border:1px solid #b9c0cc;border-radius:6px;box-shadow:0 6px 24px #0003;padding:.5rem 1rem;max-width:90vw}
.shortcuts[hidden]{display:none}
.shortcuts dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem}
.shortcuts dd{margin:0}
kbd{font:12px ui-monospace,monospace;border:1px solid #b9c0cc;border-bottom-width:2px;border-radius:3px;padding:0 .3rem;background:#f5f6f8;color:#1d2330}
.open-chart{margin:0 0 1rem}
.open-chart figcaption{font-weight:600;margin-bottom:.3rem}
.open-chart .chart{width:100%;min-height:1px}
.chart-table caption{text-align:left;color:#5a6477;font-size:.85rem}
.timeline{list-style:none;padding:0;margin:.5rem 0}
.timeline .day h3{font-size:.9rem;margin:.8rem 0 .3rem;color:#3a4458}
.timeline ol{list-style:none;margin:0;padding:0 0 0 1rem;border-left:2px solid #c9d2e3}
.timeline .event{position:relative;padding:.2rem 0 .4rem .6rem}
.timeline .event::before{content:"";position:absolute;left:-1.42rem;top:.55rem;width:.7rem;height:.7rem;border-radius:50%;background:#1d5fbf;border:2px solid #fff}
.timeline .event.create::before{background:#15803d}
.timeline .event.retired::before{background:#b91c1c}
.timeline .when{color:#5a6477;font-variant-numeric:tabular-nums}
.timeline .what{color:#3a4458;font-size:.9rem;overflow-wrap:anywhere}
@media (max-width:700px){header.top{padding:.5rem}.quick-search{margin-left:0;width:100%}.quick-search input{width:100%;max-width:none}
 .pager{flex-wrap:wrap}.shortcuts{left:.5rem;right:.5rem}}
@media (prefers-color-scheme:dark){
 :root{color-scheme:dark}
 body{background:#12161f;color:#e3e7ef}
 a{color:#8ab4ff}
 header.top{background:#0b1220}
 nav.menu,main{background:#1b2130;border-color:#2e3648}
 nav.menu h2,.count,.note-preview h3,.chart-table caption,.timeline .when{color:#a7b0c2}
 table.list th{background:#242c3d}
 table.list th,table.list td{border-bottom-color:#2e3648}
 table.list tr.group th{background:#202738;color:#e3e7ef}
 table.list tr.kb-current td{background:#3a3417}
 table.form th,.timeline .day h3,.timeline .what{color:#c3cad8}
 input[type=text],input[type=password],input[type=search],input:not([type]),select,textarea{background:#12161f;color:#e3e7ef;border-color:#4a556b}
 button,input[type=submit]{background:#2f6fd6;border-color:#2f6fd6}
 .messages article{border-color:#2e3648}
 .messages header{background:#242c3d;color:#c3cad8}
 .ok-message{background:#12331d;border-color:#2f7a45}
 .error-message{background:#3a1616;border-color:#8a3434}
 .collision td.theirs{background:#3a3417}
 .suggestions,.shortcuts{background:#1b2130;border-color:#4a556b}
 .chips li{background:#242f48;border-color:#3d4f78}
 .chips .chip-remove{color:#e3e7ef}
 .markdown pre{background:#242c3d}
 kbd{background:#242c3d;color:#e3e7ef;border-color:#4a556b}
 .date-field .date-ok,.count .live-badge{color:#4ade80}
 .date-field .date-bad{color:#f87171}
 .timeline ol{border-left-color:#3d4f78}
 .timeline .event::before{border-color:#1b2130}
 footer{color:#a7b0c2}
}
`;
