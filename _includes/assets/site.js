// "/" focuses the search box (the search page's own, else the header's) unless typing in a field.
addEventListener("keydown",e=>{const t=e.target;if(e.key!="/"||e.ctrlKey||e.metaKey||e.altKey||t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))return;const b=["search-q","header-q"].map(i=>document.getElementById(i)).find(x=>x&&x.getClientRects().length);if(b){e.preventDefault();b.focus();b.select()}});
// Copy buttons (BibTeX): shown only where the clipboard works.
for(const b of document.querySelectorAll("[data-copy]"))if(navigator.clipboard){b.hidden=!1;b.onclick=()=>navigator.clipboard.writeText(document.getElementById(b.dataset.copy).textContent).then(()=>b.nextElementSibling.textContent="Copied.")}
// Theme toggle (header): hidden until here, so no dead button without JavaScript. Pressed = dark; the choice is stored for theme-init.js.
{const h=document.documentElement,b=document.querySelector(".theme-toggle"),m=matchMedia("(prefers-color-scheme: dark)"),s=()=>b.setAttribute("aria-pressed",(h.dataset.theme||(m.matches?"dark":"light"))=="dark");if(b){s();b.hidden=!1;m.addEventListener("change",s);b.onclick=()=>{h.dataset.theme=b.getAttribute("aria-pressed")=="true"?"light":"dark";try{localStorage.setItem("theme",h.dataset.theme)}catch(e){}s()}}}
// A display formula or a table wider than the notes scrolls within them (theme.css): a tab stop, so the keyboard can scroll it.
for(const s of document.querySelectorAll(".paper-notes :is(math[display=block],table)"))if(s.scrollWidth>s.clientWidth)s.tabIndex=0
