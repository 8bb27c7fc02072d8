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
`;
